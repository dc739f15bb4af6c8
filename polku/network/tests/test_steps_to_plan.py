"""Agreed next steps of a joint meeting become steps of the client's draft plan in one
submit: chosen lines, each under a goal; dates read leniently; the plan's date rules hold; a
line is taken once; without a draft the worker is told what to do."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.clients.models import Client
from polku.core.models import ChangeRecord, Worker
from polku.network import services
from polku.network.models import MeetingStepTaken, NetworkMeeting
from polku.network.steps import next_steps_of, parse_due
from polku.network.tests.test_meetings import plan
from polku.personas import make_relationship, signed_in
from polku.plans.models import Goal, PlanVersion, Step
from polku.plans.services import plan_create

pytestmark = pytest.mark.django_db

LATER = timezone.localdate() + timedelta(days=40)
LINES = "\n".join(
    [
        f"Sanna – soittaa pajalle – {LATER.day}.{LATER.month}.{LATER.year}",
        "Eero – hakee työkokeilua – ensi viikolla",
        "Tero - etsii työkokeilupaikan",
    ]
)


def recorded(actor: Worker, client: Client, next_steps: str = LINES) -> NetworkMeeting:
    meeting = plan(actor, client, [actor])
    return services.meeting_record(
        actor=actor,
        meeting=meeting,
        data={"client_came": True, "discussed": "Työnhaku.", "agreed": "", "next_steps": next_steps},
    )


@pytest.fixture
def goals(own_client: Client, social_worker: Worker) -> list[Goal]:
    made = plan_create(
        actor=social_worker, relationship=own_client.relationships.get(), plan_type="working_age"
    )
    version = PlanVersion.objects.get(plan=made)
    return [
        Goal.objects.create(plan_version=version, order=0, client_words="Haluan töihin."),
        Goal.objects.create(plan_version=version, order=1, client_words="Haluan pitää asuntoni."),
    ]


def test_lines_and_dates_are_read_leniently() -> None:
    meeting_day = date(2026, 11, 30)
    assert parse_due("15.1.2027", after=meeting_day) == date(2027, 1, 15)
    assert parse_due("2027-01-15", after=meeting_day) == date(2027, 1, 15)
    assert parse_due("15.1.", after=meeting_day) == date(2027, 1, 15)  # the next 15 January
    assert parse_due("5.12. mennessä", after=meeting_day) == date(2026, 12, 5)
    assert parse_due("15.1.27", after=meeting_day) == date(2027, 1, 15)
    assert parse_due("ensi viikolla", after=meeting_day) is None
    assert parse_due("31.2.2027", after=meeting_day) is None
    found = next_steps_of("Sanna – soittaa – 5.12.\n\nTero - etsii paikan\nKela-asia\nTero - etsii paikan")
    assert [(s.who, s.what, s.due_text) for s in found] == [
        ("Sanna", "soittaa", "5.12."),
        ("Tero", "etsii paikan", ""),
        ("", "Kela-asia", ""),
    ]


def test_chosen_lines_become_steps_in_one_submit_and_are_not_taken_twice(
    social_worker: Worker, own_client: Client, goals: list[Goal]
) -> None:
    meeting = recorded(social_worker, own_client)
    http = signed_in(social_worker)
    url = reverse("meeting_steps", args=[meeting.pk])
    page = http.get(url, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "soittaa pajalle" in page and "Haluan pitää asuntoni." in page
    response = http.post(
        url,
        {
            "l0-take": "on",
            "l0-goal": goals[1].pk,
            "l0-who": "Sanna",
            "l0-what": "soittaa pajalle",
            "l0-due_text": f"{LATER.day}.{LATER.month}.{LATER.year}",
            "l1-take": "on",
            "l1-goal": goals[0].pk,
            "l1-who": "Eero",
            "l1-what": "hakee työkokeilua",
            "l1-due_text": "ensi viikolla",
            "l2-who": "Tero",
            "l2-what": "etsii työkokeilupaikan",
        },
    )
    assert response.status_code == 302
    steps = list(Step.objects.order_by("pk").values_list("goal_id", "who", "what", "due_on"))
    assert steps == [
        (goals[1].pk, "Sanna", "soittaa pajalle", LATER),
        (goals[0].pk, "Eero", "hakee työkokeilua (ensi viikolla)", None),
    ]
    assert MeetingStepTaken.objects.count() == 2
    assert ChangeRecord.objects.filter(model="plans.Step", action="create").count() == 2
    assert ChangeRecord.objects.filter(model="network.NetworkMeeting", action="steps_to_plan").exists()
    # Only the third line is offered again; the taken ones are listed as taken.
    page = http.get(url).content.decode()
    assert 'name="l2-take"' in page and 'name="l0-take"' not in page
    with pytest.raises(ValidationError):
        services.meeting_steps_to_plan(
            actor=social_worker,
            meeting=meeting,
            proposals=[{"line": next_steps_of(LINES)[0].line, "goal": goals[0], "who": "S", "what": "x"}],
        )
    assert Step.objects.count() == 2


def test_a_refused_line_keeps_what_was_typed_and_nothing_is_added(
    social_worker: Worker, own_client: Client, goals: list[Goal]
) -> None:
    meeting = recorded(social_worker, own_client)
    before = (timezone.localdate() - timedelta(days=3)).strftime("%-d.%-m.%Y")
    response = signed_in(social_worker).post(
        reverse("meeting_steps", args=[meeting.pk]),
        {
            "l0-take": "on",
            "l0-goal": goals[0].pk,
            "l0-who": "Sanna",
            "l0-what": "soittaa pajalle",
            "l0-due_text": before,
            "l1-take": "on",
            "l1-goal": goals[0].pk,
            "l1-who": "",
            "l1-what": "hakee työkokeilua",
            "l2-take": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert before in page  # what was typed stays
    assert "Askeleen määräpäivä ei voi olla ennen suunnitelmaneuvottelua" in page
    assert "Kirjoita, kuka tekee sen." in page
    assert "Valitse tavoite, jonka alle askel tulee." in page
    assert not Step.objects.exists() and not MeetingStepTaken.objects.exists()


def test_without_a_draft_the_worker_is_told_to_start_the_evaluation(
    social_worker: Worker, own_client: Client, agreed_plan: PlanVersion
) -> None:
    meeting = recorded(social_worker, own_client)
    page = signed_in(social_worker).get(
        reverse("meeting_steps", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    html = page.content.decode()
    assert "Aloita suunnitelman arviointi" in html
    assert reverse("plan_detail", args=[agreed_plan.plan_id]) + "#evaluation" in html
    assert 'name="l0-take"' not in html


def test_only_the_plans_writers_take_steps(
    social_worker: Worker,
    own_client: Client,
    goals: list[Goal],
    lead: Worker,
    guidance: Worker,
    outsider: Worker,
    employment_partner: Worker,
) -> None:
    meeting = recorded(social_worker, own_client)
    proposal = {"line": next_steps_of(LINES)[2].line, "goal": goals[0], "who": "Tero", "what": "etsii"}
    data = {"l2-take": "on", "l2-goal": goals[0].pk, "l2-who": "Tero", "l2-what": "etsii"}
    url = reverse("meeting_steps", args=[meeting.pk])
    for actor, status in ((lead, 403), (guidance, 404), (outsider, 404), (employment_partner, 403)):
        with pytest.raises((PermissionDenied, Http404)):
            services.meeting_steps_to_plan(actor=actor, meeting=meeting, proposals=[proposal])
        assert signed_in(actor).post(url, data).status_code == status, actor
    assert not Step.objects.exists() and not MeetingStepTaken.objects.exists()


def test_a_goal_of_another_clients_plan_is_not_found(
    social_worker: Worker, own_client: Client, goals: list[Goal], client_elsewhere: Client
) -> None:
    meeting = recorded(social_worker, own_client)
    other = plan_create(
        actor=social_worker,
        relationship=make_relationship(client_elsewhere, social_worker),
        plan_type="working_age",
    )
    foreign = Goal.objects.create(plan_version=other.versions.get(), client_words="Muu asiakas.")
    with pytest.raises(Http404):
        services.meeting_steps_to_plan(
            actor=social_worker,
            meeting=meeting,
            proposals=[{"line": next_steps_of(LINES)[2].line, "goal": foreign, "who": "T", "what": "x"}],
        )
    assert not Step.objects.exists()


def test_a_long_line_is_refused_by_its_length_not_by_the_database(
    social_worker: Worker, own_client: Client, goals: list[Goal]
) -> None:
    long_line = "Sanna – " + "soittaa pajalle ja " * 40
    meeting = recorded(social_worker, own_client, next_steps=long_line)
    line = next_steps_of(meeting.next_steps)[0]
    proposal = {"line": line.line, "goal": goals[0], "who": line.who, "what": line.what, "due_text": ""}
    with pytest.raises(ValidationError) as refusal:
        services.meeting_steps_to_plan(actor=social_worker, meeting=meeting, proposals=[proposal])
    assert "0-what" in refusal.value.message_dict
    services.meeting_steps_to_plan(
        actor=social_worker, meeting=meeting, proposals=[{**proposal, "what": "soittaa pajalle"}]
    )
    assert MeetingStepTaken.objects.get().line == line.line


def test_a_goal_removed_or_a_version_agreed_meanwhile_is_refused_by_line(
    social_worker: Worker, own_client: Client, goals: list[Goal]
) -> None:
    meeting = recorded(social_worker, own_client)
    lines = next_steps_of(LINES)
    proposals = [
        {"line": lines[2].line, "goal": goals[0], "who": "Tero", "what": "etsii", "due_text": ""},
        {"line": lines[1].line, "goal": goals[1], "who": "Eero", "what": "hakee", "due_text": ""},
    ]
    Goal.objects.filter(pk=goals[1].pk).delete()  # removed in another window
    with pytest.raises(ValidationError) as refusal:
        services.meeting_steps_to_plan(actor=social_worker, meeting=meeting, proposals=proposals)
    assert list(refusal.value.message_dict) == ["1-goal"]
    PlanVersion.objects.filter(pk=goals[0].plan_version_id).update(status="agreed")
    with pytest.raises(ValidationError) as refusal:
        services.meeting_steps_to_plan(actor=social_worker, meeting=meeting, proposals=proposals[:1])
    assert list(refusal.value.message_dict) == ["0-goal"]
    assert not Step.objects.exists() and not MeetingStepTaken.objects.exists()
