"""Link the rows written before the hash chain into it, oldest first, and make each earlier
break-glass review a BreakGlassReview row.

The triggers refuse the UPDATE that fills in the chain, so they are removed for this
migration's transaction and installed again at its end.
"""

from django.db import migrations

from polku.access import triggers
from polku.access.chain import GENESIS, entry_hash

BATCH = 5000
FIELDS = ("pk", "at", "worker_id", "worker_name", "worker_title", "client_id", "view", "basis")


def _flush(cursor, table, rows):  # type: ignore[no-untyped-def]
    cursor.executemany(f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s", rows)  # noqa: S608
    rows.clear()


def link_existing_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("access", "AccessLogEntry")
    chain_model = apps.get_model("access", "AccessLogChain")
    connection = schema_editor.connection
    table = connection.ops.quote_name(entry_model._meta.db_table)
    organisation_ids = entry_model.objects.order_by().values_list("organisation_id", flat=True).distinct()
    for organisation_id in list(organisation_ids):
        seq, prev_hash, pending = 0, GENESIS, []
        rows = (
            entry_model.objects.filter(organisation_id=organisation_id)
            .order_by("at", "pk")
            .values_list(*FIELDS)
            .iterator(chunk_size=BATCH)
        )
        with connection.cursor() as cursor:
            for pk, at, worker_id, worker_name, worker_title, client_id, view, basis in rows:
                seq += 1
                digest = entry_hash(
                    organisation_id=organisation_id,
                    seq=seq,
                    at=at,
                    worker_id=worker_id,
                    worker_name=worker_name,
                    worker_title=worker_title,
                    client_id=client_id,
                    view=view,
                    basis=basis,
                    prev_hash=prev_hash,
                )
                pending.append((seq, prev_hash, digest, pk))
                prev_hash = digest
                if len(pending) >= BATCH:
                    _flush(cursor, table, pending)
            if pending:
                _flush(cursor, table, pending)
        chain_model.objects.create(organisation_id=organisation_id, seq=seq, head_hash=prev_hash)


def unlink_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("access", "AccessLogChain").objects.all().delete()
    table = schema_editor.connection.ops.quote_name("access_accesslogentry")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET seq = NULL, prev_hash = NULL, hash = NULL")  # noqa: S608


def copy_reviews(apps, schema_editor):  # type: ignore[no-untyped-def]
    opening_model = apps.get_model("access", "BreakGlass")
    review_model = apps.get_model("access", "BreakGlassReview")
    reviewed = opening_model.objects.filter(reviewed_at__isnull=False).select_related("reviewed_by")
    review_model.objects.bulk_create(
        review_model(
            organisation_id=opening.organisation_id,
            break_glass=opening,
            reviewer=opening.reviewed_by,
            reviewer_name=(
                f"{opening.reviewed_by.first_name} {opening.reviewed_by.last_name}".strip()
                or opening.reviewed_by.username
            )
            if opening.reviewed_by
            else "",
            at=opening.reviewed_at,
            note=opening.review_note,
        )
        for opening in reviewed.iterator()
    )


def uncopy_reviews(apps, schema_editor):  # type: ignore[no-untyped-def]
    opening_model = apps.get_model("access", "BreakGlass")
    review_model = apps.get_model("access", "BreakGlassReview")
    # Only the first review fits in the old fields.
    for review in review_model.objects.order_by("-at", "-pk"):
        opening_model.objects.filter(pk=review.break_glass_id).update(
            reviewed_by_id=review.reviewer_id, reviewed_at=review.at, review_note=review.note
        )
    review_model.objects.all().delete()


def remove_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.remove(schema_editor.connection)


def install_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("access", "0008_access_log_chain_and_reviews")]

    operations = [
        migrations.RunPython(remove_triggers, install_triggers),
        migrations.RunPython(link_existing_rows, unlink_rows),
        migrations.RunPython(copy_reviews, uncopy_reviews),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
