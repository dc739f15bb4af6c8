from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AccessConfig(AppConfig):
    name = "polku.access"
    label = "access"
    verbose_name = "Polku: access and access log"

    def ready(self) -> None:
        from polku.access.triggers import on_connection_created

        # Gives SQLite connections the function the log's DELETE trigger asks (triggers.py).
        connection_created.connect(on_connection_created, dispatch_uid="polku_access_log_wipe")
