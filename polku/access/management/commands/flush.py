"""Django's `flush`, allowed to empty the access log on SQLite too.

On PostgreSQL `flush` empties every table with TRUNCATE, which the log's row triggers do not
see; on SQLite it uses DELETE, which the log's trigger refuses unless the flushing connection
permits it (polku/access/triggers.py). Django's test runner flushes between transactional
tests (the browser tests), so the permission is needed there; an operator's `flush` is a
deliberate wipe of the whole database on either database.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from polku.access.triggers import log_wipe_permitted


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with log_wipe_permitted(connections[options["database"]]):
            super().handle(**options)
