from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "polku.intake"
    label = "intake"
    verbose_name = "Polku: intake and distribution"
