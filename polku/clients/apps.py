from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "polku.clients"
    label = "clients"
    verbose_name = "Polku: client register"
