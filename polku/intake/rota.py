"""The duty pair rota: each week one social worker and one social counsellor of a team
distribute forwarded intakes and handle urgent work (päivystysvuoro)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.core.models import Role, Team, Worker
from polku.core.selectors import absences_between
from polku.intake.models import DutyWeek
from polku.intake.weeks import week_start_of


def team_workers(team: Team, role: str) -> list[Worker]:
    return list(team.workers.filter(role=role, is_active=True).order_by("last_name", "first_name"))


def duty_pair_now(team: Team) -> DutyWeek | None:
    return (
        DutyWeek.objects.select_related("social_worker", "social_counsellor")
        .filter(team=team, week_start=week_start_of(timezone.localdate()))
        .first()
    )


def duty_weeks_of(worker: Worker) -> list[DutyWeek]:
    """The teams' duty weeks the worker is on this week (usually none or one)."""
    return list(
        DutyWeek.objects.select_related("team", "social_worker", "social_counsellor").filter(
            Q(social_worker=worker) | Q(social_counsellor=worker),
            organisation_id=worker.organisation_id,
            week_start=week_start_of(timezone.localdate()),
        )
    )


@dataclass
class RotaWeek:
    week_start: date
    duty: DutyWeek | None

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar()[1]

    @property
    def is_current(self) -> bool:
        return self.week_start == week_start_of(timezone.localdate())


def team_rota(team: Team, first: date, weeks: int) -> list[RotaWeek]:
    start = week_start_of(first)
    found = {
        d.week_start: d
        for d in DutyWeek.objects.select_related("social_worker", "social_counsellor").filter(
            team=team, week_start__gte=start, week_start__lt=start + timedelta(weeks=weeks)
        )
    }
    return [RotaWeek(start + timedelta(weeks=n), found.get(start + timedelta(weeks=n))) for n in range(weeks)]


def _check_lead(actor: Worker, team: Team) -> None:
    if actor.role != Role.TEAM_LEAD or not actor.teams.filter(pk=team.pk).exists():
        raise PermissionDenied


@transaction.atomic
def duty_week_set(
    *, actor: Worker, team: Team, week_start: date, social_worker: Worker, social_counsellor: Worker
) -> DutyWeek:
    _check_lead(actor, team)
    monday = week_start_of(week_start)
    duty = DutyWeek.objects.filter(team=team, week_start=monday).first() or DutyWeek(
        organisation_id=team.organisation_id, team=team, week_start=monday
    )
    duty.social_worker = social_worker
    duty.social_counsellor = social_counsellor
    # DutyWeek.clean: each slot takes an active member of the team with the slot's role.
    duty.full_clean()
    duty.save()
    return duty


def _fair_choice(
    candidates: list[Worker], counts: dict[int, int], last: dict[int, date], absent: set[int]
) -> Worker | None:
    """The present worker with the fewest duty weeks, then the longest since the last one."""
    present = [w for w in candidates if w.pk not in absent]
    if not present:
        return None
    return min(present, key=lambda w: (counts.get(w.pk, 0), last.get(w.pk, date.min), w.last_name, w.pk))


@dataclass
class GeneratedRota:
    weeks: list[DutyWeek]
    unfilled: list[date]


@transaction.atomic
def duty_rota_generate(*, actor: Worker, team: Team, first: date, weeks: int) -> GeneratedRota:
    """Fill `weeks` weeks from `first` fairly: whoever has had the fewest duty weeks in
    the past year goes next, and a worker absent on any working day of a week is skipped.
    Weeks already in the rota from `first` on are replaced."""
    _check_lead(actor, team)
    if not 1 <= weeks <= 26:
        raise ValidationError({"weeks": _("Generate between 1 and 26 weeks at a time.")})
    start = week_start_of(first)
    if start < week_start_of(timezone.localdate()):
        raise ValidationError({"first": _("The rota cannot be generated for past weeks.")})
    end = start + timedelta(weeks=weeks)
    DutyWeek.objects.filter(team=team, week_start__gte=start, week_start__lt=end).delete()
    history = DutyWeek.objects.filter(
        team=team, week_start__gte=start - timedelta(days=365), week_start__lt=start
    )
    counts: dict[int, int] = {}
    last: dict[int, date] = {}
    for duty in history:
        for worker_id in (duty.social_worker_id, duty.social_counsellor_id):
            counts[worker_id] = counts.get(worker_id, 0) + 1
            last[worker_id] = max(last.get(worker_id, date.min), duty.week_start)
    social_workers = team_workers(team, Role.SOCIAL_WORKER)
    counsellors = team_workers(team, Role.SOCIAL_COUNSELLOR)
    absences = absences_between(social_workers + counsellors, start, end)
    created, unfilled = [], []
    for n in range(weeks):
        monday = start + timedelta(weeks=n)
        friday = monday + timedelta(days=4)
        absent = {
            worker_id
            for worker_id, spans in absences.items()
            if any(a.starts_on <= friday and a.ends_on >= monday for a in spans)
        }
        sw = _fair_choice(social_workers, counts, last, absent)
        sc = _fair_choice(counsellors, counts, last, absent)
        if sw is None or sc is None:
            unfilled.append(monday)
            continue
        for worker in (sw, sc):
            counts[worker.pk] = counts.get(worker.pk, 0) + 1
            last[worker.pk] = monday
        duty = DutyWeek(
            organisation_id=team.organisation_id,
            team=team,
            week_start=monday,
            social_worker=sw,
            social_counsellor=sc,
        )
        duty.full_clean()
        duty.save()
        created.append(duty)
    return GeneratedRota(created, unfilled)


def duty_weeks_release(*, worker: Worker, team_ids: list[int] | None = None) -> list[date]:
    """Take a worker off this week's and coming duty weeks (of the given teams, or of all),
    in the caller's transaction: a worker who leaves a team, changes role or loses access no
    longer holds the duty pair's basis. A week needs both members, so the week is emptied and
    the team lead chooses a new pair. Past weeks stay as history."""
    weeks = DutyWeek.objects.filter(
        Q(social_worker=worker) | Q(social_counsellor=worker),
        week_start__gte=week_start_of(timezone.localdate()),
    )
    if team_ids is not None:
        weeks = weeks.filter(team_id__in=team_ids)
    released = sorted(weeks.values_list("week_start", flat=True))
    weeks.delete()
    return released
