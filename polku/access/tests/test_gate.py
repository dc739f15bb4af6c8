from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from polku.access.gate import client_get_for, permitted_clients
from polku.access.models import AccessLogEntry, Basis, View
from polku.access.services import break_glass_open
from polku.clients.models import Client
from polku.core.models import Worker

pytestmark = pytest.mark.django_db


def test_a_team_lead_sees_the_clients_of_her_team(lead: Worker, client_of_team: Client) -> None:
    client, basis = client_get_for(worker=lead, client_id=client_of_team.pk, view=View.CLIENT_PAGE)
    assert client == client_of_team
    assert basis == Basis.TEAM_LEAD


def test_a_team_lead_does_not_see_another_teams_clients(lead: Worker, client_elsewhere: Client) -> None:
    with pytest.raises(Http404):
        client_get_for(worker=lead, client_id=client_elsewhere.pk, view=View.CLIENT_PAGE)
    assert client_elsewhere not in permitted_clients(lead)


def test_the_registrar_sees_the_client_for_a_limited_period(
    guidance: Worker, client_elsewhere: Client, settings
) -> None:
    settings.REGISTRAR_ACCESS_DAYS = 30
    Client.objects.filter(pk=client_elsewhere.pk).update(registered_by=guidance)
    assert client_get_for(worker=guidance, client_id=client_elsewhere.pk, view=View.CLIENT_PAGE)[1] == (
        Basis.REGISTRAR
    )
    Client.objects.filter(pk=client_elsewhere.pk).update(registered_at=timezone.now() - timedelta(days=31))
    with pytest.raises(Http404):
        client_get_for(worker=guidance, client_id=client_elsewhere.pk, view=View.CLIENT_PAGE)


def test_missing_other_organisation_and_no_basis_look_the_same(
    lead: Worker, outsider: Worker, client_elsewhere: Client
) -> None:
    foreign = Client.objects.get(organisation=outsider.organisation)
    for client_id in (999999, foreign.pk, client_elsewhere.pk):
        with pytest.raises(Http404):
            client_get_for(worker=lead, client_id=client_id, view=View.CLIENT_PAGE)
    assert not AccessLogEntry.objects.exists()


def test_break_glass_opens_for_a_limited_time(
    social_worker: Worker, client_elsewhere: Client, settings
) -> None:
    settings.BREAK_GLASS_HOURS = 8
    opening = break_glass_open(
        actor=social_worker,
        identity_code=client_elsewhere.identity_code.lower(),
        reason="Kiireellinen ilmoitus poliisilta, asiakas ei vastaa puhelimeen.",
    )
    assert client_get_for(worker=social_worker, client_id=client_elsewhere.pk, view=View.CLIENT_PAGE)[1] == (
        Basis.BREAK_GLASS
    )
    opening.__class__.objects.filter(pk=opening.pk).update(expires_at=timezone.now())
    with pytest.raises(Http404):
        client_get_for(worker=social_worker, client_id=client_elsewhere.pk, view=View.CLIENT_PAGE)


def test_break_glass_needs_a_real_reason(social_worker: Worker, client_elsewhere: Client) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        break_glass_open(actor=social_worker, identity_code=client_elsewhere.identity_code, reason="tarve")


def test_break_glass_cannot_cross_organisations(outsider: Worker, client_of_team: Client) -> None:
    with pytest.raises(Http404):
        break_glass_open(
            actor=outsider, identity_code=client_of_team.identity_code, reason="Haluan nähdä tiedot nyt heti."
        )


def test_an_administrator_has_no_basis(admin_worker: Worker, client_of_team: Client) -> None:
    assert not permitted_clients(admin_worker).exists()
    with pytest.raises(Http404):
        break_glass_open(
            actor=admin_worker, identity_code=client_of_team.identity_code, reason="Haluan nähdä tiedot nyt."
        )


def test_a_refused_form_post_is_one_logged_read(guidance: Worker, client_of_team: Client) -> None:
    """The intake is read by the step and again to show the form with its errors: the gate
    computes the bases once per request and logs the read once."""
    from django.urls import reverse

    from polku.personas import make_intake, signed_in

    intake = make_intake(client_of_team, guidance)
    response = signed_in(guidance).post(reverse("intake_urgency", args=[intake.pk]), {"is_urgent": "True"})
    assert response.status_code == 400
    rows = AccessLogEntry.objects.filter(worker=guidance, client=client_of_team)
    assert [(r.view, r.basis) for r in rows] == [(View.INTAKE, Basis.GUIDANCE)]
