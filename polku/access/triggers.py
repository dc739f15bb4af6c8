"""Database triggers that keep the access log append-only below the ORM.

PostgreSQL refuses UPDATE and DELETE on the log by a row trigger; Django's flush empties the
table there with TRUNCATE, which row triggers do not see.

SQLite refuses UPDATE by trigger, and DELETE unless the connection running the statement says
`polku_access_log_wipe()` is 1. That SQL function exists only on connections opened by Polku
(registered in AccessConfig.ready) and answers 1 only inside `log_wipe_permitted`, which only
the `flush` command uses: Django's test runner empties SQLite tables with DELETE between
transactional tests, and `flush` empties the log on PostgreSQL too. The permission lives in
the memory of one process and one connection, so nothing stored in the database can turn the
trigger off, and any other connection (the sqlite3 shell, another program) is refused: there
the function does not exist and the DELETE fails.

SQLite drops a table's triggers when a migration rebuilds the table (as AlterField and
AddConstraint do there), so a migration that changes the log table removes the triggers first
and installs them again last, with `remove` and `install` below. The tests check that both
refusals work on the migrated database.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "access_accesslogentry"
WIPE_FUNCTION = "polku_access_log_wipe"
MESSAGE = "the access log is append-only"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION polku_access_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION polku_access_log_append_only();
"""
POSTGRESQL_REMOVE = f"""
DROP TRIGGER IF EXISTS access_log_no_update ON {TABLE};
DROP FUNCTION IF EXISTS polku_access_log_append_only();
"""
SQLITE = [
    f"""CREATE TRIGGER access_log_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER access_log_no_delete BEFORE DELETE ON {TABLE}
WHEN {WIPE_FUNCTION}() IS NOT 1
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS access_log_no_update;",
    "DROP TRIGGER IF EXISTS access_log_no_delete;",
]


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _execute(connection, [POSTGRESQL])
    elif connection.vendor == "sqlite":
        _execute(connection, SQLITE)


def remove(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _execute(connection, [POSTGRESQL_REMOVE])
    elif connection.vendor == "sqlite":
        _execute(connection, SQLITE_REMOVE)


def _register_wipe_function(connection: BaseDatabaseWrapper, allowed: bool) -> None:
    # Not deterministic: SQLite must ask again on every DELETE.
    connection.connection.create_function(WIPE_FUNCTION, 0, lambda: int(allowed))


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Every SQLite connection of Polku knows the function, answering 0, so that a refused
    DELETE says why instead of 'no such function'."""
    if connection.vendor == "sqlite":
        _register_wipe_function(connection, allowed=False)


@contextmanager
def log_wipe_permitted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Let this connection empty the access log (SQLite), for `flush` only."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    _register_wipe_function(connection, allowed=True)
    try:
        yield
    finally:
        if connection.connection is not None:
            _register_wipe_function(connection, allowed=False)
