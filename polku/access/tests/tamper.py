"""Tampering with the access log as an attacker with database rights would: below the ORM,
with the append-only triggers out of the way for a moment."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from polku.access import triggers

TABLE = triggers.TABLE


@contextmanager
def triggers_off() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # ALTER TABLE is refused while the test's transaction has deferred foreign-key
            # checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER access_log_no_update")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER access_log_no_update")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        triggers.remove(connection)
        try:
            yield
        finally:
            triggers.install(connection)


def execute(sql: str, params: list[object]) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)
