"""The duty rota: the team lead edits and generates it; it rotates fairly and skips absences."""

import itertools
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.core.models import Absence, Role, Team, Worker
from polku.intake.models import DutyWeek
from polku.intake.weeks import week_start_of
from polku.personas import make_worker, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday():
    return week_start_of(timezone.localdate())


@pytest.fixture
def second_pair(org, team: Team) -> tuple[Worker, Worker]:
    return (
        make_worker(org, "sami_saarinen", Role.SOCIAL_WORKER, [team]),
        make_worker(org, "kaisa_koivisto", Role.SOCIAL_COUNSELLOR, [team]),
    )


def test_generating_rotates_fairly_and_skips_absences(
    lead: Worker, team: Team, social_worker: Worker, counsellor: Worker, second_pair, monday
) -> None:
    sami, kaisa = second_pair
    # Sami is away on the third week's Wednesday.
    Absence.objects.create(
        worker=sami,
        starts_on=monday + timedelta(weeks=2, days=2),
        ends_on=monday + timedelta(weeks=2, days=2),
    )
    response = signed_in(lead).post(
        reverse("duty_rota_generate", args=[team.pk]), {"first": monday.isoformat(), "weeks": "6"}
    )
    assert response.status_code == 302
    weeks = list(DutyWeek.objects.filter(team=team).order_by("week_start"))
    assert len(weeks) == 6
    assert weeks[2].social_worker == social_worker
    assert Counter(w.social_worker_id for w in weeks) == {social_worker.pk: 3, sami.pk: 3}
    assert Counter(w.social_counsellor_id for w in weeks) == {counsellor.pk: 3, kaisa.pk: 3}
    assert all(a.social_worker_id != b.social_worker_id for a, b in itertools.pairwise(weeks[3:]))


def test_a_week_with_everyone_absent_is_left_for_the_lead(
    lead: Worker, team: Team, social_worker: Worker, counsellor: Worker, monday
) -> None:
    Absence.objects.create(worker=social_worker, starts_on=monday, ends_on=monday + timedelta(days=6))
    response = signed_in(lead).post(
        reverse("duty_rota_generate", args=[team.pk]),
        {"first": monday.isoformat(), "weeks": "2"},
        follow=True,
    )
    assert DutyWeek.objects.filter(team=team).count() == 1
    assert not DutyWeek.objects.filter(week_start=monday).exists()
    assert len([m for m in response.context["messages"] if m.level_tag == "warning"]) == 1


def test_the_lead_sets_a_weeks_pair_and_everyone_sees_it(
    lead: Worker, team: Team, social_worker: Worker, counsellor: Worker, guidance: Worker, monday
) -> None:
    url = reverse("duty_week_edit", args=[team.pk, monday.isoformat()])
    response = signed_in(lead).post(
        url, {"social_worker": social_worker.pk, "social_counsellor": counsellor.pk}
    )
    assert response.status_code == 302
    page = signed_in(guidance).get(reverse("duty_rota"))
    assert page.context["weeks"][0].duty.social_worker == social_worker
    assert page.context["weeks"][0].is_current


def test_a_worker_of_the_wrong_role_cannot_be_put_on_duty(
    lead: Worker, team: Team, social_worker: Worker, guidance: Worker, monday
) -> None:
    url = reverse("duty_week_edit", args=[team.pk, monday.isoformat()])
    response = signed_in(lead).post(
        url, {"social_worker": social_worker.pk, "social_counsellor": guidance.pk}
    )
    assert response.status_code == 200
    assert not DutyWeek.objects.exists()


def test_past_weeks_cannot_be_generated(lead: Worker, team: Team, monday) -> None:
    past = (monday - timedelta(weeks=1)).isoformat()
    response = signed_in(lead).post(
        reverse("duty_rota_generate", args=[team.pk]), {"first": past, "weeks": "2"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("worker_name", ["social_worker", "counsellor", "guidance", "admin_worker"])
def test_only_a_team_lead_edits_the_rota(worker_name: str, request, team: Team, monday) -> None:
    http = signed_in(request.getfixturevalue(worker_name))
    assert http.get(reverse("duty_week_edit", args=[team.pk, monday.isoformat()])).status_code == 403
    assert http.post(reverse("duty_rota_generate", args=[team.pk]), {}).status_code == 403


def test_a_lead_of_another_team_gets_404(outsider: Worker, org, other_team: Team, team: Team, monday) -> None:
    other_lead = make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [other_team])
    for worker in (other_lead, outsider):
        http = signed_in(worker)
        assert http.get(reverse("duty_week_edit", args=[team.pk, monday.isoformat()])).status_code == 404
        assert http.post(reverse("duty_rota_generate", args=[team.pk]), {}).status_code == 404
