from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "polku.clients"
    label = "clients"
    verbose_name = "Polku: client register"

    def ready(self) -> None:
        from polku.clients import bases  # noqa: F401  registers the team transfer basis with the gate
