from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "polku.network"
    label = "network"
    verbose_name = _("The client's network")

    def ready(self) -> None:
        from polku.network import bases  # noqa: F401  registers the consent bases with the gate
