from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "polku.casework"
    label = "casework"
    verbose_name = "Polku: client relationships"
