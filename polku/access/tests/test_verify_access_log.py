from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from polku.access.chain import GENESIS, entry_hash
from polku.access.models import AccessLogChain, AccessLogEntry, Basis, View
from polku.access.tests.tamper import execute
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import make_client

pytestmark = pytest.mark.django_db


def _write_log(worker: Worker, clients: list[Client]) -> list[AccessLogEntry]:
    return AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            organisation_id=client.organisation_id,
            worker=worker,
            worker_name=str(worker),
            client=client,
            view=View.CLIENT_PAGE,
            basis=Basis.TEAM_LEAD,
        )
        for client in clients
    )


@pytest.fixture
def log(lead: Worker, client_of_team: Client, client_elsewhere: Client) -> list[AccessLogEntry]:
    """Five rows in Järvilaakso's chain, written in two requests."""
    _write_log(lead, [client_of_team, client_elsewhere, client_of_team])
    _write_log(lead, [client_elsewhere, client_of_team])
    return list(AccessLogEntry.objects.filter(organisation=lead.organisation).order_by("seq"))


def verify() -> str:
    out = StringIO()
    call_command("verify_access_log", stdout=out, stderr=out)
    return out.getvalue()


def verify_broken() -> str:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("verify_access_log", stdout=out, stderr=out)
    assert error.value.returncode == 1
    return out.getvalue()


def _snapshot() -> list[tuple[object, ...]]:
    return list(AccessLogEntry.objects.order_by("pk").values_list("pk", "seq", "worker_name", "hash"))


def test_an_intact_log_verifies_with_its_row_count(log: list[AccessLogEntry], outsider: Worker) -> None:
    # The outsider's organisation has its own chain.
    _write_log(outsider, list(Client.objects.filter(organisation=outsider.organisation)))
    assert "OK: the access log is intact, 6 rows in 2 chain(s)." in verify()


def test_an_empty_log_verifies(db: None) -> None:
    assert "OK: the access log is intact, 0 rows in 0 chain(s)." in verify()


def test_each_row_is_numbered_and_linked_to_the_one_before(log: list[AccessLogEntry]) -> None:
    assert [entry.seq for entry in log] == [1, 2, 3, 4, 5]
    assert log[0].prev_hash == GENESIS
    assert all(entry.prev_hash == before.hash for before, entry in pairwise(log))
    last = log[-1]
    head = AccessLogChain.objects.get(organisation_id=last.organisation_id)
    assert (head.seq, head.head_hash) == (5, last.hash)
    assert last.hash == entry_hash(
        organisation_id=last.organisation_id,
        seq=5,
        at=last.at,
        worker_id=last.worker_id,
        worker_name=last.worker_name,
        worker_title=last.worker_title,
        client_id=last.client_id,
        view=last.view,
        basis=last.basis,
        prev_hash=log[3].hash,
    )


def test_an_edited_row_is_named(log: list[AccessLogEntry]) -> None:
    edited = log[2]
    execute("UPDATE access_accesslogentry SET worker_name = %s WHERE id = %s", ["Joku Muu", edited.pk])
    report = verify_broken()
    assert f"row id {edited.pk} (number 3) does not match its hash" in report
    assert "edited" in report


def test_a_deleted_row_is_named(log: list[AccessLogEntry]) -> None:
    execute("DELETE FROM access_accesslogentry WHERE id = %s", [log[1].pk])
    report = verify_broken()
    assert f"rows numbered 2 are missing before row id {log[2].pk} (number 3): deleted" in report


def test_rows_deleted_from_the_end_are_found_by_the_chains_head(log: list[AccessLogEntry]) -> None:
    execute("DELETE FROM access_accesslogentry WHERE id IN (%s, %s)", [log[3].pk, log[4].pk])
    assert "rows numbered 4–5 are missing at the end: deleted" in verify_broken()


def test_a_row_rewritten_with_a_fresh_hash_breaks_the_next_link(log: list[AccessLogEntry]) -> None:
    rewritten = log[1]
    forged = entry_hash(
        organisation_id=rewritten.organisation_id,
        seq=rewritten.seq,
        at=rewritten.at,
        worker_id=rewritten.worker_id,
        worker_name="Joku Muu",
        worker_title=rewritten.worker_title,
        client_id=rewritten.client_id,
        view=rewritten.view,
        basis=rewritten.basis,
        prev_hash=rewritten.prev_hash,
    )
    execute(
        "UPDATE access_accesslogentry SET worker_name = %s, hash = %s WHERE id = %s",
        ["Joku Muu", forged, rewritten.pk],
    )
    assert f"row id {log[2].pk} (number 3) does not link to row id {rewritten.pk}" in verify_broken()


def test_one_report_line_per_broken_chain(log: list[AccessLogEntry], outsider: Worker) -> None:
    other = _write_log(outsider, list(Client.objects.filter(organisation=outsider.organisation)))[0]
    execute("UPDATE access_accesslogentry SET view = %s WHERE id = %s", [View.SEARCH_RESULT.value, log[0].pk])
    execute("UPDATE access_accesslogentry SET view = %s WHERE id = %s", [View.SEARCH_RESULT.value, other.pk])
    report = verify_broken()
    assert report.count("BROKEN:") == 2
    assert f"organisation {other.organisation_id}: row id {other.pk}" in report


def test_the_triggers_are_back_after_tampering(log: list[AccessLogEntry]) -> None:
    execute("UPDATE access_accesslogentry SET worker_name = %s WHERE id = %s", ["Joku Muu", log[0].pk])
    before = _snapshot()
    for sql in ("UPDATE access_accesslogentry SET worker_name = 'x'", "DELETE FROM access_accesslogentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert _snapshot() == before


def test_the_verifier_reads_in_chunks(log: list[AccessLogEntry], org, team) -> None:
    clients = [make_client(org, team, 40 + n) for n in range(7)]
    _write_log(log[0].worker, clients)
    out = StringIO()
    call_command("verify_access_log", "--chunk-size", "3", stdout=out)
    assert "12 rows in 1 chain(s)" in out.getvalue()
