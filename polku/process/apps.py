from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "polku.process"
    label = "process"
    verbose_name = "Polku: the team's process"
