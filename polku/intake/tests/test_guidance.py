"""Service guidance: contact attempts, urgency, guidance and the outcome."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client
from polku.core.models import Worker
from polku.intake.models import GuidanceCategory, Intake, Outcome, Stage, UrgencyCriterion
from polku.intake.services import intake_decide
from polku.personas import make_client, make_intake, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(client_of_team: Client, guidance: Worker) -> Intake:
    return make_intake(client_of_team, guidance)


def url(name: str, intake: Intake) -> str:
    return reverse(name, args=[intake.pk])


def test_the_queue_shows_urgent_first_then_by_deadline(guidance: Worker, org, team) -> None:
    late = make_intake(make_client(org, team, 3, last_name="Myöhäinen"), guidance)
    early = make_intake(
        make_client(org, team, 4, last_name="Aikainen"),
        guidance,
        received_at=timezone.now() - timedelta(days=10),
    )
    urgent = make_intake(make_client(org, team, 5, last_name="Kiireellinen"), guidance)
    urgent.is_urgent = True
    urgent.save()
    response = signed_in(guidance).get(reverse("guidance_queue"))
    assert [i.pk for i in response.context["page"]] == [urgent.pk, early.pk, late.pk]
    assert (
        AccessLogEntry.objects.filter(worker=guidance, view=View.INTAKE_QUEUE, basis=Basis.GUIDANCE).count()
        == 3
    )


def test_the_queue_query_count_does_not_grow(
    guidance: Worker, org, team, django_assert_max_num_queries
) -> None:
    for n in range(3, 23):
        make_intake(make_client(org, team, n), guidance)
    http = signed_in(guidance)
    with django_assert_max_num_queries(16):
        response = http.get(reverse("guidance_queue"))
    assert len(response.context["page"]) == 20


def test_the_queue_flags_repeated_unreachable_notifications(guidance: Worker, client_of_team: Client) -> None:
    earlier = make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=40))
    intake_decide(actor=guidance, intake=earlier, outcome=Outcome.UNREACHABLE, note="")
    make_intake(client_of_team, guidance)
    html = signed_in(guidance).get(reverse("guidance_queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not reached before: 1 time" in html


def test_the_page_shows_earlier_intakes(guidance: Worker, client_of_team: Client, intake: Intake) -> None:
    earlier = make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=100))
    response = signed_in(guidance).get(url("intake_detail", intake))
    assert response.context["history"] == [earlier]


def test_the_notifier_is_hidden_until_shown_and_showing_is_logged(
    guidance: Worker, client_of_team: Client
) -> None:
    intake = make_intake(client_of_team, guidance, notifier_name="Naapuri Nieminen")
    http = signed_in(guidance)
    assert "Naapuri Nieminen" not in http.get(url("intake_detail", intake)).content.decode()
    assert not AccessLogEntry.objects.filter(view=View.NOTIFIER).exists()
    assert "Naapuri Nieminen" in http.post(url("intake_notifier", intake)).content.decode()
    assert AccessLogEntry.objects.filter(worker=guidance, view=View.NOTIFIER, client=client_of_team).exists()


def test_a_contact_attempt_is_recorded(guidance: Worker, intake: Intake) -> None:
    data = {"at": "2026-11-20T10:00", "method": "phone", "reached": "False", "note": "Ei vastannut"}
    response = signed_in(guidance).post(url("intake_contact", intake), data)
    assert response.status_code == 302
    attempt = intake.contact_attempts.get()
    assert (attempt.reached, attempt.note, attempt.worker) == (False, "Ei vastannut", guidance)


def test_forwarding_without_an_urgency_assessment_is_refused_in_finnish(
    guidance: Worker, intake: Intake
) -> None:
    response = signed_in(guidance).post(
        url("intake_outcome", intake),
        {"outcome": "forwarded", "note": "Tarvitsee arvion"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Arvioi kiireellisyys ennen kuin siirrät asian jakeluun." in html
    assert "Tarvitsee arvion" in html
    intake.refresh_from_db()
    assert intake.stage == Stage.GUIDANCE


def test_urgent_needs_criteria_and_reasons(guidance: Worker, intake: Intake) -> None:
    response = signed_in(guidance).post(
        url("intake_urgency", intake), {"is_urgent": "True", "reason": "Hätä"}
    )
    assert response.status_code == 400
    intake.refresh_from_db()
    assert intake.is_urgent is None


def test_the_whole_guidance_path_to_distribution(guidance: Worker, intake: Intake, org) -> None:
    http = signed_in(guidance)
    criterion = UrgencyCriterion.objects.filter(organisation=org).first()
    http.post(url("intake_urgency", intake), {"is_urgent": "False", "reason": "Ei välitöntä vaaraa."})
    category = GuidanceCategory.objects.get(organisation=org, code="kela_social_assistance")
    http.post(
        url("intake_guidance", intake),
        {"guidance_given": "Neuvottu Kelaan.", "categories": [str(category.pk)], "motivation": "wants"},
    )
    response = http.post(url("intake_outcome", intake), {"outcome": "forwarded", "note": ""})
    assert response["Location"] == reverse("guidance_queue")
    intake.refresh_from_db()
    assert intake.is_urgent is False
    assert criterion is not None
    assert list(intake.guidance_categories.all()) == [category]
    assert (intake.stage, intake.outcome, intake.motivation) == (Stage.DISTRIBUTION, "forwarded", "wants")
    # The guidance worker's basis ends when the intake leaves the guidance queue.
    assert http.get(url("intake_detail", intake)).status_code == 404


def test_closing_with_guidance_only_needs_the_guidance_recorded(guidance: Worker, intake: Intake) -> None:
    http = signed_in(guidance)
    response = http.post(url("intake_outcome", intake), {"outcome": "guidance_only"})
    assert response.status_code == 400
    http.post(url("intake_guidance", intake), {"guidance_given": "Neuvottu.", "motivation": "undecided"})
    assert http.post(url("intake_outcome", intake), {"outcome": "guidance_only"}).status_code == 302
    intake.refresh_from_db()
    assert (intake.stage, intake.closed_at is not None) == (Stage.CLOSED, True)


def test_a_closed_intake_cannot_be_decided_again(guidance: Worker, lead: Worker, intake: Intake) -> None:
    intake_decide(actor=guidance, intake=intake, outcome=Outcome.UNREACHABLE, note="")
    response = signed_in(lead).post(url("intake_outcome", intake), {"outcome": "declined"})
    assert response.status_code == 400
    intake.refresh_from_db()
    assert intake.outcome == Outcome.UNREACHABLE


def test_urgent_duty_moves_the_intake_to_the_duty_pair(guidance: Worker, intake: Intake, org) -> None:
    http = signed_in(guidance)
    criterion = UrgencyCriterion.objects.filter(organisation=org).first()
    assert criterion is not None
    http.post(
        url("intake_urgency", intake),
        {"is_urgent": "True", "criteria": [str(criterion.pk)], "reason": "Ei yöpaikkaa."},
    )
    http.post(url("intake_outcome", intake), {"outcome": "urgent_duty"})
    intake.refresh_from_db()
    assert intake.stage == Stage.URGENT
    assert intake.start_by == timezone.localdate()
    assert intake.deadline_rule.for_urgent


@pytest.mark.parametrize("name", ["intake_contact", "intake_urgency", "intake_guidance", "intake_outcome"])
def test_guidance_steps_are_for_guidance_workers_and_leads(
    name: str,
    social_worker: Worker,
    counsellor: Worker,
    admin_worker: Worker,
    outsider: Worker,
    intake: Intake,
) -> None:
    for worker in (social_worker, counsellor, admin_worker):
        assert signed_in(worker).post(url(name, intake), {}).status_code == 403
    assert signed_in(outsider).post(url(name, intake), {}).status_code == 404
