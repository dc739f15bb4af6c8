from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "polku.casework"
    label = "casework"
    verbose_name = _("Client relationships")

    def ready(self) -> None:
        from polku.casework import bases  # noqa: F401  registers the casework bases with the gate
