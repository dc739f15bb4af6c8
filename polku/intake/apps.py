from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "polku.intake"
    label = "intake"
    verbose_name = "Polku: intake and distribution"

    def ready(self) -> None:
        from polku.intake import bases  # noqa: F401  registers the intake path's bases with the gate
