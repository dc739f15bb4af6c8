from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "polku.codes"
    label = "codes"
    verbose_name = "Polku: national code sets"
