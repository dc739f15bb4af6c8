"""The bases the intake path opens, registered with the access gate (polku.access.gate)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from polku.access.gate import register_basis_source, tagged
from polku.access.models import Basis
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.intake.models import DutyWeek, Intake, Stage
from polku.intake.weeks import week_start_of

# The duty pair distributes forwarded intakes and handles urgent ones.
DUTY_STAGES = (Stage.DISTRIBUTION, Stage.URGENT)


def intake_bases(worker: Worker, now: datetime) -> Iterable[QuerySet[Any]]:
    org = worker.organisation_id
    intakes = Intake.objects.filter(organisation_id=org)
    duty_teams = DutyWeek.objects.filter(
        Q(social_worker=worker) | Q(social_counsellor=worker),
        organisation_id=org,
        week_start=week_start_of(timezone.localdate(now)),
    ).values("team_id")
    # This week's duty pair: the team's intakes waiting for distribution or urgent handling.
    yield tagged(intakes.filter(team_id__in=duty_teams, stage__in=DUTY_STAGES), Basis.DUTY_PAIR)
    if worker.role == Role.GUIDANCE_WORKER:
        # Guidance workers: their teams' intakes while they are in guidance, no longer.
        yield tagged(intakes.filter(team__workers=worker, stage=Stage.GUIDANCE), Basis.GUIDANCE)
    # Who registered an intake: until it leaves guidance.
    yield tagged(intakes.filter(registered_by=worker, stage=Stage.GUIDANCE), Basis.REGISTRAR)
    # Who registered a client: for a short while, until an intake about them is registered.
    # By the registrar alone (a worker belongs to one organisation): the index on
    # registered_by finds the few rows, where the organisation's index would read them all.
    recent = Client.objects.filter(
        registered_by=worker, registered_at__gte=now - timedelta(days=settings.REGISTRAR_ACCESS_DAYS)
    ).exclude(Exists(Intake.objects.filter(client=OuterRef("pk"))))
    yield tagged(recent, Basis.REGISTRAR, client_field="pk")


register_basis_source(intake_bases)
