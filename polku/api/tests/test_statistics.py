"""The team's week through the API: the lead's own teams, the page's numbers and names."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from polku.access.models import AccessLogEntry, View
from polku.api.tests.conftest import api_as
from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.intake.models import Outcome
from polku.intake.services import intake_decide, intake_record_guidance
from polku.personas import forward, make_client, make_intake

pytestmark = pytest.mark.django_db


def test_the_lead_reads_her_teams_week(lead: Worker, guidance: Worker, org: Any, team: Team) -> None:
    intakes = [
        make_intake(make_client(org, team, n), guidance, received_at=timezone.now()) for n in range(3, 7)
    ]
    intake_record_guidance(
        actor=guidance, intake=intakes[0], guidance_given="Neuvottu.", categories=[], motivation="wants"
    )
    intake_decide(actor=guidance, intake=intakes[0], outcome=Outcome.GUIDANCE_ONLY, note="")
    forward(intakes[1], guidance, urgent=True)
    http = api_as(lead)
    assert http.get("/api/statistics/teams").json() == [{"id": team.pk, "name": team.name}]
    week = http.get(f"/api/statistics/teams/{team.pk}/week").json()
    assert week["received"] == 4
    assert (week["guidance_only_share"], week["urgent_share"]) == (25, 25)
    channels = {f["key"]: f["count"] for f in week["by_channel"]}
    assert channels["own_contact"] == 4 and sum(channels.values()) == 4
    outcomes = {f["key"]: f["count"] for f in week["by_outcome"]}
    assert (outcomes["guidance_only"], outcomes["urgent_duty"], outcomes["open"]) == (1, 1, 2)
    assert {load["name"] for load in week["loads"]} >= {"Tiina Toivonen", "Noora Nieminen"}


def test_overdue_intakes_are_named_only_where_the_lead_has_a_basis(
    lead: Worker, guidance: Worker, client_of_team: Client, client_elsewhere: Client, team: Team
) -> None:
    old = timezone.now() - timedelta(days=30)
    named = make_intake(client_of_team, guidance, received_at=old)
    moved = make_client(client_of_team.organisation, team, 5, last_name="Muuttanut")
    unnamed = make_intake(moved, guidance, received_at=old)
    # The client moved to another team; the waiting intake stays with the team that got it.
    Client.objects.filter(pk=moved.pk).update(team=client_elsewhere.team)
    week = api_as(lead).get(f"/api/statistics/teams/{team.pk}/week").json()
    overdue = {row["intake_id"]: row for row in week["overdue"]}
    assert overdue[named.pk]["client_name"] == "Äijä Eero Mäkelä"
    assert overdue[None] == {
        "start_by": unnamed.start_by.isoformat(),
        "intake_id": None,
        "client_id": None,
        "client_name": None,
    }
    logged = AccessLogEntry.objects.filter(worker_id=lead.pk).values_list("client_id", "view")
    assert list(logged) == [(client_of_team.pk, View.INTAKE_QUEUE)]


def test_another_week_and_bad_weeks(
    lead: Worker, guidance: Worker, client_of_team: Client, team: Team
) -> None:
    make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=7))
    last_week = (timezone.localdate() - timedelta(days=7)).isoformat()
    http = api_as(lead)
    week = http.get(f"/api/statistics/teams/{team.pk}/week", {"week": last_week}).json()
    assert week["received"] == 1 and week["week_start"] <= last_week <= week["week_end"]
    for bad in ["kissa", "0001-01-01", "9999-12-31", "2026-02-30"]:
        assert http.get(f"/api/statistics/teams/{team.pk}/week", {"week": bad}).status_code == 422, bad


def test_only_the_leads_own_teams(lead: Worker, other_team: Team, outsider: Worker) -> None:
    http = api_as(lead)
    assert http.get(f"/api/statistics/teams/{other_team.pk}/week").status_code == 404
    outsider_team = outsider.teams.get()
    assert http.get(f"/api/statistics/teams/{outsider_team.pk}/week").status_code == 404
    assert api_as(outsider).get(f"/api/statistics/teams/{other_team.pk}/week").status_code == 404
