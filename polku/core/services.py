"""Writes about workers (no client data)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from polku.core.models import Absence, Role, Worker


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
