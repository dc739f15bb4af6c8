"""The access log is append-only below the ORM too.

PostgreSQL refuses UPDATE and DELETE on the table by trigger (Django's test flush uses
TRUNCATE there, which row triggers do not see). SQLite refuses UPDATE by trigger; a DELETE
trigger would also refuse the test runner's flush, which on SQLite is a DELETE, so there the
ORM guard (AppendOnlyQuerySet) refuses deletion. In production the database role should also
lack UPDATE and DELETE on the table (docs/deploy.md).
"""

from django.db import migrations

TABLE = "access_accesslogentry"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION polku_access_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION polku_access_log_append_only();
"""
POSTGRESQL_REVERSE = f"""
DROP TRIGGER IF EXISTS access_log_no_update ON {TABLE};
DROP FUNCTION IF EXISTS polku_access_log_append_only();
"""
SQLITE = f"""
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS access_log_no_update;"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}.get(vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("access", "0003_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
