"""Every form shares the same input limits (polku/core/limits.py): a refusal says in Finnish
what is wrong, keeps what was typed, and saves nothing."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import ClientRelationship, Consultation, JournalEntry
from polku.clients.models import Client, prefix_range
from polku.codes.loader import SERVICES
from polku.codes.selectors import codes_of
from polku.core.models import Team, Worker
from polku.intake.forms import UrgencyForm
from polku.personas import make_relationship, signed_in
from polku.plans.models import ClientPlan, PlannedService, PlanStatus
from polku.plans.services import plan_create

pytestmark = pytest.mark.django_db

TOO_LONG = "Teksti on liian pitkä: enintään {limit} merkkiä (nyt {length})."


@pytest.fixture
def relationship(client_of_team: Client, social_worker: Worker) -> ClientRelationship:
    return make_relationship(client_of_team, social_worker)


def journal(relationship: ClientRelationship, **_: Any) -> tuple[str, dict[str, Any], str]:
    today = timezone.localdate().isoformat()
    return reverse("case_journal", args=[relationship.pk]), {"kind": "meeting", "happened_on": today}, "text"


def consultation(relationship: ClientRelationship, lead: Worker, **_: Any) -> tuple[str, dict[str, Any], str]:
    data = {"consultant": lead.pk, "days": "3"}
    return reverse("case_consultation", args=[relationship.pk]), data, "question"


def new_client(team: Team, **_: Any) -> tuple[str, dict[str, Any], str]:
    data = {"first_names": "Aino", "birth_date": "1990-05-01", "language": "fi", "team": team.pk}
    return reverse("client_create"), data, "last_name"


@pytest.mark.parametrize(
    ("limit", "request_of", "saved"),
    [
        pytest.param("10\xa0000", journal, JournalEntry.objects, id="long document text"),
        pytest.param("2\xa0000", consultation, Consultation.objects, id="note or reason"),
        pytest.param("200", new_client, Client.objects, id="name"),
    ],
)
def test_a_text_over_its_limit_is_refused_in_finnish_and_nothing_is_saved(
    limit: str,
    request_of: Callable[..., tuple[str, dict[str, Any], str]],
    saved: Any,
    social_worker: Worker,
    lead: Worker,
    team: Team,
    relationship: ClientRelationship,
) -> None:
    url, data, field = request_of(relationship=relationship, lead=lead, team=team)
    count = int(limit.replace("\xa0", ""))
    before = saved.count()
    http = signed_in(social_worker)

    response = http.post(url, {**data, field: "Ä" * (count + 1)})

    assert response.status_code in (200, 400)  # the form again, not a redirect
    longer = f"{count + 1:,}".replace(",", "\xa0")
    assert TOO_LONG.format(limit=limit, length=longer) in response.content.decode()
    assert "Ä" * (count + 1) in response.content.decode()  # what was typed is kept
    assert saved.count() == before
    assert http.post(url, {**data, field: "Ä" * count}).status_code == 302
    assert saved.count() == before + 1


def test_a_null_character_is_refused_with_a_clear_message(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    url, data, field = journal(relationship)
    response = signed_in(social_worker).post(url, {**data, field: "Tapasimme\x00 kotona."})
    assert response.status_code == 400
    assert "Tekstissä on näkymätön nollamerkki, jota ei voi tallentaa." in response.content.decode()
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_date_outside_polku_s_calendar_is_refused(
    day: str, social_worker: Worker, lead: Worker, counsellor: Worker
) -> None:
    response = signed_in(lead).post(
        reverse("absences"), {"worker": counsellor.pk, "starts_on": day, "ends_on": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "Anna päivämäärä väliltä 1.1.1900–31.12.2100." in response.content.decode()
    assert not counsellor.absences.exists()


def test_an_id_too_large_for_the_database_is_refused(lead: Worker) -> None:
    form = UrgencyForm(
        {"is_urgent": "True", "criteria": ["99999999999999999999"], "reason": "Soitti."},
        organisation_id=lead.organisation_id,
    )
    assert not form.is_valid()
    assert "criteria" in form.errors


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param("a" * 201, TOO_LONG.format(limit=200, length=201), id="too long"),
        pytest.param("Mäkelä\x00", "Tekstissä on näkymätön nollamerkki", id="null character"),
    ],
)
def test_a_search_the_form_refuses_says_why_and_searches_nothing(
    query: str, message: str, social_worker: Worker, own_client: Client
) -> None:
    response = signed_in(social_worker).get(reverse("client_search"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["result"].page is None


@pytest.mark.parametrize("query", ["\u0301", "\U0010ffff", "a\ud7ff"])
def test_a_search_for_letters_at_the_edges_of_unicode_finds_nothing(
    query: str, social_worker: Worker, own_client: Client
) -> None:
    response = signed_in(social_worker).get(reverse("client_search"), {"q": query})
    assert response.status_code == 200
    assert list(response.context["result"].page) == []


def test_a_prefix_range_never_ends_in_a_surrogate_or_past_unicode() -> None:
    assert prefix_range("vir") == ("vir", "vis")
    assert prefix_range("a\ud7ff") == ("a\ud7ff", "a\ue000")
    assert prefix_range("a\U0010ffff") == ("a\U0010ffff", "b")


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "2026-02-30", "abc"])
def test_a_week_outside_the_calendar_is_not_found(week: str, lead: Worker, team: Team) -> None:
    http = signed_in(lead)
    assert http.get(reverse("team_week"), {"week": week}).status_code == 404
    assert http.get(reverse("duty_week_edit", args=[team.pk, week])).status_code == 404


@pytest.fixture
def plan(social_worker: Worker, relationship: ClientRelationship) -> ClientPlan:
    return plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999999999"])
def test_agreeing_a_plan_without_a_version_it_showed_is_refused(
    version: str, social_worker: Worker, plan: ClientPlan
) -> None:
    response = signed_in(social_worker).post(
        reverse("plan_agree", args=[plan.pk]), {"version": version}, follow=True
    )
    assert "Joku muu tallensi suunnitelman juuri" in response.content.decode()
    assert plan.versions.get().status == PlanStatus.DRAFT


@pytest.mark.parametrize("used", ["abc", "99999999999999999999", "\x00"])
def test_a_used_mark_not_on_the_list_is_refused(used: str, social_worker: Worker, plan: ClientPlan) -> None:
    service = PlannedService.objects.create(plan_version=plan.versions.get(), service=codes_of(SERVICES)[0])
    response = signed_in(social_worker).post(
        reverse("item_used", args=[plan.pk, "service", service.pk]), {"used": used}, follow=True
    )
    assert "Valitse luettelosta, käytettiinkö sitä." in response.content.decode()
    service.refresh_from_db()
    assert service.used is None
