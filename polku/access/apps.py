from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "polku.access"
    label = "access"
    verbose_name = _("Access and the access log")

    def ready(self) -> None:
        from polku.access.triggers import on_connection_created

        # Gives SQLite connections the function the log's DELETE trigger asks (triggers.py).
        connection_created.connect(on_connection_created, dispatch_uid="polku_access_log_wipe")
