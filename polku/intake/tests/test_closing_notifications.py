"""A notification without consent is not closed before its urgency has been assessed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from polku.clients.models import Client
from polku.core.models import Worker
from polku.intake.models import Channel, Intake, NotifierType, Outcome, Stage
from polku.intake.services import intake_assess_urgency, intake_decide, intake_record_guidance
from polku.personas import make_intake, signed_in

pytestmark = pytest.mark.django_db

CLOSING = [Outcome.UNREACHABLE, Outcome.DECLINED, Outcome.GUIDANCE_ONLY]


@pytest.fixture
def notification(client_of_team: Client, guidance: Worker) -> Intake:
    intake = make_intake(
        client_of_team,
        guidance,
        channel=Channel.NOTIFICATION,
        notifier_type=NotifierType.objects.filter(organisation_id=client_of_team.organisation_id).first(),
    )
    intake_record_guidance(
        actor=guidance,
        intake=intake,
        guidance_given="Kirje lähetetty.",
        categories=[],
        motivation="undecided",
    )
    return intake


@pytest.mark.parametrize("outcome", CLOSING)
def test_a_notification_is_not_closed_before_urgency_is_assessed(
    guidance: Worker, notification: Intake, outcome: str
) -> None:
    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        intake_decide(actor=guidance, intake=notification, outcome=outcome, note="")
    assert refused.value.message_dict["outcome"] == [
        "Tämä on ilmoitus ilman suostumusta: arvioi kiireellisyys ennen kuin suljet asian."
    ]
    notification.refresh_from_db()
    assert (notification.stage, notification.outcome, notification.closed_at) == (Stage.GUIDANCE, "", None)


@pytest.mark.parametrize("outcome", CLOSING)
def test_after_the_assessment_it_can_be_closed(guidance: Worker, notification: Intake, outcome: str) -> None:
    intake_assess_urgency(
        actor=guidance, intake=notification, is_urgent=False, criteria=[], reason="Turvassa."
    )
    intake_decide(actor=guidance, intake=notification, outcome=outcome, note="")
    notification.refresh_from_db()
    assert notification.stage == Stage.CLOSED


def test_the_clients_own_contact_may_close_without_the_assessment(
    guidance: Worker, client_of_team: Client
) -> None:
    intake = make_intake(client_of_team, guidance)
    intake_decide(actor=guidance, intake=intake, outcome=Outcome.UNREACHABLE, note="")
    assert Intake.objects.get(pk=intake.pk).stage == Stage.CLOSED


def test_the_page_says_it_in_finnish_and_keeps_the_note(guidance: Worker, notification: Intake) -> None:
    response = signed_in(guidance).post(
        reverse("intake_outcome", args=[notification.pk]),
        {"outcome": Outcome.UNREACHABLE, "note": "Kolme soittoa."},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "arvioi kiireellisyys ennen kuin suljet asian" in page
    assert "Kolme soittoa." in page
    assert Intake.objects.get(pk=notification.pk).stage == Stage.GUIDANCE
