"""A duty week takes only active members of its team with the slot's role, whether the team
lead sets it, the rota is generated or an administrator edits it in the configuration."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from polku.core.models import Role, Team, Worker
from polku.intake import rota
from polku.intake.models import DutyWeek
from polku.intake.weeks import week_start_of
from polku.personas import make_worker, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday():
    return week_start_of(timezone.localdate())


@pytest.fixture
def stranger(org, other_team: Team) -> Worker:
    """A social worker of another team of the same organisation."""
    return make_worker(org, "pekka_peltonen", Role.SOCIAL_WORKER, [other_team])


def rows() -> list[tuple[object, ...]]:
    return list(
        DutyWeek.objects.values_list("team_id", "week_start", "social_worker_id", "social_counsellor_id")
    )


@pytest.mark.parametrize(
    ("slot", "who", "field"),
    [
        ("social_worker", "stranger", "social_worker"),  # wrong team
        ("social_worker", "counsellor", "social_worker"),  # wrong role
        ("social_counsellor", "guidance", "social_counsellor"),  # wrong role
        ("social_worker", "lead", "social_worker"),  # a lead is not a social worker here
    ],
)
def test_the_rota_service_refuses_wrong_members(
    request,
    slot: str,
    who: str,
    field: str,
    lead: Worker,
    team: Team,
    social_worker: Worker,
    counsellor: Worker,
    monday,
) -> None:
    existing = put_on_duty(team, social_worker, counsellor)
    before = rows()
    pair = {
        "social_worker": social_worker,
        "social_counsellor": counsellor,
        slot: request.getfixturevalue(who),
    }
    with pytest.raises(ValidationError) as refused:
        rota.duty_week_set(actor=lead, team=team, week_start=monday, **pair)
    assert field in refused.value.error_dict
    assert rows() == before
    existing.refresh_from_db()
    assert existing.social_worker == social_worker


def test_the_rota_service_refuses_an_inactive_member(
    lead: Worker, team: Team, social_worker: Worker, counsellor: Worker, monday
) -> None:
    social_worker.is_active = False
    social_worker.save()
    with pytest.raises(ValidationError):
        rota.duty_week_set(
            actor=lead,
            team=team,
            week_start=monday,
            social_worker=social_worker,
            social_counsellor=counsellor,
        )
    assert rows() == []


def test_the_rota_service_sets_members_of_the_team(
    lead: Worker, team: Team, social_worker: Worker, counsellor: Worker, monday
) -> None:
    rota.duty_week_set(
        actor=lead, team=team, week_start=monday, social_worker=social_worker, social_counsellor=counsellor
    )
    assert rows() == [(team.pk, monday, social_worker.pk, counsellor.pk)]


def test_generating_takes_only_the_teams_members_of_the_role(
    lead: Worker,
    team: Team,
    social_worker: Worker,
    counsellor: Worker,
    stranger: Worker,
    guidance: Worker,
    monday,
) -> None:
    result = rota.duty_rota_generate(actor=lead, team=team, first=monday, weeks=4)
    assert len(result.weeks) == 4
    assert {(d.social_worker_id, d.social_counsellor_id) for d in DutyWeek.objects.all()} == {
        (social_worker.pk, counsellor.pk)
    }


def admin_form(team: Team, week, social_worker: Worker, counsellor: Worker) -> dict[str, object]:
    return {
        "team": team.pk,
        "week_start": week.isoformat(),
        "social_worker": social_worker.pk,
        "social_counsellor": counsellor.pk,
    }


@pytest.mark.parametrize(
    ("sw", "sc"),
    [("stranger", "counsellor"), ("counsellor", "counsellor"), ("social_worker", "guidance")],
)
def test_the_admin_refuses_wrong_members(
    request,
    sw: str,
    sc: str,
    admin_worker: Worker,
    team: Team,
    social_worker: Worker,
    counsellor: Worker,
    monday,
) -> None:
    http = signed_in(admin_worker)
    week = monday + timedelta(weeks=1)
    data = admin_form(team, week, request.getfixturevalue(sw), request.getfixturevalue(sc))
    response = http.post("/admin/intake/dutyweek/add/", data)
    assert response.status_code == 200  # the form again, with the error
    assert rows() == []
    # Changing an existing week is refused alike.
    existing = put_on_duty(team, social_worker, counsellor)
    before = rows()
    data = admin_form(team, existing.week_start, request.getfixturevalue(sw), request.getfixturevalue(sc))
    response = http.post(f"/admin/intake/dutyweek/{existing.pk}/change/", data)
    assert response.status_code == 200
    assert rows() == before


def test_the_admin_refuses_a_worker_of_another_team_though_the_role_is_right(
    admin_worker: Worker,
    team: Team,
    other_team: Team,
    social_worker: Worker,
    counsellor: Worker,
    stranger: Worker,
    monday,
) -> None:
    response = signed_in(admin_worker).post(
        "/admin/intake/dutyweek/add/", admin_form(team, monday, stranger, counsellor)
    )
    assert "Valitse tiimistä sosiaalityöntekijä." in response.content.decode()
    assert rows() == []


def test_the_admin_sets_members_of_the_team(
    admin_worker: Worker, team: Team, social_worker: Worker, counsellor: Worker, monday
) -> None:
    response = signed_in(admin_worker).post(
        "/admin/intake/dutyweek/add/", admin_form(team, monday, social_worker, counsellor)
    )
    assert response.status_code == 302
    assert rows() == [(team.pk, monday, social_worker.pk, counsellor.pk)]
