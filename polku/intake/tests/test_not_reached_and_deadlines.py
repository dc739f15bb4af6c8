"""A repeated notification about someone not reached before says so plainly, with links to
the earlier intakes; deadlines show the working days left beside the date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.intake.models import Channel, Intake, NotifierType, Outcome
from polku.intake.services import intake_decide
from polku.personas import forward, make_intake, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


def notification(client: Client, guidance: Worker, **fields: object) -> Intake:
    notifier = NotifierType.objects.filter(organisation_id=client.organisation_id).first()
    return make_intake(client, guidance, channel=Channel.NOTIFICATION, notifier_type=notifier, **fields)


@pytest.fixture
def unreachable_before(client_of_team: Client, guidance: Worker) -> list[Intake]:
    earlier = []
    for days in (90, 40):
        intake = make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=days))
        intake_decide(actor=guidance, intake=intake, outcome=Outcome.UNREACHABLE, note="Ei vastannut.")
        earlier.append(intake)
    return earlier


def test_the_intake_says_plainly_that_the_client_was_not_reached_before(
    guidance: Worker, client_of_team: Client, unreachable_before: list[Intake]
) -> None:
    intake = notification(client_of_team, guidance)
    html = (
        signed_in(guidance)
        .get(reverse("intake_detail", args=[intake.pk]), HTTP_ACCEPT_LANGUAGE="fi")
        .content.decode()
    )
    assert "Ilmoitettu ennenkin: asiakasta ei tavoitettu" in html
    assert "asia on suljettu 2 kertaa, koska asiakasta ei tavoitettu" in html
    for earlier in unreachable_before:
        assert reverse("intake_detail", args=[earlier.pk]) in html


def test_the_duty_pair_sees_it_on_the_distribution_page_and_in_the_queue(
    team: Team,
    social_worker: Worker,
    counsellor: Worker,
    guidance: Worker,
    client_of_team: Client,
    unreachable_before: list[Intake],
) -> None:
    put_on_duty(team, social_worker, counsellor)
    intake = forward(notification(client_of_team, guidance), guidance)
    http = signed_in(social_worker)
    queue = http.get(reverse("distribution_queue"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "ei tavoitettu aiemmin: 2 kertaa" in queue
    assert reverse("intake_distribute", args=[intake.pk]) in queue
    page = http.get(
        reverse("intake_distribute", args=[intake.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "Ilmoitettu ennenkin: asiakasta ei tavoitettu" in page
    # The earlier intakes open for the pair: their basis covers the client's intakes.
    assert http.get(reverse("intake_detail", args=[unreachable_before[0].pk])).status_code == 200


def test_no_notice_without_earlier_unreachable_intakes(guidance: Worker, client_of_team: Client) -> None:
    intake = notification(client_of_team, guidance)
    html = (
        signed_in(guidance)
        .get(reverse("intake_detail", args=[intake.pk]), HTTP_ACCEPT_LANGUAGE="fi")
        .content.decode()
    )
    assert "ennenkin: asiakasta ei tavoitettu" not in html


def test_the_queue_shows_the_working_days_left(guidance: Worker, client_of_team: Client) -> None:
    intake = make_intake(client_of_team, guidance)
    response = signed_in(guidance).get(reverse("guidance_queue"), HTTP_ACCEPT_LANGUAGE="fi")
    [shown] = response.context["page"]
    assert shown.time_left is not None and not shown.time_left.overdue
    assert f"{shown.time_left.days} arkipäiv" in response.content.decode()
    assert shown.pk == intake.pk


def test_an_overdue_intake_says_how_late_it_is(guidance: Worker, client_of_team: Client) -> None:
    intake = make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=30))
    html = (
        signed_in(guidance)
        .get(reverse("intake_detail", args=[intake.pk]), HTTP_ACCEPT_LANGUAGE="fi")
        .content.decode()
    )
    assert "myöhässä" in html
    assert "arkipäivää" in html


def test_the_intake_page_query_count_is_constant(
    guidance: Worker, client_of_team: Client, django_assert_max_num_queries: object
) -> None:
    for days in range(10, 130, 10):
        earlier = make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=days))
        intake_decide(actor=guidance, intake=earlier, outcome=Outcome.UNREACHABLE, note="")
    intake = notification(client_of_team, guidance)
    http = signed_in(guidance)
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        response = http.get(reverse("intake_detail", args=[intake.pk]))
    assert len(response.context["not_reached"]) == 12


def test_the_registration_screen_query_count(guidance: Worker, django_assert_max_num_queries: object) -> None:
    http = signed_in(guidance)
    with django_assert_max_num_queries(11):  # type: ignore[operator]
        response = http.get(reverse("intake_register"))
    assert 'id="triage"' in response.content.decode()
