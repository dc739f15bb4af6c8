"""The access log's hash chain (nullable until filled in) and break-glass reviews as rows.

The log's triggers are removed first and installed last: SQLite drops a table's triggers
when a migration rebuilds it (polku/access/triggers.py). This also installs SQLite's new
DELETE trigger.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from polku.access import triggers


def remove_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.remove(schema_editor.connection)


def install_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0007_transfer_and_existence_check"),
        ("clients", "0005_fill_name_words"),
        ("core", "0002_organisation_public_holidays_off_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(remove_triggers, install_triggers),
        migrations.CreateModel(
            name="AccessLogChain",
            fields=[
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="core.organisation",
                    ),
                ),
                ("seq", models.BigIntegerField(default=0)),
                (
                    "head_hash",
                    models.CharField(
                        default="0000000000000000000000000000000000000000000000000000000000000000",
                        max_length=64,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="BreakGlassReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reviewer_name", models.CharField(max_length=300)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("note", models.TextField(blank=True, verbose_name="review note")),
            ],
            options={
                "ordering": ["at", "pk"],
            },
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="breakglass",
            index=models.Index(fields=["worker", "opened_at"], name="access_brea_worker__f2fdd8_idx"),
        ),
        migrations.AddField(
            model_name="breakglassreview",
            name="break_glass",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="reviews", to="access.breakglass"
            ),
        ),
        migrations.AddField(
            model_name="breakglassreview",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="core.organisation"
            ),
        ),
        migrations.AddField(
            model_name="breakglassreview",
            name="reviewer",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
