import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from polku.access.models import AccessLogEntry, Basis, View
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


def test_the_database_refuses_to_change_log_rows(lead: Worker, client_of_team: Client) -> None:
    entry = _log_row(lead, client_of_team)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_accesslogentry SET view = 'x' WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM access_accesslogentry WHERE id = %s", [entry.pk])
    assert AccessLogEntry.objects.get().view == View.CLIENT_PAGE


def test_the_log_names_the_reader_after_the_user_is_deleted(lead: Worker, client_of_team: Client) -> None:
    _log_row(lead, client_of_team)
    lead_id = lead.pk
    lead.delete()
    entry = AccessLogEntry.objects.get()
    assert entry.worker_id == lead_id
    assert entry.worker_name == "Tiina Toivonen"
