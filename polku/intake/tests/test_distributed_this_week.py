"""After distributing, the duty pair sees who got whom this week: a logged record of their
own action that opens no way back into the client's record."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.gate import bases_of
from polku.access.models import AccessLogEntry, Basis, View
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Role, Team, Worker
from polku.intake.models import Intake
from polku.intake.services import intake_assign
from polku.personas import forward, make_client, make_intake, make_worker, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_duty(team: Team, social_worker: Worker, counsellor: Worker) -> None:
    put_on_duty(team, social_worker, counsellor)


@pytest.fixture
def colleague(org: Any, team: Team) -> Worker:
    return make_worker(org, "kaisa_koivisto", Role.SOCIAL_COUNSELLOR, [team])


@pytest.fixture
def distributed(
    on_duty: None, social_worker: Worker, colleague: Worker, guidance: Worker, client_of_team: Client
) -> ClientRelationship:
    intake = forward(make_intake(client_of_team, guidance), guidance)
    return intake_assign(
        actor=social_worker, intake=intake, complexity="low", resources="weak", note="", responsible=colleague
    )


def rows(worker: Worker) -> Any:
    response = signed_in(worker).get(reverse("distribution_queue"), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    return response


def test_the_pair_sees_who_got_whom_without_a_link_into_the_record(
    distributed: ClientRelationship, social_worker: Worker, counsellor: Worker, client_of_team: Client
) -> None:
    for member in (social_worker, counsellor):
        response = rows(member)
        [row] = response.context["distributed"]
        assert (row.relationship.client, row.relationship.responsible_worker.username) == (
            client_of_team,
            "kaisa_koivisto",
        )
        assert row.case_url is None
        html = response.content.decode()
        assert "Mäkelä, Äijä Eero" in html
        assert reverse("case_detail", args=[distributed.pk]) not in html
        assert reverse("client_detail", args=[client_of_team.pk]) not in html
        # Each showing of the name is logged, on the pair's record of its own work.
        assert AccessLogEntry.objects.filter(
            worker=member, client=client_of_team, view=View.DISTRIBUTED, basis=Basis.OWN_DISTRIBUTION
        ).exists()


def test_the_list_gives_no_basis_to_the_clients_record(
    distributed: ClientRelationship, social_worker: Worker, client_of_team: Client
) -> None:
    rows(social_worker)
    assert bases_of(social_worker).all_for(client_of_team) == []
    http = signed_in(social_worker)
    for url in (
        reverse("client_detail", args=[client_of_team.pk]),
        reverse("case_detail", args=[distributed.pk]),
        reverse("intake_detail", args=[distributed.intake_id]),
        reverse("intake_distribute", args=[distributed.intake_id]),
    ):
        assert http.get(url).status_code == 404, url


def test_a_pair_member_who_took_the_client_gets_the_link(
    on_duty: None, social_worker: Worker, counsellor: Worker, guidance: Worker, client_of_team: Client
) -> None:
    intake = forward(make_intake(client_of_team, guidance), guidance)
    relationship = intake_assign(
        actor=counsellor,
        intake=intake,
        complexity="low",
        resources="weak",
        note="",
        responsible=social_worker,
    )
    [row] = rows(social_worker).context["distributed"]
    assert row.case_url == reverse("case_detail", args=[relationship.pk])
    assert AccessLogEntry.objects.filter(
        worker=social_worker, view=View.DISTRIBUTED, basis=Basis.RESPONSIBLE_WORKER
    ).exists()


def test_workers_off_duty_see_no_list(
    distributed: ClientRelationship, colleague: Worker, org: Any, team: Team
) -> None:
    off_duty = make_worker(org, "sami_saarinen", Role.SOCIAL_WORKER, [team])
    assert rows(off_duty).context["distributed"] == []
    assert not AccessLogEntry.objects.filter(worker=off_duty).exists()


def test_last_weeks_distributions_are_not_listed(
    distributed: ClientRelationship, social_worker: Worker
) -> None:
    ClientRelationship.objects.filter(pk=distributed.pk).update(opened_at=timezone.now() - timedelta(days=8))
    assert rows(social_worker).context["distributed"] == []


def test_the_wrong_role_and_the_outsider(
    distributed: ClientRelationship, guidance: Worker, admin_worker: Worker, outsider: Worker
) -> None:
    for worker in (guidance, admin_worker):
        assert signed_in(worker).get(reverse("distribution_queue")).status_code == 403
    response = signed_in(outsider).get(reverse("distribution_queue"))
    assert response.context["distributed"] == []
    assert "Mäkelä" not in response.content.decode()


def test_the_list_costs_the_same_queries_however_long(
    on_duty: None,
    org: Any,
    team: Team,
    social_worker: Worker,
    colleague: Worker,
    guidance: Worker,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(3, 15):
        intake = forward(make_intake(make_client(org, team, n), guidance), guidance)
        intake_assign(
            actor=social_worker,
            intake=intake,
            complexity="low",
            resources="weak",
            note="",
            responsible=colleague,
        )
    http = signed_in(social_worker)
    with django_assert_max_num_queries(22):
        response = http.get(reverse("distribution_queue"))
    assert len(response.context["distributed"]) == 12
    assert Intake.objects.filter(stage="assigned").count() == 12


def test_the_pair_sees_only_what_the_pair_distributed(
    on_duty: None,
    lead: Worker,
    social_worker: Worker,
    colleague: Worker,
    guidance: Worker,
    client_of_team: Client,
) -> None:
    """The team lead's own distribution is the lead's record, not the pair's."""
    intake = forward(make_intake(client_of_team, guidance), guidance)
    intake_assign(
        actor=lead, intake=intake, complexity="low", resources="weak", note="", responsible=colleague
    )
    assert rows(social_worker).context["distributed"] == []
    [row] = rows(lead).context["distributed"]
    assert row.case_url is not None  # the lead may read the record anyway
    assert AccessLogEntry.objects.filter(worker=lead, view=View.DISTRIBUTED, basis=Basis.TEAM_LEAD).exists()
