from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "polku.access"
    label = "access"
    verbose_name = "Polku: access and access log"
