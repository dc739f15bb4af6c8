"""The team's week: counts for the team meeting, names only where the viewer has a basis."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.core.models import Absence, Team, Worker
from polku.intake.models import Intake, Outcome
from polku.intake.services import intake_decide, intake_record_guidance
from polku.personas import forward, make_client, make_intake, signed_in

pytestmark = pytest.mark.django_db


def test_it_counts_the_weeks_intakes(guidance: Worker, counsellor: Worker, org, team: Team) -> None:
    # Received now, not an hour ago: in the first hour of a Monday that would be last week.
    intakes = [
        make_intake(make_client(org, team, n), guidance, received_at=timezone.now()) for n in range(3, 7)
    ]
    intake_record_guidance(
        actor=guidance, intake=intakes[0], guidance_given="Neuvottu.", categories=[], motivation="wants"
    )
    intake_decide(actor=guidance, intake=intakes[0], outcome=Outcome.GUIDANCE_ONLY, note="")
    forward(intakes[1], guidance, urgent=True)
    Absence.objects.create(worker=counsellor, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    response = signed_in(counsellor).get(reverse("team_week"))
    week = response.context["week"]
    assert week.received == 4
    assert (week.guidance_only_share, week.urgent_share) == (25, 25)
    assert week.by_channel[0][1] == 4  # the client's own contact
    assert [a.worker for a in week.absences] == [counsellor]


def test_overdue_intakes_are_counted_and_named_only_with_a_basis(
    guidance: Worker, counsellor: Worker, lead: Worker, client_of_team
) -> None:
    intake = make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=30))
    assert Intake.objects.get(pk=intake.pk).overdue
    counsellor_view = signed_in(counsellor).get(reverse("team_week")).content.decode()
    lead_view = signed_in(lead).get(reverse("team_week")).content.decode()
    assert client_of_team.last_name not in counsellor_view
    assert client_of_team.last_name in lead_view


def test_last_weeks_numbers_are_shown_for_last_week(guidance: Worker, lead: Worker, client_of_team) -> None:
    make_intake(client_of_team, guidance, received_at=timezone.now() - timedelta(days=7))
    last_monday = timezone.localdate() - timedelta(days=7 + timezone.localdate().weekday())
    response = signed_in(lead).get(reverse("team_week") + f"?week={last_monday.isoformat()}")
    assert response.context["week"].received == 1
    assert signed_in(lead).get(reverse("team_week") + "?week=kissa").status_code == 404


def test_roles_and_outsiders(admin_worker: Worker, outsider: Worker, team: Team) -> None:
    assert signed_in(admin_worker).get(reverse("team_week")).status_code == 403
    response = signed_in(outsider).get(reverse("team_week") + f"?team={team.pk}")
    assert response.context["week"].team != team
