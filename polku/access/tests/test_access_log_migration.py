"""The migration that introduces the hash chain links the rows written before it, and
turns earlier break-glass reviews into review rows."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from polku.access.chain import GENESIS
from polku.access.models import AccessLogChain, AccessLogEntry, BreakGlassReview
from polku.clients.models import Client
from polku.core.models import Worker

BEFORE = [("access", "0007_transfer_and_existence_check")]
AFTER = [("access", "0010_access_log_chain_required")]


def _migrate(target: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_earlier_rows_are_linked_oldest_first_and_reviews_kept(
    lead: Worker, social_worker: Worker, client_of_team: Client, outsider: Worker
) -> None:
    old = _migrate(BEFORE)
    try:
        entry_model = old.get_model("access", "AccessLogEntry")
        now = timezone.now()
        for minutes, worker, client_id in [
            (5, lead, client_of_team.pk),
            (30, social_worker, client_of_team.pk),
            (10, outsider, Client.objects.get(organisation=outsider.organisation).pk),
            (20, lead, client_of_team.pk),
        ]:
            entry_model.objects.create(
                organisation_id=worker.organisation_id,
                at=now - timedelta(minutes=minutes),
                worker_id=worker.pk,
                worker_name=str(worker),
                client_id=client_id,
                view="client_page",
                basis="team_lead",
            )
        old.get_model("access", "BreakGlass").objects.create(
            organisation_id=lead.organisation_id,
            worker_id=social_worker.pk,
            client_id=client_of_team.pk,
            reason="Kiireellinen tilanne, tarvitsin yhteystiedot.",
            opened_at=now - timedelta(days=1),
            expires_at=now,
            reviewed_by_id=lead.pk,
            reviewed_at=now - timedelta(hours=1),
            review_note="Asiallinen.",
        )
    finally:
        _migrate(AFTER)

    ours = AccessLogEntry.objects.filter(organisation=lead.organisation).order_by("seq")
    assert [(e.seq, e.worker_id) for e in ours] == [(1, social_worker.pk), (2, lead.pk), (3, lead.pk)]
    assert ours[0].prev_hash == GENESIS
    assert AccessLogChain.objects.get(organisation=lead.organisation).head_hash == ours[2].hash
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    assert "OK: the access log is intact, 4 rows in 2 chain(s)." in out.getvalue()
    review = BreakGlassReview.objects.get()
    assert (review.reviewer, review.reviewer_name, review.note) == (lead, "Tiina Toivonen", "Asiallinen.")
    # The triggers are back after the table was rebuilt.
    for sql in ("UPDATE access_accesslogentry SET view = 'x'", "DELETE FROM access_accesslogentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLogEntry.objects.filter(view="client_page").count() == 4
