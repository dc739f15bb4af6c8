"""Every log row is now in its chain; earlier reviews are BreakGlassReview rows.

The triggers are removed first and installed last: SQLite rebuilds the table here.
"""

from django.conf import settings
from django.db import migrations, models

from polku.access import triggers


def remove_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.remove(schema_editor.connection)


def install_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0009_fill_access_log_chain"),
        ("clients", "0005_fill_name_words"),
        ("core", "0002_organisation_public_holidays_off_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_triggers, install_triggers),
        migrations.RemoveField(
            model_name="breakglass",
            name="review_note",
        ),
        migrations.RemoveField(
            model_name="breakglass",
            name="reviewed_at",
        ),
        migrations.RemoveField(
            model_name="breakglass",
            name="reviewed_by",
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="hash",
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.UniqueConstraint(
                fields=("organisation", "seq"), name="access_log_one_row_per_link"
            ),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
