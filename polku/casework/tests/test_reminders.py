"""The daily reminder job and the worker's own list on My clients. The 25th-birthday
reminder is tested with fixed dates through `manage.py reminders --today`."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.casework import selectors
from polku.casework.models import ClientRelationship, RelationshipKind, Reminder, ReminderKind
from polku.clients.models import Client
from polku.core.models import Organisation, Team, Worker
from polku.personas import make_client, make_relationship, signed_in
from polku.plans.models import ClientPlan, Goal, PlanStatus, PlanType, PlanVersion, Step

pytestmark = pytest.mark.django_db


def run(today: date | str) -> None:
    call_command("reminders", f"--today={today}", verbosity=0)


@pytest.fixture
def aftercare(org: Organisation, team: Team, social_worker: Worker, counsellor: Worker) -> ClientRelationship:
    young = make_client(org, team, 5, first_names="Iida", last_name="Nuorinen", birth_date=date(2002, 6, 1))
    relationship = make_relationship(young, social_worker, pair=counsellor)
    ClientRelationship.objects.filter(pk=relationship.pk).update(kind=RelationshipKind.AFTERCARE)
    return relationship


def make_version(
    relationship: ClientRelationship, *, status: str = PlanStatus.AGREED, **fields: Any
) -> PlanVersion:
    plan = ClientPlan.objects.filter(relationship=relationship).first() or ClientPlan.objects.create(
        organisation_id=relationship.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        plan_type=PlanType.WORKING_AGE,
        created_by=relationship.responsible_worker,
    )
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.versions.count() + 1,
        status=status,
        author=relationship.responsible_worker,
        **fields,
    )


def test_the_25th_birthday_reminder_comes_six_months_before(
    aftercare: ClientRelationship, social_worker: Worker, counsellor: Worker
) -> None:
    run("2026-11-30")
    assert not Reminder.objects.exists()
    run("2026-12-01")
    run("2026-12-01")
    run("2027-01-15")
    reminders = Reminder.objects.all()
    assert {(r.worker, r.kind, r.due_on) for r in reminders} == {
        (social_worker, ReminderKind.AFTERCARE_ENDING, date(2027, 5, 31)),
        (counsellor, ReminderKind.AFTERCARE_ENDING, date(2027, 5, 31)),
    }


def test_an_ordinary_relationship_of_a_young_adult_gets_no_aftercare_reminder(
    aftercare: ClientRelationship,
) -> None:
    ClientRelationship.objects.filter(pk=aftercare.pk).update(kind=RelationshipKind.ORDINARY)
    run("2027-01-15")
    assert not Reminder.objects.exists()


def test_plan_evaluations_come_14_days_ahead_and_only_for_the_latest_agreed_version(
    social_worker: Worker, own_client: Client
) -> None:
    relationship = own_client.relationships.get()
    today = date(2026, 6, 1)
    make_version(relationship, next_review_on=today + timedelta(days=15))
    run(today)
    assert not Reminder.objects.exists()
    run(today + timedelta(days=1))
    assert Reminder.objects.get().kind == ReminderKind.PLAN_EVALUATION_DUE
    # The evaluation is under way in a new draft: the next one is not reminded of yet.
    make_version(relationship, status=PlanStatus.DRAFT, next_review_on=today)
    Reminder.objects.all().delete()
    run(today + timedelta(days=30))
    assert not Reminder.objects.exists()


def test_overdue_steps_are_reminded_once_and_a_done_step_drops_out(
    social_worker: Worker, own_client: Client
) -> None:
    relationship = own_client.relationships.get()
    goal = Goal.objects.create(plan_version=make_version(relationship), client_words="Oma asunto")
    late = Step.objects.create(goal=goal, what="Soita vuokranantajalle", who="Eero", due_on=date(2026, 5, 1))
    Step.objects.create(goal=goal, what="Hae tukea", who="Eero", due_on=date(2026, 5, 2))
    Step.objects.create(goal=goal, what="Valmis jo", who="Eero", due_on=date(2026, 4, 1), done=True)
    run("2026-05-02")
    run("2026-05-02")
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.step, reminder.worker) == (ReminderKind.STEP_OVERDUE, late, social_worker)
    page = signed_in(social_worker).get(reverse("my_clients"))
    assert page.context["reminders"] == [reminder]
    Step.objects.filter(pk=late.pk).update(done=True)
    assert signed_in(social_worker).get(reverse("my_clients")).context["reminders"] == []


def test_a_closed_relationship_gets_no_reminders_and_shows_none(
    aftercare: ClientRelationship, social_worker: Worker
) -> None:
    run("2027-01-15")
    assert Reminder.objects.count() == 2
    ClientRelationship.objects.filter(pk=aftercare.pk).update(closed_at=timezone.now())
    Reminder.objects.all().delete()
    run("2027-01-16")
    assert not Reminder.objects.exists()
    run_then_close = make_relationship(aftercare.client, social_worker)
    ClientRelationship.objects.filter(pk=run_then_close.pk).update(kind=RelationshipKind.AFTERCARE)
    run("2027-01-17")
    reminder = Reminder.objects.get()
    ClientRelationship.objects.filter(pk=run_then_close.pk).update(closed_at=timezone.now())
    http = signed_in(social_worker)
    assert http.get(reverse("my_clients")).context["reminders"] == []
    assert http.post(reverse("reminder_done", args=[reminder.pk])).status_code == 404


def test_after_a_change_of_worker_the_old_worker_no_longer_sees_the_reminder(
    aftercare: ClientRelationship, social_worker: Worker, counsellor: Worker, lead: Worker
) -> None:
    run("2027-01-15")
    ClientRelationship.objects.filter(pk=aftercare.pk).update(responsible_worker=lead, pair_worker=None)
    for old in (social_worker, counsellor):
        assert signed_in(old).get(reverse("my_clients")).context["reminders"] == []
    run("2027-01-16")
    mine = signed_in(lead).get(reverse("my_clients")).context["reminders"]
    assert [(r.worker, r.kind) for r in mine] == [(lead, ReminderKind.AFTERCARE_ENDING)]


def test_the_worker_sees_their_reminders_logged_and_marks_one_done(
    aftercare: ClientRelationship, social_worker: Worker, counsellor: Worker
) -> None:
    run("2027-01-15")
    http = signed_in(social_worker)
    before = AccessLogEntry.objects.filter(worker=social_worker, view=View.CASE_LIST).count()
    page = http.get(reverse("my_clients")).content.decode()
    assert "Iida Nuorinen" in page
    assert "jälkihuolto päättyy 31.5.2027 – suunnittele siirtyminen aikuisten palveluihin" in page
    assert reverse("case_detail", args=[aftercare.pk]) in page
    logged = AccessLogEntry.objects.filter(worker=social_worker, view=View.CASE_LIST)
    # The name is read in the reminders and in the list: one read of the page, logged once.
    assert logged.count() == before + 1
    assert logged.filter(basis=Basis.RESPONSIBLE_WORKER, client=aftercare.client).exists()

    mine = Reminder.objects.get(worker=social_worker)
    theirs = Reminder.objects.get(worker=counsellor)
    assert http.get(reverse("reminder_done", args=[mine.pk])).status_code == 405
    assert http.post(reverse("reminder_done", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None
    assert http.post(reverse("reminder_done", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.done_at is not None
    assert http.get(reverse("my_clients")).context["reminders"] == []
    run("2027-01-16")  # a done reminder is not made again
    assert Reminder.objects.filter(worker=social_worker).count() == 1


def test_the_outsider_and_the_administrator_cannot_mark_a_reminder(
    aftercare: ClientRelationship, outsider: Worker, admin_worker: Worker
) -> None:
    run("2027-01-15")
    reminder = Reminder.objects.first()
    assert reminder is not None
    assert signed_in(outsider).post(reverse("reminder_done", args=[reminder.pk])).status_code == 404
    assert signed_in(admin_worker).post(reverse("reminder_done", args=[reminder.pk])).status_code == 403


def test_my_clients_queries_stay_constant_as_reminders_grow(
    org: Organisation,
    team: Team,
    social_worker: Worker,
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def add(count: int) -> None:
        for _number in range(count):
            client = make_client(org, team, 10 + Client.objects.count(), birth_date=date(2002, 3, 1))
            relationship = make_relationship(client, social_worker)
            ClientRelationship.objects.filter(pk=relationship.pk).update(kind=RelationshipKind.AFTERCARE)
            goal = Goal.objects.create(plan_version=make_version(relationship), client_words="Työ")
            Step.objects.create(goal=goal, what="Soita", who="Sanna", due_on=date(2026, 1, 1))
        run("2026-12-01")

    def queries() -> int:
        http = signed_in(social_worker)
        http.get(reverse("my_clients"))  # the session and the sign-in settle first
        with CaptureQueriesContext(connection) as captured:
            http.get(reverse("my_clients"))
        return len(captured)

    add(1)
    few = queries()
    add(6)
    assert Reminder.objects.filter(worker=social_worker).count() == 14
    http = signed_in(social_worker)
    http.get(reverse("my_clients"))
    with django_assert_max_num_queries(few):
        response = http.get(reverse("my_clients"))
    assert len(response.context["reminders"]) == 14
    assert queries() == few
    monkeypatch.setattr(selectors, "REMINDERS_SHOWN", 10)
    response = http.get(reverse("my_clients"))
    assert len(response.context["reminders"]) == 10
    assert "Näytetään 10 ensimmäistä muistutusta" in response.content.decode()
