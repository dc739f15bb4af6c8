import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from polku.access import triggers
from polku.access.gate import log_reads
from polku.access.models import AccessLogChain, AccessLogEntry, Basis, View
from polku.access.triggers import log_wipe_permitted
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def test_opening_a_client_writes_one_log_row(lead: Worker, client_of_team: Client) -> None:
    response = signed_in(lead).get(reverse("client_detail", args=[client_of_team.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.worker, entry.client_id, entry.view, entry.basis) == (
        lead,
        client_of_team.pk,
        View.CLIENT_PAGE,
        Basis.TEAM_LEAD,
    )
    assert entry.worker_name == "Tiina Toivonen"


def _log_row(lead: Worker, client: Client) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        organisation=lead.organisation,
        worker=lead,
        worker_name=str(lead),
        client=client,
        view=View.CLIENT_PAGE,
        basis=Basis.TEAM_LEAD,
    )


def test_the_application_cannot_change_or_delete_log_rows(lead: Worker, client_of_team: Client) -> None:
    entry = _log_row(lead, client_of_team)
    entry.view = View.SEARCH_RESULT
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(view=View.SEARCH_RESULT)
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().view == View.CLIENT_PAGE


def test_the_database_refuses_to_change_or_delete_log_rows(lead: Worker, client_of_team: Client) -> None:
    entry = _log_row(lead, client_of_team)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_accesslogentry SET view = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslogentry WHERE id = %s", [entry.pk])
    assert list(AccessLogEntry.objects.values_list("pk", "view")) == [(entry.pk, View.CLIENT_PAGE)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite DELETE trigger's permission")
def test_on_sqlite_only_the_flush_permission_lets_a_delete_through(
    lead: Worker, client_of_team: Client
) -> None:
    _log_row(lead, client_of_team)
    with log_wipe_permitted(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslogentry")
    assert not AccessLogEntry.objects.exists()
    entry = _log_row(lead, client_of_team)
    # The permission ends with the block.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accesslogentry")
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [entry.pk]


def test_on_sqlite_another_program_cannot_delete_log_rows(tmp_path: Path) -> None:
    """The sqlite3 shell or another program lacks Polku's function: the DELETE fails."""
    with closing(sqlite3.connect(tmp_path / "log.sqlite3")) as other:
        other.execute("CREATE TABLE access_accesslogentry (id INTEGER PRIMARY KEY)")
        for statement in triggers.SQLITE:
            other.execute(statement)
        other.execute("INSERT INTO access_accesslogentry (id) VALUES (1)")
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            other.execute("DELETE FROM access_accesslogentry")
        assert other.execute("SELECT count(*) FROM access_accesslogentry").fetchone() == (1,)


def test_flush_is_the_one_that_may_empty_the_log() -> None:
    # Django's test runner empties the database between transactional tests with `flush`.
    assert get_commands()["flush"] == "polku.access"


def test_a_log_write_costs_two_queries_more_however_many_rows(
    lead: Worker, client_of_team: Client, client_elsewhere: Client
) -> None:
    def statements(reads: list[tuple[Client, Basis]]) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            log_reads(worker=lead, reads=reads, view=View.SEARCH_RESULT)
        return [q["sql"].split()[0].upper() for q in queries.captured_queries]

    # The chain head's upsert (created with the first row, locked after), its new hash, the rows.
    expected = ["INSERT", "UPDATE", "INSERT"]
    assert statements([(client_of_team, Basis.TEAM_LEAD)]) == expected
    assert (
        statements([(client_of_team, Basis.TEAM_LEAD), (client_elsewhere, Basis.REGISTRAR)] * 10) == expected
    )
    assert statements([]) == []
    assert AccessLogEntry.objects.count() == 21
    assert AccessLogChain.objects.get(organisation=lead.organisation).seq == 21


def test_the_log_refuses_bulk_writes_that_could_skip_rows(lead: Worker, client_of_team: Client) -> None:
    entry = AccessLogEntry(
        organisation=lead.organisation,
        worker=lead,
        worker_name=str(lead),
        client=client_of_team,
        view=View.CLIENT_PAGE,
        basis=Basis.TEAM_LEAD,
    )
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.bulk_create([entry], ignore_conflicts=True)
    assert not AccessLogEntry.objects.exists()
    assert not AccessLogChain.objects.exists()


def test_the_log_names_the_reader_after_the_user_is_deleted(lead: Worker, client_of_team: Client) -> None:
    _log_row(lead, client_of_team)
    lead_id = lead.pk
    lead.delete()
    entry = AccessLogEntry.objects.get()
    assert entry.worker_id == lead_id
    assert entry.worker_name == "Tiina Toivonen"
