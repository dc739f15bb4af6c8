"""The paths by which a short or narrow basis became lasting access (issue: one gate decides
reading and writing). Each failed on the main branch before the capability gate."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import BreakGlass
from polku.access.services import break_glass_open
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.intake.models import DeadlineRule, Intake
from polku.personas import forward, make_intake, make_relationship, make_worker, put_on_duty, signed_in

pytestmark = pytest.mark.django_db

REASON = "Poliisi soitti ja pyysi tietoja kiireellisesti asiakkaan tilanteesta."


def test_break_glass_is_not_enough_to_distribute_to_oneself(
    org, team, other_team, guidance: Worker, social_worker: Worker, counsellor: Worker, client_of_team: Client
) -> None:
    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client_of_team, guidance), guidance)
    intruder = make_worker(org, "kalle_koski", Role.SOCIAL_WORKER, [other_team])
    break_glass_open(actor=intruder, identity_code=client_of_team.identity_code, reason=REASON)
    http = signed_in(intruder)
    assert http.get(reverse("intake_detail", args=[intake.pk])).status_code == 200  # may read
    data = {"complexity": "low", "resources": "good", "note": "", "responsible": intruder.pk}
    assert http.get(reverse("intake_distribute", args=[intake.pk])).status_code == 403
    assert http.post(reverse("intake_distribute", args=[intake.pk]), data).status_code == 403
    intake.refresh_from_db()
    assert intake.stage == "distribution"
    assert not ClientRelationship.objects.exists()
    # When the opening ends, nothing of it lasts.
    BreakGlass.objects.update(expires_at=timezone.now())
    assert http.get(reverse("client_detail", args=[client_of_team.pk])).status_code == 404


def test_break_glass_is_not_enough_to_move_the_client_to_ones_own_team(
    org, team, other_team, client_of_team: Client
) -> None:
    other_lead = make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    break_glass_open(actor=other_lead, identity_code=client_of_team.identity_code, reason=REASON)
    http = signed_in(other_lead)
    edit = {
        "version": 1,
        "identity_code": client_of_team.identity_code,
        "first_names": client_of_team.first_names,
        "last_name": client_of_team.last_name,
        "language": "fi",
        "team": other_team.pk,
    }
    assert http.post(reverse("client_edit", args=[client_of_team.pk]), edit).status_code == 403
    transfer = {"to_team": other_team.pk, "reason": "Meidän asiakkaamme nyt."}
    assert http.post(reverse("client_transfer", args=[client_of_team.pk]), transfer).status_code == 403
    client_of_team.refresh_from_db()
    assert (client_of_team.team_id, client_of_team.version) == (team.pk, 1)


def test_a_consultant_cannot_edit_the_client_or_move_them(
    org, team, other_team, social_worker: Worker, client_of_team: Client
) -> None:
    from polku.casework.services import consultation_ask

    relationship = make_relationship(client_of_team, social_worker)
    consultant = make_worker(org, "kaisa_kallio", Role.SOCIAL_WORKER, [other_team])
    consultation_ask(
        actor=social_worker, relationship=relationship, consultant=consultant, question="?", days=2
    )
    http = signed_in(consultant)
    assert http.get(reverse("case_detail", args=[relationship.pk])).status_code == 200
    response = http.post(
        reverse("client_edit", args=[client_of_team.pk]),
        {"version": 1, "first_names": "X", "last_name": "Y", "language": "fi", "team": other_team.pk},
    )
    assert response.status_code == 403
    client_of_team.refresh_from_db()
    assert (client_of_team.first_names, client_of_team.team_id) == ("Äijä Eero", team.pk)


def test_filing_an_intake_opens_only_the_intake_and_the_basics(
    org, team, guidance: Worker, social_worker: Worker, client_of_team: Client
) -> None:
    """A guidance worker files an intake for an existing client of her team; the guidance
    basis covers that intake, the basics and the intake history — not the record."""
    from polku.assessment.services import assessment_start
    from polku.casework.services import journal_add
    from polku.plans.services import plan_create

    relationship = make_relationship(client_of_team, social_worker)
    journal_add(
        actor=social_worker,
        relationship=relationship,
        data={"kind": "phone", "happened_on": timezone.localdate(), "text": "Luottamuksellinen."},
    )
    assessment = assessment_start(actor=social_worker, relationship=relationship)
    plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
    http = signed_in(guidance)
    data = {
        "channel": "own_contact",
        "received_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "received_how": "phone",
        "description": "Soitti itse.",
        "identity_code": client_of_team.identity_code,
        "deadline_rule": DeadlineRule.objects.get(organisation=org, is_default=True).pk,
    }
    assert http.post(reverse("intake_register"), data).status_code == 302
    intake = Intake.objects.get()
    assert http.get(reverse("intake_detail", args=[intake.pk])).status_code == 200
    page = http.get(reverse("client_detail", args=[client_of_team.pk])).content.decode()
    assert "Luottamuksellinen" not in page
    for url in (
        reverse("case_detail", args=[relationship.pk]),
        reverse("assessment_detail", args=[assessment.pk]),
        reverse("plan_detail", args=[plan.pk]),
        reverse("plan_worksheet_pdf", args=[plan.pk]),
        reverse("access_report", args=[client_of_team.pk]),
    ):
        assert http.get(url).status_code == 403, url
    # The basis ends when the intake leaves guidance.
    Intake.objects.filter(pk=intake.pk).update(stage="closed")
    assert http.get(reverse("client_detail", args=[client_of_team.pk])).status_code == 404


def test_a_duty_basis_from_one_teams_intake_does_not_reach_another_teams_intake(
    org, team, other_team, guidance: Worker, social_worker: Worker, counsellor: Worker, client_of_team: Client
) -> None:
    from django.core.exceptions import PermissionDenied

    from polku.intake.services import intake_assign

    put_on_duty(team, social_worker, counsellor)
    ours = forward(make_intake(client_of_team, guidance), guidance)
    theirs = forward(make_intake(client_of_team, guidance), guidance)
    Intake.objects.filter(pk=theirs.pk).update(team=other_team)
    with pytest.raises(PermissionDenied):
        intake_assign(
            actor=social_worker,
            intake=theirs,
            complexity="low",
            resources="good",
            note="",
            responsible=social_worker,
        )
    assert not ClientRelationship.objects.exists()
    relationship = intake_assign(
        actor=social_worker, intake=ours, complexity="low", resources="good", note="", responsible=counsellor
    )
    assert relationship.intake == ours


def test_the_administrator_cannot_give_himself_client_access(
    admin_worker: Worker, social_worker: Worker, counsellor: Worker, team, client_of_team: Client
) -> None:
    """Path 4: create a team lead, change a worker's role, set a password, put someone on
    duty — none of it yields a worker the administrator can sign in as with client access."""
    from django.test import Client as HttpClient

    from polku.core.models import NO_ROLE
    from polku.core.tests.test_worker_admin import add_worker
    from polku.intake.models import DutyWeek
    from polku.intake.weeks import week_start_of

    http = signed_in(admin_worker)
    made = add_worker(http, team, role=Role.TEAM_LEAD)
    assert (made.role, made.has_usable_password()) == (NO_ROLE, False)
    signing_in = HttpClient().post(
        reverse("login"), {"username": made.username, "password": "hallinnon-tietama-salasana"}
    )
    assert signing_in.status_code == 200  # refused: the form again
    http.post(
        reverse("admin:core_worker_access", args=[counsellor.pk]),
        {"role": Role.TEAM_LEAD, "teams": [team.pk]},
    )
    counsellor.refresh_from_db()
    assert counsellor.role == Role.SOCIAL_COUNSELLOR
    http.post(
        f"/admin/core/worker/{social_worker.pk}/password/",
        {"password1": "hallinnon-tietama-salasana", "password2": "hallinnon-tietama-salasana"},
    )
    social_worker.refresh_from_db()
    assert not social_worker.check_password("hallinnon-tietama-salasana")
    week = week_start_of(timezone.localdate())
    http.post(
        reverse("admin:intake_dutyweek_add"),
        {
            "team": team.pk,
            "week_start": week.isoformat(),
            "social_worker": made.pk,
            "social_counsellor": made.pk,
        },
    )
    assert not DutyWeek.objects.exists()
    assert signed_in(admin_worker).get(reverse("client_detail", args=[client_of_team.pk])).status_code == 403
