"""Reads along the intake path. Every intake shown is a read of its client's data: it
goes through the gate and is logged."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import Bases, bases_of, log_reads
from polku.access.models import Basis, View
from polku.casework.models import CaseStage, ClientRelationship
from polku.clients.models import Client, search_key
from polku.clients.selectors import log_checked
from polku.core.models import Absence, Organisation, Role, Team, Worker
from polku.core.selectors import absences_between
from polku.core.working_days import calendar_of
from polku.intake.models import DutyWeek, Intake, Outcome, Stage
from polku.intake.rota import duty_weeks_of
from polku.intake.weeks import week_start_of

PAGE_SIZE = 25
HISTORY_DAYS = 365


def _count(queryset: QuerySet[Intake]) -> Coalesce:
    counted = queryset.order_by().values("client").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_history(intakes: QuerySet[Intake]) -> QuerySet[Intake]:
    """Each intake with the number of other intakes about the client in the last 12 months,
    and how many of them ended because the client could not be reached."""
    others = Intake.objects.filter(
        client=OuterRef("client"), received_at__gte=timezone.now() - timedelta(days=HISTORY_DAYS)
    ).exclude(pk=OuterRef("pk"))
    return intakes.annotate(
        earlier_count=_count(others),
        unreachable_count=_count(others.filter(outcome=Outcome.UNREACHABLE)),
    )


def with_time_left(intakes: Iterable[Intake], organisation: Organisation) -> None:
    """Each open intake's working days left before (or late after) the start deadline, with
    the organisation's calendar read once."""
    calendar = calendar_of(organisation)
    today = timezone.localdate()
    for intake in intakes:
        intake.time_left = calendar.left(intake.start_by, today) if intake.is_open else None


def urgent_first(intakes: QuerySet[Intake]) -> QuerySet[Intake]:
    urgency = Case(When(is_urgent=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return intakes.annotate(urgency_order=urgency).order_by("urgency_order", "start_by", "received_at", "pk")


def _logged_page(
    *, worker: Worker, bases: Bases, intakes: QuerySet[Intake], page_number: int | str
) -> Page[Intake]:
    permitted = intakes.filter(bases.client_filter("client__", Capability.READ_INTAKE)).select_related(
        "client", "deadline_rule", "team"
    )
    page = Paginator(urgent_first(with_history(permitted)), PAGE_SIZE).get_page(page_number)
    reads = [(i.client, bases.basis_for(i.client, Capability.READ_INTAKE)) for i in page.object_list]
    log_reads(worker=worker, reads=[(c, b) for c, b in reads if b is not None], view=View.INTAKE_QUEUE)
    with_time_left(page.object_list, worker.organisation)
    return page


def guidance_queue(*, worker: Worker, page_number: int | str = 1) -> Page[Intake]:
    """Open intakes of the worker's teams waiting for service guidance: urgent first, then
    by deadline."""
    intakes = Intake.objects.filter(
        organisation_id=worker.organisation_id,
        team__in=worker.teams.all(),
        stage=Stage.GUIDANCE,
    )
    return _logged_page(worker=worker, bases=bases_of(worker), intakes=intakes, page_number=page_number)


@dataclass
class DistributionQueue:
    teams: list[Team]
    page: Page[Intake]
    urgent_waiting: int


def distribution_teams(worker: Worker, duties: list[DutyWeek] | None = None) -> list[Team]:
    """The teams whose distribution the worker sees: the teams they are on duty for this
    week, and a team lead's own teams."""
    duties = duty_weeks_of(worker) if duties is None else duties
    teams = {duty.team.pk: duty.team for duty in duties}
    if worker.role == Role.TEAM_LEAD:
        teams.update({team.pk: team for team in worker.teams.all()})
    return sorted(teams.values(), key=lambda t: t.name)


def distribution_queue(*, worker: Worker, page_number: int | str = 1) -> DistributionQueue:
    teams = distribution_teams(worker)
    intakes = Intake.objects.filter(
        organisation_id=worker.organisation_id,
        team__in=teams,
        stage__in=[Stage.DISTRIBUTION, Stage.URGENT],
    )
    page = _logged_page(worker=worker, bases=bases_of(worker), intakes=intakes, page_number=page_number)
    urgent = intakes.filter(stage=Stage.URGENT, urgent_handled_at__isnull=True).count()
    return DistributionQueue(teams, page, urgent)


@dataclass
class Distributed:
    """One client the duty pair (or the team lead) distributed: who got whom. `case_url` only
    where the viewer has a basis to read the record anyway; the list itself opens nothing."""

    relationship: ClientRelationship
    case_url: str | None


def distributed_this_week(*, worker: Worker) -> list[Distributed]:
    """The clients distributed this week in the teams the worker distributes for: a record of
    the pair's own work, after their basis on each intake has ended. It names the client and
    the workers, so each row is a logged read, on the viewer's own basis where they have
    one, else as the pair's record of their own distribution (which grants nothing)."""
    duties = duty_weeks_of(worker)
    teams = distribution_teams(worker, duties)
    if not teams:
        return []
    monday = week_start_of(timezone.localdate())
    since = timezone.make_aware(datetime.combine(monday, time.min))
    distributions = ClientRelationship.objects.filter(
        organisation_id=worker.organisation_id, team__in=teams, intake__isnull=False, opened_at__gte=since
    )
    if worker.role != Role.TEAM_LEAD:
        # The pair's own record: what this week's pair distributed, not what others did.
        pair = {member.pk for duty in duties for member in duty.members()}
        distributions = distributions.filter(opened_by__in=pair)
    relationships = list(
        distributions.select_related(
            "client", "responsible_worker", "pair_worker", "opened_by", "team"
        ).order_by("-opened_at", "-pk")[: PAGE_SIZE * 4]
    )
    bases = bases_of(worker)
    rows, reads = [], []
    for relationship in relationships:
        client = relationship.client
        reads.append((client, bases.for_client(client) or Basis.OWN_DISTRIBUTION))
        may_read = bases.basis_for(client, Capability.READ_RECORD) is not None
        rows.append(
            Distributed(relationship, reverse("case_detail", args=[relationship.pk]) if may_read else None)
        )
    log_reads(worker=worker, reads=reads, view=View.DISTRIBUTED)
    return rows


def urgent_waiting_count(worker: Worker) -> int:
    """Urgent intakes not yet handled in the teams the worker is on duty for (the banner)."""
    teams = [duty.team_id for duty in duty_weeks_of(worker)]
    if not teams:
        return 0
    return Intake.objects.filter(
        team_id__in=teams, stage=Stage.URGENT, urgent_handled_at__isnull=True
    ).count()


def intake_get_for(*, worker: Worker, intake_id: int, view: View = View.INTAKE) -> tuple[Intake, Basis]:
    """One intake, if the worker may read it; logged. 404 when the worker has no basis for
    the client, 403 when the basis does not cover the intake (e.g. a consultation)."""
    intake = (
        Intake.objects.select_related(
            "client", "client__team", "client__municipality", "team", "deadline_rule", "notifier_type"
        )
        .filter(pk=intake_id, organisation_id=worker.organisation_id)
        .first()
    )
    if intake is None:
        raise Http404
    basis = _intake_basis(worker, intake)
    if basis is None:
        raise PermissionDenied if bases_of(worker).all_for(intake.client) else Http404
    log_reads(worker=worker, reads=[(intake.client, basis)], view=view)
    return intake, basis


def _intake_basis(worker: Worker, intake: Intake, *, fresh: bool = False) -> Basis | None:
    bases = bases_of(worker, fresh=fresh)
    basis = bases.basis_for(intake.client, Capability.READ_INTAKE)
    if basis is None and intake.registered_by_id == worker.pk:
        # The registrar's basis covers the intakes they registered, not the client's others.
        basis = bases.basis_for(intake.client, Capability.READ_OWN_INTAKE)
    return basis


def may_still_read(*, worker: Worker, intake: Intake) -> bool:
    """After a step that may have ended the worker's part (e.g. forwarded to distribution)."""
    return _intake_basis(worker, intake, fresh=True) is not None


def intake_history(*, worker: Worker, intake: Intake) -> list[Intake]:
    """The client's other intakes of the last 12 months, where the worker's basis covers
    them. Call after intake_get_for: the read of this client is already logged."""
    if bases_of(worker).basis_for(intake.client, Capability.READ_INTAKE) is None:
        return []
    return list(
        Intake.objects.filter(
            client_id=intake.client_id, received_at__gte=timezone.now() - timedelta(days=HISTORY_DAYS)
        )
        .exclude(pk=intake.pk)
        .select_related("notifier_type")
        .order_by("-received_at")
    )


def not_reached(history: list[Intake]) -> list[Intake]:
    """The earlier intakes closed because the client could not be reached (a known worry:
    repeated notifications about someone nobody reaches)."""
    return [earlier for earlier in history if earlier.outcome == Outcome.UNREACHABLE]


def client_intakes(*, client_id: int, limit: int = 10) -> list[Intake]:
    """The client's latest intakes, for the client page (after the gate let the worker in)."""
    return list(Intake.objects.filter(client_id=client_id).order_by("-received_at")[:limit])


def same_name_clients(*, worker: Worker, first_names: str, last_name: str) -> list[Client]:
    """Registered clients with the same last name and first name as a person named in an
    intake without an identity code, so that the worker can tell whether it is one of them.
    Shown whatever the worker's basis; those without one are logged as registration checks,
    which are limited per hour (TooManyChecks)."""
    first = first_names.split()[0] if first_names.split() else ""
    if not first or not last_name.strip():
        return []
    found = list(
        Client.objects.filter(
            organisation_id=worker.organisation_id,
            search_name__startswith=f" {search_key(last_name.strip())} {search_key(first)} ",
        ).select_related("municipality")[:10]
    )
    log_checked(worker=worker, clients=found)
    return found


def notifier_reveal(*, worker: Worker, intake: Intake) -> None:
    """Showing who notified is its own logged read, on a basis that covers the intake."""
    basis = _intake_basis(worker, intake)
    if basis is None:
        raise PermissionDenied
    log_reads(worker=worker, reads=[(intake.client, basis)], view=View.NOTIFIER)


@dataclass
class Load:
    worker: Worker
    new: int = 0
    assessments: int = 0
    active: int = 0
    by_quadrant: dict[str, int] = field(default_factory=dict)
    absences: list[Absence] = field(default_factory=list)

    @property
    def absent_today(self) -> bool:
        today = timezone.localdate()
        return any(a.starts_on <= today <= a.ends_on for a in self.absences)


def worker_loads(*, workers: Iterable[Worker]) -> list[Load]:
    """Each worker's open client relationships as responsible worker — new (not yet opened),
    in assessment, all active, and by quadrant — and absences in the next two weeks."""
    loads = {w.pk: Load(w) for w in workers}
    rows = (
        ClientRelationship.objects.filter(responsible_worker__in=list(loads), closed_at__isnull=True)
        .values("responsible_worker_id", "stage", "quadrant")
        .annotate(n=Count("pk"), unseen=Count("pk", filter=Q(seen_at__isnull=True)))
        .order_by()
    )
    for row in rows:
        load = loads[row["responsible_worker_id"]]
        load.active += row["n"]
        load.new += row["unseen"]
        if row["stage"] == CaseStage.ASSESSMENT:
            load.assessments += row["n"]
        if row["quadrant"]:
            load.by_quadrant[row["quadrant"]] = load.by_quadrant.get(row["quadrant"], 0) + row["n"]
    today = timezone.localdate()
    for worker_id, spans in absences_between(
        [load.worker for load in loads.values()], today, today + timedelta(days=14)
    ).items():
        loads[worker_id].absences = spans
    return list(loads.values())


def candidates_for(*, team: Team) -> list[Load]:
    workers = team.workers.filter(
        role__in=[Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR], is_active=True
    ).order_by("role", "last_name", "first_name")
    return worker_loads(workers=workers)


@dataclass
class Pick:
    """A worker in the distribution pickers: their load, and whether they are in the
    client's team (listed first) or another team (an explicit choice with a reason)."""

    load: Load
    in_team: bool


def picker_for(*, intake: Intake) -> list[Pick]:
    """The workers who may take clients, the client's team first, with load and absences:
    four queries whatever the size of the organisation."""
    team_ids = set(intake.team.workers.values_list("pk", flat=True))
    workers = Worker.objects.filter(
        organisation_id=intake.organisation_id,
        is_active=True,
        role__in=[Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR, Role.GUIDANCE_WORKER],
    ).order_by("last_name", "first_name")
    picks = [Pick(load, load.worker.pk in team_ids) for load in worker_loads(workers=workers)]
    return sorted(picks, key=lambda pick: not pick.in_team)


def suggest(loads: list[Load], role: str) -> Load | None:
    """The least-loaded present worker of the recommended role."""
    present = [load for load in loads if load.worker.role == role and not load.absent_today]
    return min(present, key=lambda load: (load.active, load.new, load.worker.pk), default=None)
