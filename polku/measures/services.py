"""Every write of measures. An answer is recorded by the client's own worker (the
responsible or the pair worker of an open relationship), on the instrument's newest
version in use, with the client or as the worker's own rating."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.casework.models import ClientRelationship
from polku.casework.services import check_worker
from polku.core.history import record_change
from polku.core.models import Worker
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.plans.models import PlanVersion


def _check_evaluation(plan_version: PlanVersion | None, relationship: ClientRelationship) -> None:
    """An answer is tied only to an evaluation (version 2 onwards) of this relationship's plan."""
    if plan_version is None:
        return
    if plan_version.plan.relationship_id != relationship.pk or plan_version.number < 2:
        raise ValidationError({"plan_version": _("Choose an evaluation of this client relationship's plan.")})


@transaction.atomic
def answer_record(
    *,
    actor: Worker,
    relationship: ClientRelationship,
    instrument: Instrument,
    answered_on: date,
    answered_by: str,
    values: dict[str, Any],
    plan_version: PlanVersion | None = None,
) -> MeasureAnswer:
    check_worker(actor, relationship, Capability.WRITE_DOCUMENTS)
    if not instrument.active:
        raise ValidationError(_("This instrument is no longer in use."))
    if answered_by not in (AnsweredBy.TOGETHER, AnsweredBy.WORKER):
        raise ValidationError({"answered_by": _("Say who answered.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The date cannot be in the future.")})
    _check_evaluation(plan_version, relationship)
    answer = MeasureAnswer.objects.create(
        organisation_id=relationship.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        instrument=instrument,
        answered_on=answered_on,
        answered_by=answered_by,
        plan_version=plan_version,
        values=instrument.read.clean_values(values),
        recorded_by=actor,
    )
    record_change(
        actor=actor,
        instance=answer,
        client_id=relationship.client_id,
        action="create",
        before={},
        after={
            "instrument": f"{instrument.key} v{instrument.version}",
            "answered_on": answered_on.isoformat(),
        },
    )
    return answer
