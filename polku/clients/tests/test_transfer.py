"""A client changes team only by a transfer that a lead of the receiving team accepts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.gate import bases_of
from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client, TeamTransfer
from polku.clients.services import transfer_answer, transfer_offer
from polku.core.models import ChangeRecord, Role, Team, Worker
from polku.personas import make_client, make_worker, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def koskela_lead(org, other_team: Team) -> Worker:
    return make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])


@pytest.fixture
def offered(lead: Worker, client_of_team: Client, other_team: Team) -> TeamTransfer:
    return transfer_offer(actor=lead, client=client_of_team, to_team=other_team, reason="Muutti Koskelaan.")


def test_the_receiving_lead_sees_only_the_basics_until_she_accepts(
    koskela_lead: Worker, offered: TeamTransfer, client_of_team: Client, lead: Worker
) -> None:
    bases = bases_of(koskela_lead)
    assert bases.for_client(client_of_team) == Basis.TRANSFER
    http = signed_in(koskela_lead)
    assert http.get(reverse("client_detail", args=[client_of_team.pk])).status_code == 200
    assert http.get(reverse("access_report", args=[client_of_team.pk])).status_code == 403
    assert http.get(reverse("client_transfer", args=[client_of_team.pk])).status_code == 403
    page = http.get(reverse("transfer_answer", args=[offered.pk])).content.decode()
    assert "Muutti Koskelaan." in page
    response = http.post(reverse("transfer_answer", args=[offered.pk]), {"accept": "yes"})
    assert response.status_code == 302
    client_of_team.refresh_from_db()
    assert client_of_team.team == offered.to_team
    # The team lead basis follows the client's team: the new lead has it, the old one not.
    assert bases_of(koskela_lead).for_client(client_of_team) == Basis.TEAM_LEAD
    assert bases_of(lead).for_client(client_of_team) is None
    record = ChangeRecord.objects.get(action="transfer")
    assert record.changes == {"team": ["Järvilaakson tiimi", "Koskelan tiimi"]}
    assert record.actor == koskela_lead


def test_both_leads_see_the_transfer_in_their_history(
    koskela_lead: Worker, offered: TeamTransfer, lead: Worker
) -> None:
    transfer_answer(actor=koskela_lead, transfer=offered, accept=True)
    for worker in (lead, koskela_lead):
        page = signed_in(worker).get(reverse("transfers")).content.decode()
        assert "Järvilaakson tiimi" in page and "Koskelan tiimi" in page
        assert "hyväksynyt Leena Lahti" in page
    # The old lead no longer has a basis: the history does not name the client.
    old = signed_in(lead).get(reverse("transfers")).content.decode()
    assert "Mäkelä" not in old
    assert "Mäkelä" in signed_in(koskela_lead).get(reverse("transfers")).content.decode()


def test_a_decline_needs_a_reason_and_changes_nothing(
    koskela_lead: Worker, offered: TeamTransfer, client_of_team: Client, team: Team
) -> None:
    http = signed_in(koskela_lead)
    response = http.post(reverse("transfer_answer", args=[offered.pk]), {"accept": "no"})
    assert response.status_code == 400
    offered.refresh_from_db()
    assert offered.is_pending
    http.post(reverse("transfer_answer", args=[offered.pk]), {"accept": "no", "reason": "Ei tilaa."})
    offered.refresh_from_db()
    client_of_team.refresh_from_db()
    assert (offered.decline_reason, client_of_team.team_id) == ("Ei tilaa.", team.pk)
    assert bases_of(koskela_lead).for_client(client_of_team) is None


def test_a_lead_cannot_accept_her_own_offer(
    org, team: Team, other_team: Team, client_of_team: Client
) -> None:
    both = make_worker(org, "maija_molempi", Role.TEAM_LEAD, [team, other_team])
    transfer = transfer_offer(actor=both, client=client_of_team, to_team=other_team, reason="Muutto.")
    with pytest.raises(PermissionDenied):
        transfer_answer(actor=both, transfer=transfer, accept=True)
    client_of_team.refresh_from_db()
    assert client_of_team.team_id == team.pk


def test_an_unanswered_transfer_lapses_with_its_basis(
    koskela_lead: Worker, offered: TeamTransfer, client_of_team: Client, settings, team: Team
) -> None:
    settings.HANDOVER_DAYS = 14
    TeamTransfer.objects.filter(pk=offered.pk).update(offered_at=timezone.now() - timedelta(days=15))
    assert bases_of(koskela_lead).for_client(client_of_team) is None
    assert signed_in(koskela_lead).get(reverse("transfer_answer", args=[offered.pk])).status_code == 404
    with pytest.raises(Http404):  # the lapsed offer no longer gives her any basis
        transfer_answer(actor=koskela_lead, transfer=offered, accept=True)
    client_of_team.refresh_from_db()
    assert client_of_team.team_id == team.pk


def test_only_the_lead_of_the_clients_team_offers_a_transfer(
    social_worker: Worker, own_client: Client, other_team: Team, koskela_lead: Worker, outsider: Worker
) -> None:
    data = {"to_team": other_team.pk, "reason": "Muutto."}
    url = reverse("client_transfer", args=[own_client.pk])
    assert signed_in(social_worker).post(url, data).status_code == 403  # wrong role
    assert signed_in(koskela_lead).post(url, data).status_code == 404  # no basis
    assert signed_in(outsider).post(url, data).status_code == 404
    assert not TeamTransfer.objects.exists()
    with pytest.raises(PermissionDenied):
        transfer_offer(actor=social_worker, client=own_client, to_team=other_team, reason="Muutto.")
    assert not TeamTransfer.objects.exists()


def test_one_transfer_waits_at_a_time(lead: Worker, offered: TeamTransfer, client_of_team: Client) -> None:
    third = Team.objects.create(organisation=lead.organisation, name="Kolmas tiimi")
    with pytest.raises(ValidationError):
        transfer_offer(actor=lead, client=client_of_team, to_team=third, reason="Toinen.")
    assert TeamTransfer.objects.count() == 1


def test_the_transfer_list_reads_a_constant_number_of_queries(
    org, lead: Worker, team: Team, other_team: Team, koskela_lead: Worker, django_assert_max_num_queries
) -> None:
    for number in range(3, 13):
        client = make_client(org, team, number)
        transfer_offer(actor=lead, client=client, to_team=other_team, reason="Muutto.")
    http = signed_in(koskela_lead)
    with django_assert_max_num_queries(12):
        page = http.get(reverse("transfers")).content.decode()
    assert page.count(reverse("transfer_answer", args=[TeamTransfer.objects.first().pk])) == 1
    assert AccessLogEntry.objects.filter(worker=koskela_lead, view=View.TRANSFER).count() == 10
