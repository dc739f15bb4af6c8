from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "polku.intake"
    label = "intake"
    verbose_name = _("Intake and distribution")

    def ready(self) -> None:
        from polku.intake import bases  # noqa: F401  registers the intake path's bases with the gate
