from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "polku.clients"
    label = "clients"
    verbose_name = _("Client register")

    def ready(self) -> None:
        from polku.clients import bases  # noqa: F401  registers the team transfer basis with the gate
