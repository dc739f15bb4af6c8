"""The team lead's "Palaute ja mittarit": the lead's own teams only, small groups never shown
in a way that identifies, no client named, nothing dated finer than the month."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry
from polku.core.models import Organisation, Role, Team, Worker
from polku.feedback.models import ClientFeedback
from polku.feedback.selectors import first_month_of
from polku.feedback.tests.conftest import clients_with_relationships, give
from polku.measures.models import AnsweredBy, Instrument
from polku.measures.services import answer_record
from polku.measures.tests.conftest import ten
from polku.personas import make_client, make_relationship, make_worker, signed_in

pytestmark = pytest.mark.django_db


def page(worker: Worker, query: str = "") -> Any:
    return signed_in(worker).get(reverse("team_feedback") + query)


def html_of(worker: Worker, query: str = "") -> str:
    response = page(worker, query)
    assert response.status_code == 200
    return response.content.decode()


def answer(relationship: Any, on: date, values: dict[str, int], key: str = "3x10d", **extra: Any) -> None:
    answer_record(
        actor=relationship.responsible_worker,
        relationship=relationship,
        instrument=Instrument.objects.filter(key=key).order_by("-version").first(),
        answered_on=on,
        answered_by=extra.get("answered_by", AnsweredBy.TOGETHER),
        values=values,
    )


TODAY = timezone.localdate()
BEFORE_THE_YEAR = first_month_of(TODAY, 12) - timedelta(days=1)


def test_other_roles_get_403(
    org: Organisation, social_worker: Worker, counsellor: Worker, guidance: Worker, admin_worker: Worker
) -> None:
    partner = make_worker(org, "tero_tormanen", Role.PARTNER, [])
    for worker in (social_worker, counsellor, guidance, admin_worker, partner):
        assert page(worker).status_code == 403, worker.role


def test_four_feedbacks_show_only_fewer_than_five_and_the_fifth_shows_them_all(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    relationships = clients_with_relationships(org, team, social_worker, 5)
    for n, relationship in enumerate(relationships[:4]):
        give(relationship.client, relationship, roses=f"Ruusu {n}", thorns=f"Risu {n}", anonymous=n % 2 == 0)
    html = html_of(lead)
    assert "alle 5" in html
    assert "Ajanjaksolla annettiin alle 5 palautetta." in html
    assert "Ruusu" not in html and "Risu" not in html
    assert not re.search(r'figure__number">\s*4', html)

    give(relationships[4].client, relationships[4], text="Muuta 4")
    html = html_of(lead)
    assert re.search(r'figure__number">5<', html)
    for n in range(4):
        assert f"Ruusu {n}" in html and f"Risu {n}" in html
    assert "Muuta 4" in html
    assert "Ajanjaksolla annettiin alle" not in html


def test_named_feedback_is_shown_without_the_clients_name_and_nothing_is_dated_by_day(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    relationships = clients_with_relationships(org, team, social_worker, 5)
    for relationship in relationships:
        give(relationship.client, relationship, roses="Hyvä tapaaminen.")
    html = html_of(lead)
    assert html.count("Hyvä tapaaminen.") == 5
    for relationship in relationships:
        assert relationship.client.last_name not in html
        assert reverse("case_detail", args=[relationship.pk]) not in html
        assert reverse("client_detail", args=[relationship.client.pk]) not in html
    assert not re.search(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b", html), "a date by day"
    # Month and year only: the period's first and last month.
    assert f"{TODAY.year}" in html
    # No client is read: nothing in the access log.
    assert not AccessLogEntry.objects.exists()


def test_feedback_before_the_period_is_not_counted(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    for relationship in clients_with_relationships(org, team, social_worker, 5):
        give(relationship.client, relationship, roses="Vanha palaute.")
    ClientFeedback.objects.update(given_month=first_month_of(TODAY, 4))
    assert "Vanha palaute." not in html_of(lead, "?months=3")
    assert html_of(lead, "?months=6").count("Vanha palaute.") == 5
    assert html_of(lead).count("Vanha palaute.") == 5  # 12 months by default


def test_another_teams_and_another_organisations_feedback_is_never_shown(
    org: Organisation,
    team: Team,
    other_team: Team,
    lead: Worker,
    counsellor: Worker,
    outsider: Worker,
) -> None:
    for relationship in clients_with_relationships(org, other_team, counsellor, 5):
        give(relationship.client, relationship, roses="Toisen tiimin palaute.")
    ours = html_of(lead)
    assert "Toisen tiimin palaute." not in ours and "alle 5" in ours
    assert page(lead, f"?team={other_team.pk}").status_code == 404
    # The outsider leads a team in another organisation: never ours, not even by its id.
    assert "Toisen tiimin palaute." not in html_of(outsider)
    assert page(outsider, f"?team={team.pk}").status_code == 404
    assert page(outsider, f"?team={other_team.pk}").status_code == 404
    # The lead of the other team sees it.
    other_lead = make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    assert html_of(other_lead).count("Toisen tiimin palaute.") == 5


def test_a_lead_of_two_teams_chooses_the_team(
    org: Organisation, team: Team, other_team: Team, lead: Worker, counsellor: Worker
) -> None:
    lead.teams.add(other_team)
    for relationship in clients_with_relationships(org, other_team, counsellor, 5):
        give(relationship.client, relationship, roses="Koskelan palaute.")
    assert "Koskelan palaute." not in html_of(lead, f"?team={team.pk}")
    assert html_of(lead, f"?team={other_team.pk}&months=3").count("Koskelan palaute.") == 5


@pytest.mark.parametrize("query", ["?months=5", "?months=abc", "?months=-3", "?team=abc", "?team=99999999"])
def test_an_unknown_period_or_team_is_404(lead: Worker, query: str) -> None:
    assert page(lead, query).status_code == 404


def test_a_lead_without_a_team_is_told_so(org: Organisation) -> None:
    alone = make_worker(org, "yrjo_yksin", Role.TEAM_LEAD, [])
    assert "Et ole minkään tiimin esihenkilö." in html_of(alone)


def test_an_average_needs_five_clients_and_leaves_the_workers_ratings_out(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    relationships = clients_with_relationships(org, team, social_worker, 5)
    for relationship in relationships[:4]:
        answer(relationship, TODAY, ten(6, 6, 6, 6, 6, 6, 6, 6, 6, 7))
        answer(relationship, TODAY, ten(*[0] * 10), answered_by=AnsweredBy.WORKER)
    html = html_of(lead)
    assert "alle 5 asiakasta vastasi" in html
    assert "6,0" not in html

    answer(relationships[4], TODAY, ten(8, 8, 8, 8, 8, 8, 8, 8, 8, 2))
    html = html_of(lead)
    # (4 × 6 + 8) / 5 = 6.4; the worker's zeros are not counted.
    assert re.search(r"Terveys</th>\s*<td[^>]*>6,4 <span class=\"meta\">\(5 asiakasta\)", html)
    assert re.search(r"Elämä kokonaisuutena.*?</th>\s*<td[^>]*>6,0 ", html, re.S)


def test_the_change_is_from_each_relationships_first_answer_to_its_latest(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    relationships = clients_with_relationships(org, team, social_worker, 6)
    for relationship in relationships[:5]:
        answer(relationship, BEFORE_THE_YEAR, ten(*[3] * 10))
        answer(relationship, TODAY - timedelta(days=1), ten(*[4] * 10))
        answer(relationship, TODAY, ten(*[5] * 10))
    answer(relationships[5], TODAY, ten(*[9] * 10))  # only one answer: no change
    html = html_of(lead)
    health = re.search(r"Terveys</th>(.*?)</tr>", html, re.S)
    assert health is not None
    # Level: the latest answers 5, 5, 5, 5, 5 and 9 → 5.7 over 6 clients.
    assert '5,7 <span class="meta">(6 asiakasta)' in health.group(1)
    # Change: 5 − 3 for the five answered twice; the first answer before the period counts.
    assert '+2,0 <span class="meta">(5 asiakasta)' in health.group(1)
    # A shorter period: the first answer, before it, is still where the change is counted from.
    html = html_of(lead, "?months=3")
    health = re.search(r"Terveys</th>(.*?)</tr>", html, re.S)
    assert health is not None and "+2,0" in health.group(1)


def test_a_relationship_answered_only_before_the_period_is_left_out(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    for relationship in clients_with_relationships(org, team, social_worker, 5):
        answer(relationship, BEFORE_THE_YEAR, ten(*[2] * 10))
    html = html_of(lead)
    assert "alle 5 asiakasta vastasi" in html and "2,0" not in html


def test_work_ability_shows_only_its_0_to_10_item(
    org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    for relationship in clients_with_relationships(org, team, social_worker, 5):
        answer(relationship, TODAY, {"work_ability": 4, "mental": 9}, key="work-ability")
    html = html_of(lead)
    assert re.search(r"Työkykysi nyt verrattuna parhaaseen mahdolliseen.*?</th>\s*<td[^>]*>4,0 ", html, re.S)
    assert "Henkinen hyvinvointi" not in html


def test_the_page_takes_the_same_number_of_queries_with_more_data(
    org: Organisation,
    team: Team,
    lead: Worker,
    social_worker: Worker,
    django_assert_max_num_queries: Any,
) -> None:
    # Five to start with, so that the texts are read both times.
    for relationship in clients_with_relationships(org, team, social_worker, 5):
        give(relationship.client, relationship)
        answer(relationship, TODAY, ten(*[5] * 10))
    http = signed_in(lead)
    url = reverse("team_feedback")
    with django_assert_max_num_queries(20) as one:
        assert http.get(url).status_code == 200
    for n, relationship in enumerate(clients_with_relationships(org, team, social_worker, 8, start=30)):
        give(relationship.client, relationship, roses=f"Palaute {n}", anonymous=n % 2 == 1)
        answer(relationship, BEFORE_THE_YEAR, ten(*[n % 11] * 10))
        answer(relationship, TODAY, ten(*[(n + 2) % 11] * 10))
        answer(relationship, TODAY, {"work_ability": n % 11}, key="work-ability")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = http.get(url).content.decode()
    assert "Palaute 7" in html and "(13 asiakasta)" in html


def test_the_team_pages_link_to_it_for_the_lead_only(lead: Worker, social_worker: Worker) -> None:
    url = reverse("team_feedback")
    assert url in html_of(lead)
    assert url in signed_in(lead).get(reverse("team_week")).content.decode()
    assert url not in signed_in(social_worker).get(reverse("team_week")).content.decode()


def test_a_relationship_of_another_team_counts_for_that_team_only(
    org: Organisation, team: Team, other_team: Team, lead: Worker, counsellor: Worker
) -> None:
    """The measures follow the relationship's team: a client of ours served by another team
    is not in our averages."""
    for n in range(5):
        client = make_client(org, team, 50 + n)
        relationship = make_relationship(client, counsellor)
        relationship.team = other_team
        relationship.save()
        answer(relationship, TODAY, ten(*[7] * 10))
    assert "7,0" not in html_of(lead)
