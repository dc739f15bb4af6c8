"""Distribution by the week's duty pair: the quadrant, the worker picker and assignment."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Absence, Role, Team, Worker
from polku.intake.models import Intake, QuadrantRating, Stage
from polku.intake.services import intake_assign
from polku.personas import forward, make_client, make_intake, make_worker, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_duty(team: Team, social_worker: Worker, counsellor: Worker) -> None:
    put_on_duty(team, social_worker, counsellor)


@pytest.fixture
def forwarded(client_of_team: Client, guidance: Worker) -> Intake:
    return forward(make_intake(client_of_team, guidance), guidance)


def assign_data(
    worker: Worker, complexity: str = "low", resources: str = "weak", **extra: str
) -> dict[str, str]:
    return {
        "complexity": complexity,
        "resources": resources,
        "note": "Tarvitsee tukea.",
        "responsible": str(worker.pk),
        "action": "assign",
        **extra,
    }


def test_the_duty_pair_sees_the_forwarded_intakes(
    on_duty: None, social_worker: Worker, forwarded: Intake, client_of_team: Client
) -> None:
    response = signed_in(social_worker).get(reverse("distribution_queue"))
    assert [i.pk for i in response.context["queue"].page] == [forwarded.pk]
    assert AccessLogEntry.objects.filter(
        worker=social_worker, client=client_of_team, view=View.INTAKE_QUEUE, basis=Basis.DUTY_PAIR
    ).exists()


def test_a_worker_off_duty_sees_no_queue_and_no_intake(
    org, team: Team, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    other = make_worker(org, "sami_saarinen", Role.SOCIAL_WORKER, [team])
    put_on_duty(team, other, counsellor)
    http = signed_in(social_worker)
    response = http.get(reverse("distribution_queue"))
    assert response.status_code == 200
    assert list(response.context["queue"].page) == []
    assert http.get(reverse("intake_detail", args=[forwarded.pk])).status_code == 404
    assert http.get(reverse("intake_distribute", args=[forwarded.pk])).status_code == 404


def test_the_picker_recommends_the_role_and_suggests_the_least_loaded(
    on_duty: None,
    org,
    team: Team,
    social_worker: Worker,
    counsellor: Worker,
    forwarded: Intake,
    guidance: Worker,
) -> None:
    busy = make_worker(org, "kaisa_koivisto", Role.SOCIAL_COUNSELLOR, [team])
    for n in range(3, 5):
        other = forward(make_intake(make_client(org, team, n), guidance), guidance)
        signed_in(social_worker).post(reverse("intake_distribute", args=[other.pk]), assign_data(busy))
    response = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]),
        {"complexity": "low", "resources": "weak", "action": "preview"},
    )
    assert response.status_code == 200
    assert response.context["recommended"] == Role.SOCIAL_COUNSELLOR.label
    assert response.context["suggestion"].worker == counsellor
    loads = {load.worker.pk: load for load in response.context["loads"]}
    assert (loads[busy.pk].active, loads[busy.pk].new, loads[busy.pk].by_quadrant) == (2, 2, {"low_weak": 2})
    assert Intake.objects.get(pk=forwarded.pk).stage != Stage.ASSIGNED


def test_assigning_opens_the_relationship_and_the_worker_finds_the_new_client(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake, client_of_team: Client
) -> None:
    response = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]), assign_data(counsellor, pair=str(social_worker.pk))
    )
    assert response.status_code == 302
    relationship = ClientRelationship.objects.get()
    assert (relationship.client, relationship.responsible_worker, relationship.pair_worker) == (
        client_of_team,
        counsellor,
        social_worker,
    )
    assert relationship.quadrant == "low_weak"
    assert QuadrantRating.objects.get().relationship == relationship
    forwarded.refresh_from_db()
    assert forwarded.stage == Stage.ASSIGNED
    page = signed_in(counsellor).get(reverse("my_clients"))
    assert [r.pk for r in page.context["page"]] == [relationship.pk]
    assert page.context["page"][0].is_new == 0
    # Opening the client takes it off the 'new' list.
    signed_in(counsellor).get(reverse("case_detail", args=[relationship.pk]))
    relationship.refresh_from_db()
    assert relationship.seen_at is not None


def test_special_support_need_requires_a_social_worker(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    response = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]),
        assign_data(counsellor, complexity="high", resources="weak"),
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 400
    assert "Asiakkaalla on erityisen tuen tarve" in response.content.decode()
    assert not ClientRelationship.objects.exists()


def test_assigning_to_an_absent_worker_is_refused_in_finnish(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    today = timezone.localdate()
    Absence.objects.create(
        worker=counsellor, starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=2)
    )
    response = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]), assign_data(counsellor), HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 400
    assert "Olli Ojala on poissa" in response.content.decode()
    assert "Tarvitsee tukea." in response.content.decode()
    assert not ClientRelationship.objects.exists()


def test_urgent_intakes_show_a_banner_to_the_duty_pair_until_handled(
    on_duty: None, social_worker: Worker, guidance: Worker, client_of_team: Client
) -> None:
    intake = forward(make_intake(client_of_team, guidance), guidance, urgent=True)
    http = signed_in(social_worker)
    html = http.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 urgent intake is waiting for the duty pair." in html
    response = http.post(
        reverse("intake_urgent_handling", args=[intake.pk]), {"handling": "Järjestetty hätämajoitus."}
    )
    assert response.status_code == 302
    intake.refresh_from_db()
    assert (intake.urgent_handling, intake.urgent_handled_by) == ("Järjestetty hätämajoitus.", social_worker)
    assert (
        "urgent intake is waiting"
        not in http.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_two_pair_members_assigning_at_once_do_not_both_succeed(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    first = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]), assign_data(counsellor)
    )
    second = signed_in(counsellor).post(
        reverse("intake_distribute", args=[forwarded.pk]), assign_data(social_worker)
    )
    assert first.status_code == 302
    assert second.status_code == 302  # the page says it has moved on
    assert ClientRelationship.objects.get().responsible_worker == counsellor


def test_the_distribution_pages_refuse_other_roles(
    guidance: Worker, admin_worker: Worker, forwarded: Intake
) -> None:
    for worker in (guidance, admin_worker):
        http = signed_in(worker)
        assert http.get(reverse("distribution_queue")).status_code == 403
        assert http.get(reverse("intake_distribute", args=[forwarded.pk])).status_code == 403
        assert http.post(reverse("intake_urgent_handling", args=[forwarded.pk])).status_code == 403


def test_the_outsider_gets_404(outsider: Worker, forwarded: Intake) -> None:
    http = signed_in(outsider)
    assert http.get(reverse("intake_distribute", args=[forwarded.pk])).status_code == 404
    assert http.post(reverse("intake_urgent_handling", args=[forwarded.pk])).status_code == 404


def test_the_distribution_query_count_is_constant(
    on_duty: None, org, team: Team, social_worker: Worker, guidance: Worker, django_assert_max_num_queries
) -> None:
    for n in range(3, 18):
        forward(make_intake(make_client(org, team, n), guidance), guidance)
    counsellor = Worker.objects.get(username="olli_ojala")
    for intake in Intake.objects.all()[:5]:
        intake_assign(
            actor=social_worker,
            intake=intake,
            complexity="low",
            resources="weak",
            note="",
            responsible=counsellor,
        )
    http = signed_in(social_worker)
    # The queue, the time left before each deadline and the list of distributed clients,
    # each read in a constant number of queries.
    with django_assert_max_num_queries(24):
        response = http.get(reverse("distribution_queue"))
    assert len(response.context["queue"].page) == 10
    assert len(response.context["distributed"]) == 5
