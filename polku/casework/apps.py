from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "polku.casework"
    label = "casework"
    verbose_name = "Polku: client relationships"

    def ready(self) -> None:
        from polku.casework import bases  # noqa: F401  registers the casework bases with the gate
