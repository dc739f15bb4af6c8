"""The team week's numbers open the intakes behind them, named only where the viewer has a
basis: a team lead sees the team's; counts never become a way around the gate."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.core.models import Team, Worker
from polku.intake.models import Outcome
from polku.intake.services import intake_decide
from polku.intake.weeks import week_start_of
from polku.personas import make_client, make_intake, signed_in

pytestmark = pytest.mark.django_db


def list_url(team: Team, kind: str, **extra: str) -> str:
    week = week_start_of(timezone.localdate()).isoformat()
    query = "&".join(f"{k}={v}" for k, v in {"team": team.pk, "week": week, "kind": kind, **extra}.items())
    return f"{reverse('team_week_list')}?{query}"


@pytest.fixture
def week_of_intakes(org: Any, team: Team, guidance: Worker) -> list[Any]:
    intakes = [
        make_intake(make_client(org, team, n, last_name=f"Viikko{n}"), guidance, received_at=timezone.now())
        for n in range(3, 6)
    ]
    intake_decide(actor=guidance, intake=intakes[0], outcome=Outcome.UNREACHABLE, note="")
    return intakes


def test_the_lead_sees_the_intakes_behind_a_figure(
    lead: Worker, team: Team, week_of_intakes: list[Any]
) -> None:
    response = signed_in(lead).get(list_url(team, "received"), HTTP_ACCEPT_LANGUAGE="fi")
    listing = response.context["listing"]
    assert (listing.total, len(listing.intakes), listing.not_shown) == (3, 3, 0)
    html = response.content.decode()
    assert all(f"Viikko{n}" in html for n in range(3, 6))
    assert (
        AccessLogEntry.objects.filter(worker=lead, view=View.TEAM_STATISTICS, basis=Basis.TEAM_LEAD).count()
        == 3
    )


def test_an_outcome_opens_only_its_intakes(lead: Worker, team: Team, week_of_intakes: list[Any]) -> None:
    listing = signed_in(lead).get(list_url(team, "outcome-unreachable")).context["listing"]
    assert [i.pk for i in listing.intakes] == [week_of_intakes[0].pk]


def test_a_worker_without_a_basis_gets_the_count_but_no_names(
    counsellor: Worker, team: Team, week_of_intakes: list[Any]
) -> None:
    response = signed_in(counsellor).get(list_url(team, "received"), HTTP_ACCEPT_LANGUAGE="fi")
    listing = response.context["listing"]
    assert (listing.total, listing.intakes, listing.not_shown) == (3, [], 3)
    html = response.content.decode()
    assert "Viikko" not in html
    assert "3 vireilletuloa on laskettu mukaan, mutta niitä ei näytetä" in html
    assert not AccessLogEntry.objects.filter(worker=counsellor).exists()


def test_the_guidance_worker_sees_the_intakes_of_her_task(
    guidance: Worker, team: Team, week_of_intakes: list[Any]
) -> None:
    listing = signed_in(guidance).get(list_url(team, "received")).context["listing"]
    # Two are in her guidance queue; the closed one is no longer her task.
    assert {i.pk for i in listing.intakes} == {i.pk for i in week_of_intakes[1:]}
    assert listing.not_shown == 1


def test_only_the_listed_kinds_and_the_workers_own_teams(
    lead: Worker, team: Team, other_team: Team, week_of_intakes: list[Any]
) -> None:
    http = signed_in(lead)
    assert http.get(list_url(team, "client-1")).status_code == 404
    assert http.get(list_url(team, "")).status_code == 404
    assert http.get(list_url(other_team, "received")).status_code == 404
    assert http.get(list_url(team, "received", week="kissa")).status_code == 404


def test_the_wrong_role_and_the_outsider(
    admin_worker: Worker, outsider: Worker, team: Team, week_of_intakes: list[Any]
) -> None:
    assert signed_in(admin_worker).get(list_url(team, "received")).status_code == 403
    response = signed_in(outsider).get(list_url(team, "received"))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(worker=outsider).exists()


def test_the_week_page_links_its_figures(lead: Worker, team: Team, week_of_intakes: list[Any]) -> None:
    html = signed_in(lead).get(reverse("team_week"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "kind=received" in html
    assert "kind=outcome-unreachable" in html
    assert "kind=guidance_only" not in html  # nothing to open behind a zero


def test_the_list_query_count_is_constant(
    lead: Worker, org: Any, team: Team, guidance: Worker, django_assert_max_num_queries: Any
) -> None:
    for n in range(3, 23):
        make_intake(make_client(org, team, n), guidance, received_at=timezone.now())
    http = signed_in(lead)
    with django_assert_max_num_queries(18):
        response = http.get(list_url(team, "received"))
    assert len(response.context["listing"].intakes) == 20
