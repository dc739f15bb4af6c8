"""Writes about workers (no client data): absences, and every change of a worker's access.

Administrators configure; team leads vouch for people. Whatever gives a worker a client-work
role, a team, a new email address or access again waits for a team lead's confirmation
(`WorkerChange`); whatever only takes access away takes effect at once. Both are written to
the worker history (`WorkerEvent`) with who, when and old → new, in the same transaction.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.core import selectors
from polku.core.models import (
    CLIENT_WORK_ROLES,
    NO_ROLE,
    Absence,
    Role,
    Team,
    Worker,
    WorkerChange,
    WorkerEvent,
)

Action = WorkerEvent.Action


def _check_lead_of(actor: Worker, worker: Worker) -> None:
    """A team lead records absences of the workers of their own teams."""
    if actor.role != Role.TEAM_LEAD or not worker.teams.filter(pk__in=actor.teams.values("pk")).exists():
        raise PermissionDenied


@transaction.atomic
def absence_add(*, actor: Worker, worker: Worker, starts_on: date, ends_on: date, note: str) -> Absence:
    _check_lead_of(actor, worker)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The absence cannot end before it starts.")})
    absence = Absence(worker=worker, starts_on=starts_on, ends_on=ends_on, note=note)
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
def absence_remove(*, actor: Worker, absence: Absence) -> None:
    _check_lead_of(actor, absence.worker)
    absence.delete()


# --- Worker history -----------------------------------------------------------------------


def _names(teams: Iterable[Team]) -> list[str]:
    return sorted(team.name for team in teams)


def record_event(
    *,
    worker: Worker,
    actor: Worker | None,
    action: str,
    teams: Iterable[Team],
    changes: dict[str, Any] | None = None,
    reason: str = "",
    change: WorkerChange | None = None,
) -> WorkerEvent:
    """One history row; `actor` None is the operator on the server (a management command)."""
    event = WorkerEvent.objects.create(
        organisation_id=worker.organisation_id,
        worker=worker,
        worker_name=str(worker),
        actor=actor,
        actor_name=str(actor) if actor else "",
        action=action,
        changes=changes or {},
        reason=reason,
        change=change,
    )
    event.teams.set(list(teams))
    return event


# --- Role, teams, email and access ----------------------------------------------------------


def _is_admin(actor: Worker) -> bool:
    return actor.is_active and (actor.is_superuser or actor.role == Role.ADMINISTRATOR)


def check_admin_of(actor: Worker, worker: Worker) -> None:
    if not _is_admin(actor):
        raise PermissionDenied
    if not actor.is_superuser and actor.organisation_id != worker.organisation_id:
        raise PermissionDenied


def check_role_and_teams(*, role: str, teams: list[Team]) -> None:
    """Client workers belong to at least one team; administrators and partners to none."""
    if role in CLIENT_WORK_ROLES and not teams:
        raise ValidationError({"teams": _("A worker who does client work belongs to at least one team.")})
    if role == Role.ADMINISTRATOR and teams:
        raise ValidationError({"teams": _("Administrators do not belong to teams.")})
    if role == Role.PARTNER and teams:
        raise ValidationError({"teams": _("Partner professionals do not belong to teams.")})


def partner_refusal() -> str:
    """Partner professionals read client data under consents, so an administrator neither
    makes one nor gives one access (Act 703/2023): a team lead does, in Polku."""
    return _(
        "Partner professionals are added by a team lead in Polku, under Team → Partners, "
        "not in the configuration."
    )


def _check_partner_request(worker: Worker, role: str, teams: list[Team], email: str, is_active: bool) -> None:
    if role == Role.PARTNER and worker.role != Role.PARTNER:
        raise ValidationError({"role": partner_refusal()})
    # An administrator may end a partner's access, never widen it.
    widens = bool(teams) or email != worker.email or (is_active and not worker.is_active)
    if worker.role == Role.PARTNER and role == Role.PARTNER and widens:
        raise ValidationError(
            _(
                "A team lead gives a partner professional access and keeps their email "
                "address, under Team → Partners in Polku. Here you can only end their access."
            )
        )


def _check_teams(worker: Worker, role: str, teams: list[Team]) -> None:
    if any(team.organisation_id != worker.organisation_id for team in teams):
        raise ValidationError({"teams": _("Choose teams of the worker's own organisation.")})
    check_role_and_teams(role=role, teams=teams)


def _withdraw_pending(*, actor: Worker, worker: Worker) -> None:
    for change in WorkerChange.objects.filter(worker=worker, status=WorkerChange.Status.PENDING):
        change.status = WorkerChange.Status.WITHDRAWN
        change.decided_by = actor
        change.decided_by_name = str(actor)
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_by_name", "decided_at"])
        record_event(
            worker=worker,
            actor=actor,
            action=Action.CHANGE_WITHDRAWN,
            teams=[*change.add_teams.all(), *worker.teams.all()],
            change=change,
        )


def _request(
    *, actor: Worker, worker: Worker, role: str, add_teams: list[Team], email: str, activate: bool
) -> WorkerChange:
    _withdraw_pending(actor=actor, worker=worker)
    change = WorkerChange.objects.create(
        organisation_id=worker.organisation_id,
        worker=worker,
        old_role=worker.role,
        role=role,
        email=email,
        activate=activate,
        requested_by=actor,
        requested_by_name=str(actor),
    )
    change.add_teams.set(add_teams)
    current = list(worker.teams.all())
    changes: dict[str, Any] = {}
    if role != worker.role:
        changes["role"] = [worker.role, role]
    if add_teams:
        changes["teams"] = [_names(current), _names([*current, *add_teams])]
    if email:
        changes["email"] = [worker.email, email]
    if activate:
        changes["is_active"] = [False, True]
    record_event(
        worker=worker,
        actor=actor,
        action=Action.CHANGE_REQUESTED,
        teams=[*current, *add_teams],
        changes=changes,
        change=change,
    )
    return change


def _release_duty(worker: Worker, team_ids: list[int] | None = None) -> list[str]:
    from polku.intake.rota import duty_weeks_release  # the rota is a feature of intake

    return [monday.isoformat() for monday in duty_weeks_release(worker=worker, team_ids=team_ids)]


def _remove_teams(*, actor: Worker, worker: Worker, teams: list[Team]) -> None:
    before = list(worker.teams.all())
    worker.teams.remove(*teams)
    changes: dict[str, Any] = {
        "teams": [_names(before), _names(t for t in before if t not in teams)],
    }
    released = _release_duty(worker, [team.pk for team in teams])
    if released:
        changes["duty_weeks"] = [released, []]
    record_event(worker=worker, actor=actor, action=Action.TEAMS_REMOVED, teams=teams, changes=changes)


def _end_api_keys(worker: Worker, reason: str) -> int:
    from polku.api.models import EndReason  # API keys are a feature of polku.api
    from polku.api.services import api_tokens_end

    return api_tokens_end(worker=worker, reason=EndReason(reason))


def _deactivate(*, actor: Worker, worker: Worker) -> None:
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    changes: dict[str, Any] = {"is_active": [True, False]}
    released = _release_duty(worker)
    if released:
        changes["duty_weeks"] = [released, []]
    ended = _end_api_keys(worker, "access_ended")
    if ended:
        changes["api_keys"] = [ended, 0]
    record_event(
        worker=worker, actor=actor, action=Action.DEACTIVATED, teams=worker.teams.all(), changes=changes
    )


def _to_administrator(*, actor: Worker, worker: Worker, email: str, is_active: bool) -> None:
    """Administrators configure and see no client data: what an administrator decides about
    another administrator, or turning a worker into one, takes effect at once."""
    _withdraw_pending(actor=actor, worker=worker)
    changes: dict[str, Any] = {}
    if worker.role != Role.ADMINISTRATOR:
        changes["role"] = [worker.role, Role.ADMINISTRATOR]
        released = _release_duty(worker)
        if released:
            changes["duty_weeks"] = [released, []]
        ended = _end_api_keys(worker, "role_changed")
        if ended:
            changes["api_keys"] = [ended, 0]
    if email != worker.email:
        changes["email"] = [worker.email, email]
    if is_active != worker.is_active:
        changes["is_active"] = [worker.is_active, is_active]
    if not changes:
        return
    worker.role = Role.ADMINISTRATOR
    worker.is_staff = True
    worker.email = email
    worker.is_active = is_active
    worker.save(update_fields=["role", "is_staff", "email", "is_active"])
    record_event(worker=worker, actor=actor, action=Action.DETAILS_CHANGED, teams=[], changes=changes)


@transaction.atomic
def worker_add(*, actor: Worker, worker: Worker, role: str, teams: Iterable[Team]) -> WorkerChange | None:
    """An administrator adds a worker (an unsaved `worker` with names and email). The worker
    starts with an unusable password; send them a link to set one. A client worker starts
    with no role and no team: the role and teams wait for a team lead's confirmation."""
    teams = list(teams)
    if not actor.is_superuser or not worker.organisation_id:
        worker.organisation_id = actor.organisation_id
    check_admin_of(actor, worker)
    if role == Role.PARTNER:
        raise ValidationError({"role": partner_refusal()})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    _check_teams(worker, role, teams)
    if not worker.email:
        raise ValidationError({"email": _("The worker needs an email address for the password link.")})
    worker.set_unusable_password()
    worker.is_superuser = False
    worker.is_staff = role == Role.ADMINISTRATOR
    worker.role = Role.ADMINISTRATOR if role == Role.ADMINISTRATOR else NO_ROLE
    worker.save()
    record_event(
        worker=worker,
        actor=actor,
        action=Action.CREATED,
        teams=teams,
        changes={"email": [None, worker.email]},
    )
    if role == Role.ADMINISTRATOR:
        return None
    return _request(actor=actor, worker=worker, role=role, add_teams=teams, email="", activate=False)


@transaction.atomic
def worker_change_request(
    *, actor: Worker, worker: Worker, role: str, teams: Iterable[Team], email: str, is_active: bool
) -> WorkerChange | None:
    """An administrator asks for the worker to have `role`, `teams`, `email` and `is_active`.
    Leaving teams and losing access take effect at once; a new client-work role, added
    teams, a client worker's new email address and access again wait for a team lead
    (returned as the pending change). Becoming or staying an administrator is at once.
    Nobody becomes a partner professional here, and a partner's access is only ended here."""
    check_admin_of(actor, worker)
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    teams = list(teams)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    _check_partner_request(worker, role, teams, email, is_active)
    _check_teams(worker, role, teams)
    current = set(worker.teams.all())
    removed = [team for team in current if team not in teams]
    if removed:
        _remove_teams(actor=actor, worker=worker, teams=removed)
    if worker.is_active and not is_active:
        _deactivate(actor=actor, worker=worker)
    if role == Role.ADMINISTRATOR:
        _to_administrator(actor=actor, worker=worker, email=email, is_active=is_active)
        return None
    added = [team for team in teams if team not in current]
    new_email = email if email != worker.email else ""
    activate = is_active and not worker.is_active
    if role == worker.role and not added and not new_email and not activate:
        _withdraw_pending(actor=actor, worker=worker)
        return None
    pending = selectors.pending_change_of(worker)
    if pending is not None and (
        pending.role,
        set(pending.add_teams.all()),
        pending.email,
        pending.activate,
    ) == (
        role,
        set(added),
        new_email,
        activate,
    ):
        return pending  # the same request again: it keeps its place
    return _request(
        actor=actor, worker=worker, role=role, add_teams=added, email=new_email, activate=activate
    )


def _decide(*, actor: Worker, change: WorkerChange, status: str, reason: str) -> WorkerChange:
    """Mark a pending change decided; the conditional update makes the second of two leads
    deciding at once see that it has been decided, on SQLite and PostgreSQL alike."""
    if change.worker_id == actor.pk:
        raise PermissionDenied
    worker_teams = set(change.worker.teams.values_list("pk", flat=True))
    if not selectors.may_confirm(
        actor, change, selectors.leads_by_team(change.organisation_id), worker_teams
    ):
        raise PermissionDenied
    now = timezone.now()
    decided = WorkerChange.objects.filter(pk=change.pk, status=WorkerChange.Status.PENDING).update(
        status=status, decided_by=actor, decided_by_name=str(actor), decided_at=now, reason=reason
    )
    if not decided:
        raise ValidationError(_("This change has already been decided or replaced by a newer request."))
    change.refresh_from_db()
    return change


def _apply(*, actor: Worker | None, change: WorkerChange) -> None:
    """Give the worker what a confirmed change says, and record old → new."""
    if change.role == Role.PARTNER and change.old_role != Role.PARTNER:
        # A request made before partners were refused here: nobody confirms it into effect.
        raise ValidationError(partner_refusal())
    worker = Worker.objects.select_for_update().get(pk=change.worker_id)
    add_teams = list(change.add_teams.all())
    before = list(worker.teams.all())
    changes: dict[str, Any] = {}
    if change.role != worker.role:
        changes["role"] = [worker.role, change.role]
        released = _release_duty(worker)
        if released:
            changes["duty_weeks"] = [released, []]
        worker.role = change.role
    if add_teams:
        changes["teams"] = [_names(before), _names({*before, *add_teams})]
    if change.email and change.email != worker.email:
        changes["email"] = [worker.email, change.email]
        worker.email = change.email
    if change.activate and not worker.is_active:
        changes["is_active"] = [False, True]
        worker.is_active = True
    worker.is_staff = worker.role == Role.ADMINISTRATOR
    worker.save(update_fields=["role", "email", "is_active", "is_staff"])
    worker.teams.add(*add_teams)
    record_event(
        worker=worker,
        actor=actor,
        action=Action.CHANGE_CONFIRMED,
        teams=[*before, *add_teams],
        changes=changes,
        change=change,
    )


@transaction.atomic
def worker_change_confirm(*, actor: Worker, change: WorkerChange) -> WorkerChange:
    """A team lead confirms: only now do the role, teams, email address and access change."""
    change = _decide(actor=actor, change=change, status=WorkerChange.Status.CONFIRMED, reason="")
    _apply(actor=actor, change=change)
    return change


@transaction.atomic
def worker_change_decline(*, actor: Worker, change: WorkerChange, reason: str) -> WorkerChange:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the change is declined.")})
    change = _decide(actor=actor, change=change, status=WorkerChange.Status.DECLINED, reason=reason)
    record_event(
        worker=change.worker,
        actor=actor,
        action=Action.CHANGE_DECLINED,
        teams=[*change.add_teams.all(), *change.worker.teams.all()],
        reason=reason,
        change=change,
    )
    return change


@transaction.atomic
def worker_change_confirm_as_operator(*, change: WorkerChange) -> WorkerChange:
    """Bootstrap from the server's command line, for a change no team lead can confirm (the
    organisation's first team lead). Refused while a team lead could confirm it."""
    leads = selectors.leads_by_team(change.organisation_id)
    worker_teams = set(change.worker.teams.values_list("pk", flat=True))
    for lead in Worker.objects.filter(
        organisation_id=change.organisation_id, role=Role.TEAM_LEAD, is_active=True
    ).exclude(pk=change.worker_id):
        if selectors.may_confirm(lead, change, leads, worker_teams):
            raise ValidationError(_("A team lead can confirm this change: %(lead)s.") % {"lead": lead})
    decided = WorkerChange.objects.filter(pk=change.pk, status=WorkerChange.Status.PENDING).update(
        status=WorkerChange.Status.CONFIRMED, decided_at=timezone.now()
    )
    if not decided:
        raise ValidationError(_("This change has already been decided or replaced by a newer request."))
    _apply(actor=None, change=change)
    change.refresh_from_db()
    return change
