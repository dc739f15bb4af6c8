"""Reads about workers and teams (no client data)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.core.models import (
    CLIENT_WORK_ROLES,
    Absence,
    EnrolmentCode,
    Role,
    Team,
    Worker,
    WorkerChange,
    WorkerEvent,
)


def absence_on(worker: Worker, day: date) -> Absence | None:
    return Absence.objects.filter(worker=worker, starts_on__lte=day, ends_on__gte=day).first()


def absences_between(workers: Iterable[Worker], first: date, last: date) -> dict[int, list[Absence]]:
    """Each worker's absences that overlap first..last, in one query."""
    found: dict[int, list[Absence]] = {}
    for absence in Absence.objects.filter(worker__in=list(workers), starts_on__lte=last, ends_on__gte=first):
        found.setdefault(absence.worker_id, []).append(absence)
    return found


def team_absences(teams: Iterable[Team], since: date) -> list[Absence]:
    """Absences of the teams' workers that have not ended before `since`."""
    return list(
        Absence.objects.filter(worker__teams__in=list(teams), ends_on__gte=since)
        .select_related("worker")
        .distinct()
        .order_by("starts_on", "worker__last_name")
    )


# Who vouches for whom. A team lead vouches for the workers of their own teams: they confirm
# role and team changes and give enrolment codes for the second factor. A team that has no
# active lead (apart from the worker concerned, e.g. its first lead) is vouched for by any
# other active team lead of the organisation. Nobody vouches for themself.

LeadsByTeam = dict[int, set[int]]


def leads_by_team(organisation_id: int) -> LeadsByTeam:
    """The active team leads of each team of the organisation, in one query."""
    rows = Worker.teams.through.objects.filter(
        worker__organisation_id=organisation_id, worker__role=Role.TEAM_LEAD, worker__is_active=True
    ).values_list("team_id", "worker_id")
    found: LeadsByTeam = {}
    for team_id, worker_id in rows:
        found.setdefault(team_id, set()).add(worker_id)
    return found


def _is_lead(worker: Worker) -> bool:
    return worker.role == Role.TEAM_LEAD and worker.is_active


def may_vouch(lead: Worker, worker_id: int, team_id: int, leads: LeadsByTeam) -> bool:
    if not _is_lead(lead) or lead.pk == worker_id:
        return False
    others = leads.get(team_id, set()) - {worker_id}
    return lead.pk in others if others else True


def may_confirm(lead: Worker, change: WorkerChange, leads: LeadsByTeam, worker_team_ids: set[int]) -> bool:
    """A change that adds teams needs a lead of every added team (so that each team's lead
    decides who sees its clients); one that only changes the role or the email address needs
    a lead of one of the worker's teams."""
    if change.organisation_id != lead.organisation_id:
        return False
    added = {team.pk for team in change.add_teams.all()}
    if added:
        return all(may_vouch(lead, change.worker_id, team_id, leads) for team_id in added)
    return any(may_vouch(lead, change.worker_id, team_id, leads) for team_id in worker_team_ids)


def may_vouch_for_partner(lead: Worker, worker: Worker) -> bool:
    """A partner professional belongs to no team: any active team lead of the organisation
    vouches for them — adds them, sends the password link, gives the enrolment code, ends
    their access. Administrators never do: a partner reads client data under consents."""
    return (
        _is_lead(lead)
        and lead.pk != worker.pk
        and lead.organisation_id == worker.organisation_id
        and worker.role == Role.PARTNER
        and not worker.is_superuser
    )


def may_issue_code(issuer: Worker, worker: Worker, leads: LeadsByTeam, worker_team_ids: set[int]) -> bool:
    """Team leads give enrolment codes to client workers of their teams and to the
    organisation's partner professionals; administrators and superusers to administrators
    (never to themselves)."""
    if issuer.pk == worker.pk or not issuer.is_active or not worker.is_active:
        return False
    if not issuer.is_superuser and issuer.organisation_id != worker.organisation_id:
        return False
    if worker.role in CLIENT_WORK_ROLES and not worker.is_superuser:
        return any(may_vouch(issuer, worker.pk, team_id, leads) for team_id in worker_team_ids)
    if worker.role == Role.ADMINISTRATOR or worker.is_superuser:
        return issuer.is_superuser or issuer.role == Role.ADMINISTRATOR
    if worker.role == Role.PARTNER:
        return may_vouch_for_partner(issuer, worker)
    return False


def pending_change_of(worker: Worker) -> WorkerChange | None:
    return (
        WorkerChange.objects.filter(worker=worker, status=WorkerChange.Status.PENDING)
        .prefetch_related("add_teams")
        .first()
    )


def worker_change_for(*, lead: Worker, change_id: int) -> WorkerChange:
    """A pending or decided change the lead may confirm: 404 for missing, another
    organisation's and another team's alike; 403 for the lead's own change."""
    change = (
        WorkerChange.objects.select_related("worker")
        .prefetch_related("add_teams", "worker__teams")
        .filter(pk=change_id, organisation_id=lead.organisation_id)
        .first()
    )
    if change is None:
        raise Http404
    if change.worker_id == lead.pk:
        raise PermissionDenied
    team_ids = {team.pk for team in change.worker.teams.all()}
    if not may_confirm(lead, change, leads_by_team(lead.organisation_id), team_ids):
        raise Http404
    return change


def worker_for_code(*, lead: Worker, worker_id: int) -> Worker:
    """A worker the lead may give an enrolment code: 404 outside the lead's teams or
    organisation; 403 for the lead themself."""
    if worker_id == lead.pk:
        raise PermissionDenied
    worker = Worker.objects.filter(pk=worker_id, organisation_id=lead.organisation_id).first()
    if worker is None or worker.role not in CLIENT_WORK_ROLES:
        raise Http404
    team_ids = set(worker.teams.values_list("pk", flat=True))
    if not may_issue_code(lead, worker, leads_by_team(lead.organisation_id), team_ids):
        raise Http404
    return worker


@dataclass
class PendingRow:
    change: WorkerChange
    confirmable: bool


@dataclass
class HistoryRow:
    event: WorkerEvent
    details: list[str] = field(default_factory=list)


@dataclass
class WorkerOverview:
    pending: list[PendingRow]
    members: Sequence[Worker]
    history: list[HistoryRow]


def _role_label(code: str | None) -> str:
    return str(dict(Role.choices).get(code or "") or _("no role yet"))


def _join(values: object) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list) and values else "–"


def describe(changes: dict[str, list[object]]) -> list[str]:
    """The old → new values of a history entry in the reader's language."""
    lines = []
    for name, (old, new) in changes.items():
        if name == "role":
            lines.append(
                _("Role: %(old)s → %(new)s")
                % {"old": _role_label(str(old or "")), "new": _role_label(str(new or ""))}
            )
        elif name == "teams":
            lines.append(_("Teams: %(old)s → %(new)s") % {"old": _join(old), "new": _join(new)})
        elif name == "partner":
            lines.append(
                _("Partner organisation: %(old)s → %(new)s") % {"old": old or "–", "new": new or "–"}
            )
        elif name == "email":
            lines.append(_("Email: %(old)s → %(new)s") % {"old": old or "–", "new": new or "–"})
        elif name == "is_active":
            lines.append(_("Can sign in") + (": " + (_("yes") if new else _("no"))))
        elif name == "duty_weeks":
            lines.append(_("Taken off the duty weeks starting %(weeks)s") % {"weeks": _join(new)})
        elif name == "expires_at" and isinstance(new, str):
            expires = timezone.localtime(datetime.fromisoformat(new))
            lines.append(_("Valid until %(time)s") % {"time": expires.strftime("%d.%m.%Y %H:%M")})
        elif name == "devices":
            lines.append(_("The earlier authenticator app stopped working."))
        elif name == "api_key":
            lines.append(_("API key: %(name)s") % {"name": new or old})
        elif name == "api_keys":
            lines.append(_("API keys ended: %(count)s") % {"count": old})
        elif name == "issued_by":
            lines.append(_("Enrolment code given by %(name)s") % {"name": new or _("the operator")})
    return lines


HISTORY_LENGTH = 100


def worker_overview(lead: Worker) -> WorkerOverview:
    """The team lead's page: changes waiting for them, their teams' workers with the state of
    their second factor, and the history of the teams' worker changes. A constant number of
    queries, whatever the number of workers."""
    leads = leads_by_team(lead.organisation_id)
    team_ids = set(lead.teams.values_list("pk", flat=True))
    pending = []
    for change in (
        WorkerChange.objects.filter(organisation_id=lead.organisation_id, status=WorkerChange.Status.PENDING)
        .select_related("worker")
        .prefetch_related("add_teams", "worker__teams")
        .order_by("requested_at", "pk")
    ):
        worker_teams = {team.pk for team in change.worker.teams.all()}
        confirmable = change.worker_id != lead.pk and may_confirm(lead, change, leads, worker_teams)
        if confirmable or change.worker_id == lead.pk:
            pending.append(PendingRow(change, confirmable))
    now = timezone.now()
    members = list(
        Worker.objects.filter(teams__in=team_ids, is_active=True)
        .distinct()
        .prefetch_related("teams")
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_code=Exists(
                EnrolmentCode.objects.filter(
                    worker=OuterRef("pk"), used_at=None, voided_at=None, expires_at__gt=now
                )
            ),
        )
        .order_by("last_name", "first_name")
    )
    for member in members:
        member_teams = {team.pk for team in member.teams.all()}
        member.may_get_code = may_issue_code(lead, member, leads, member_teams)  # type: ignore[attr-defined]
    events = (
        WorkerEvent.objects.filter(
            Q(teams__in=team_ids) | Q(actor=lead) | Q(worker=lead), organisation_id=lead.organisation_id
        )
        .distinct()
        .order_by("-at", "-id")[:HISTORY_LENGTH]
    )
    history = [HistoryRow(event, describe(event.changes)) for event in events]
    return WorkerOverview(pending, members, history)
