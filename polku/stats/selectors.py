"""The team's week in numbers, for the weekly team meeting (the Pohjois-Savo model's own
indicators). Counts, not names: a client is named only where the viewer has a basis."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.access.capabilities import Capability
from polku.access.gate import bases_of, log_reads
from polku.access.models import View
from polku.core.models import Absence, Team, Worker
from polku.intake.models import OPEN_STAGES, Channel, Intake, Outcome
from polku.intake.selectors import Load, with_history, with_time_left, worker_loads


@dataclass
class OverdueIntake:
    intake: Intake
    named: bool


@dataclass
class TeamWeek:
    team: Team
    week_start: date
    received: int
    by_channel: list[tuple[str, int, int, str]]
    by_outcome: list[tuple[str, int, int, str]]
    guidance_only: int
    urgent: int
    overdue: list[OverdueIntake]
    loads: list[Load]
    absences: list[Absence]

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    def share(self, count: int) -> int | None:
        return round(100 * count / self.received) if self.received else None

    @property
    def guidance_only_share(self) -> int | None:
        return self.share(self.guidance_only)

    @property
    def urgent_share(self) -> int | None:
        return self.share(self.urgent)


def with_bars(rows: list[tuple[Any, int, str]]) -> list[tuple[str, int, int, str]]:
    """Each count with its bar length in per cent of the largest, and the list behind it."""
    largest = max((count for _label, count, _kind in rows), default=0) or 1
    return [(str(label), count, round(100 * count / largest), kind) for label, count, kind in rows]


def received_in(team: Team, week_start: date) -> QuerySet[Intake]:
    start = timezone.make_aware(datetime.combine(week_start, time.min))
    return Intake.objects.filter(team=team, received_at__gte=start, received_at__lt=start + timedelta(days=7))


def team_week(*, worker: Worker, team: Team, week_start: date) -> TeamWeek:
    received = received_in(team, week_start)
    totals = received.aggregate(
        n=Count("pk"),
        guidance_only=Count("pk", filter=Q(outcome=Outcome.GUIDANCE_ONLY)),
        urgent=Count("pk", filter=Q(is_urgent=True)),
    )
    channels = dict(received.values_list("channel").annotate(n=Count("pk")).order_by())
    outcomes = dict(received.values_list("outcome").annotate(n=Count("pk")).order_by())
    today = timezone.localdate()
    overdue_intakes = list(
        Intake.objects.filter(team=team, stage__in=OPEN_STAGES, start_by__lt=today)
        .select_related("client")
        .order_by("start_by")[:50]
    )
    bases = bases_of(worker)
    overdue = []
    reads = []
    for intake in overdue_intakes:
        basis = bases.basis_for(intake.client, Capability.READ_INTAKE)
        overdue.append(OverdueIntake(intake, named=basis is not None))
        if basis is not None:
            reads.append((intake.client, basis))
    log_reads(worker=worker, reads=reads, view=View.INTAKE_QUEUE)
    with_time_left([row.intake for row in overdue if row.named], worker.organisation)
    members = list(team.workers.filter(is_active=True).order_by("last_name", "first_name"))
    client_workers = [w for w in members if w.does_client_work]
    return TeamWeek(
        team=team,
        week_start=week_start,
        received=totals["n"],
        by_channel=with_bars(
            [(label, channels.get(value, 0), f"channel-{value}") for value, label in Channel.choices]
        ),
        by_outcome=with_bars(
            [(label, outcomes.get(value, 0), f"outcome-{value}") for value, label in Outcome.choices]
            + [(_("still open"), outcomes.get("", 0), "outcome-open")]
        ),
        guidance_only=totals["guidance_only"],
        urgent=totals["urgent"],
        overdue=overdue,
        loads=worker_loads(workers=client_workers),
        absences=list(
            Absence.objects.filter(
                worker__in=members, starts_on__lte=week_start + timedelta(days=6), ends_on__gte=week_start
            ).select_related("worker")
        ),
    )


# What each figure of the week counts, as the list behind it. Only these: a free filter
# would let counts single out a client the viewer has no basis for.
LISTS: dict[str, tuple[Any, Q]] = {
    "received": (_("Intakes received"), Q()),
    "guidance_only": (_("Closed with guidance only"), Q(outcome=Outcome.GUIDANCE_ONLY)),
    "urgent": (_("Handled as urgent"), Q(is_urgent=True)),
    **{f"channel-{value}": (label, Q(channel=value)) for value, label in Channel.choices},
    **{f"outcome-{value}": (label, Q(outcome=value)) for value, label in Outcome.choices},
    "outcome-open": (_("still open"), Q(outcome="")),
}


@dataclass
class WeekList:
    title: str
    intakes: list[Intake]
    total: int
    visible: int
    limit: int = 200

    @property
    def not_shown(self) -> int:
        """Intakes counted in the figure that the viewer has no basis to see."""
        return self.total - self.visible


def team_week_list(*, worker: Worker, team: Team, week_start: date, kind: str) -> WeekList:
    """The intakes behind one of the week's figures, named only where the viewer's basis
    covers the intake (a team lead: the team's; others: their own duty, guidance or clients).
    The rest are only counted, as they already are on the week's page."""
    title, condition = LISTS[kind]
    counted = received_in(team, week_start).filter(condition)
    bases = bases_of(worker)
    visible = counted.filter(bases.client_filter("client__", Capability.READ_INTAKE))
    shown = list(
        with_history(visible).select_related("client").order_by("received_at", "pk")[: WeekList.limit]
    )
    reads = [(i.client, bases.basis_for(i.client, Capability.READ_INTAKE)) for i in shown]
    log_reads(worker=worker, reads=[(c, b) for c, b in reads if b is not None], view=View.TEAM_STATISTICS)
    with_time_left(shown, worker.organisation)
    return WeekList(str(title), shown, counted.count(), visible.count())
