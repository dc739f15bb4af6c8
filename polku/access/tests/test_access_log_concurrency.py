"""Two requests writing to the log at once must not both link to the same row."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from polku.access.gate import log_reads
from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client
from polku.core.models import Worker

WAIT = 30  # seconds, only so that a broken test ends instead of hanging


def _blocked_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_rows", [0, 2], ids=["first-rows-of-the-chain", "chain-under-way"])
def test_a_second_writer_waits_and_links_to_the_first(
    first_rows: int, lead: Worker, social_worker: Worker, client_of_team: Client
) -> None:
    for _ in range(first_rows):
        log_reads(worker=lead, reads=[(client_of_team, Basis.TEAM_LEAD)], view=View.CLIENT_PAGE)
    first_holds, first_may_commit = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                log_reads(worker=lead, reads=[(client_of_team, Basis.TEAM_LEAD)] * 2, view=View.CASE)
                first_holds.set()
                first_may_commit.wait(WAIT)
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_holds.wait(WAIT)
            log_reads(worker=social_worker, reads=[(client_of_team, Basis.TEAM_LEAD)], view=View.JOURNAL)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_holds.wait(WAIT)
    # The second writer is waiting for the first one's lock on the chain head.
    assert any(_blocked_on_a_lock() for _ in range(100_000))
    first_may_commit.set()
    for thread in threads:
        thread.join(WAIT)
    assert errors == []

    rows = list(AccessLogEntry.objects.order_by("seq").values_list("seq", "view", "prev_hash", "hash"))
    assert [(seq, view) for seq, view, _p, _h in rows[first_rows:]] == [
        (first_rows + 1, View.CASE),
        (first_rows + 2, View.CASE),
        (first_rows + 3, View.JOURNAL),
    ]
    assert rows[-1][2] == rows[-2][3]
    out = StringIO()
    call_command("verify_access_log", stdout=out)
    assert f"{first_rows + 3} rows in 1 chain(s)" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_leave_log_rows_behind(lead: Worker, client_of_team: Client) -> None:
    """After this test Django's flush empties the log (on SQLite with DELETE, which the
    trigger lets only flush do); if it could not, the next test would fail on leftovers."""
    log_reads(worker=lead, reads=[(client_of_team, Basis.TEAM_LEAD)], view=View.CLIENT_PAGE)
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_log_is_empty_after_the_flush_of_the_previous_test(lead: Worker) -> None:
    assert not AccessLogEntry.objects.exists()
