"""Every write of the aftercare process. The client's own workers (the responsible and the
pair worker of an open aftercare relationship) record each meeting once it has been held, in
order: preparation, plan, follow-up. Each meeting is recorded once; 3X10D is filled in at
each and linked to it."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.access.capabilities import Capability
from polku.aftercare.models import ORDER, AftercareMeeting, Delivery, MeetingMode, ServiceFollowUp, Stage
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.casework.services import check_worker
from polku.core.history import record_change, snapshot
from polku.core.models import Worker
from polku.measures.models import Instrument, MeasureAnswer
from polku.measures.services import answer_record
from polku.plans.models import PlanStatus, PlanType, PlanVersion

THREE_X_TEN = "3x10d"
PREPARATION_FIELDS = [
    "place",
    "mode",
    "invited",
    "peer_invited",
    "rights_info_on",
    "rights_info_how",
    "wishes",
    "notes",
]

# What a record needs, in the same words from the form and from the service.
MISSING = {
    "place": gettext_lazy("Write where the young person wants to meet."),
    "mode": gettext_lazy("Choose how the young person wants to meet."),
    "invited": gettext_lazy("Write who is invited."),
    "wishes": gettext_lazy("Write the young person's wishes."),
    "delivery": gettext_lazy("Say whether the service was delivered."),
}


def check_aftercare(actor: Worker, relationship: ClientRelationship) -> None:
    """The gate first (404 without a basis, 403 without WRITE_DOCUMENTS), then the client's
    own worker on an open relationship; the process exists only on aftercare."""
    check_worker(actor, relationship, Capability.WRITE_DOCUMENTS)
    if relationship.kind != RelationshipKind.AFTERCARE:
        raise Http404


def previous_stage(stage: str) -> Stage | None:
    index = ORDER.index(Stage(stage))
    return ORDER[index - 1] if index else None


ORDER_REFUSALS = {
    Stage.PLAN: gettext_lazy("Record the preparation meeting first: the plan meeting is held after it."),
    Stage.FOLLOW_UP: gettext_lazy("Record the plan meeting first: the follow-up meeting is held after it."),
}
EARLIER_DATE = {
    Stage.PLAN: gettext_lazy(
        "The plan meeting cannot be before the preparation meeting (%(date)s). Give that date or a later one."
    ),
    Stage.FOLLOW_UP: gettext_lazy(
        "The follow-up meeting cannot be before the plan meeting (%(date)s). Give that date or a later one."
    ),
}


def order_refusal(stage: str) -> str:
    """Why a stage cannot be recorded yet, in the reader's language."""
    return str(ORDER_REFUSALS[Stage(stage)])


def _open(actor: Worker, relationship: ClientRelationship, stage: Stage, held_on: date) -> AftercareMeeting:
    """The new meeting, unsaved, after the checks every stage shares: the gate, the order of
    the stages and the date. The relationship is locked so that two workers recording the
    same stage at once are told, not failed."""
    check_aftercare(actor, relationship)
    ClientRelationship.objects.select_for_update().filter(pk=relationship.pk).first()
    recorded = {m.stage: m for m in AftercareMeeting.objects.filter(relationship=relationship)}
    if stage in recorded:
        raise ValidationError(_("This meeting has already been recorded."))
    previous = previous_stage(stage)
    if previous is not None and previous not in recorded:
        raise ValidationError(order_refusal(stage))
    if held_on > timezone.localdate():
        raise ValidationError(
            {"held_on": _("The meeting cannot be in the future. Record it once it has been held.")}
        )
    if previous is not None and held_on < recorded[previous].held_on:
        message = str(EARLIER_DATE[stage]) % {"date": date_format(recorded[previous].held_on, "j.n.Y")}
        raise ValidationError({"held_on": message})
    return AftercareMeeting(
        organisation_id=relationship.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        stage=stage,
        held_on=held_on,
        recorded_by=actor,
    )


def _save(actor: Worker, meeting: AftercareMeeting, fields: list[str]) -> AftercareMeeting:
    meeting.full_clean()
    meeting.save()
    record_change(
        actor=actor,
        instance=meeting,
        client_id=meeting.client_id,
        action="record",
        before={},
        after=snapshot(meeting, ["stage", "held_on", *fields]),
    )
    return meeting


def _preparation_errors(data: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for name in ("place", "invited", "wishes"):
        if not str(data.get(name, "")).strip():
            errors[name] = str(MISSING[name])
    if data.get("mode") not in MeetingMode.values:
        errors["mode"] = str(MISSING["mode"])
    given_on, how = data.get("rights_info_on"), str(data.get("rights_info_how", "")).strip()
    if given_on and not how:
        errors["rights_info_how"] = _("Say how the written information was given.")
    if how and not given_on:
        errors["rights_info_on"] = _("Give the date the written information was given.")
    if given_on and given_on > timezone.localdate():
        errors["rights_info_on"] = _("The date cannot be in the future.")
    return errors


@transaction.atomic
def preparation_record(
    *, actor: Worker, relationship: ClientRelationship, held_on: date, data: dict[str, Any]
) -> AftercareMeeting:
    """The preparation meeting: the young person chooses the place, the way of meeting and
    who is invited (a peer or a trained experience expert among them, if they wish), and is
    given written information on their aftercare rights."""
    meeting = _open(actor, relationship, Stage.PREPARATION, held_on)
    errors = _preparation_errors(data)
    if errors:
        raise ValidationError(errors)
    for name in PREPARATION_FIELDS:
        if name in data:
            setattr(meeting, name, data[name])
    return _save(actor, meeting, PREPARATION_FIELDS)


def agreed_plan_versions(relationship: ClientRelationship) -> list[PlanVersion]:
    """The agreed versions of the relationship's aftercare plans, newest first."""
    return list(
        PlanVersion.objects.filter(
            plan__relationship=relationship, plan__plan_type=PlanType.AFTERCARE, status=PlanStatus.AGREED
        )
        .select_related("plan")
        .order_by("-agreed_at", "-pk")
    )


@transaction.atomic
def plan_meeting_record(
    *,
    actor: Worker,
    relationship: ClientRelationship,
    held_on: date,
    plan_version: PlanVersion | None,
    notes: str = "",
) -> AftercareMeeting:
    """The plan meeting: the aftercare plan (made in the plans app, from the young person's
    wishes) is agreed at it. The meeting names the agreed version."""
    meeting = _open(actor, relationship, Stage.PLAN, held_on)
    if plan_version is None:
        raise ValidationError(
            {
                "plan_version": _(
                    "The aftercare plan has not been agreed yet. Make the plan with the young person "
                    "and agree it, then record the meeting."
                )
            }
        )
    if plan_version.pk not in {v.pk for v in agreed_plan_versions(relationship)}:
        raise ValidationError(
            {"plan_version": _("Choose an agreed aftercare plan of this client relationship.")}
        )
    meeting.plan_version = plan_version
    meeting.notes = notes
    return _save(actor, meeting, ["plan_version", "notes"])


def _delivery_errors(services: list[Any], deliveries: dict[int, tuple[str, str]]) -> dict[str, str]:
    errors = {}
    for service in services:
        delivery, next_steps = deliveries.get(service.pk, ("", ""))
        if delivery not in Delivery.values:
            errors[f"delivery_{service.pk}"] = str(MISSING["delivery"])
        elif delivery != Delivery.DELIVERED and not next_steps.strip():
            errors[f"next_{service.pk}"] = _("Write what happens next with this service.")
    return errors


@transaction.atomic
def follow_up_record(
    *,
    actor: Worker,
    relationship: ClientRelationship,
    held_on: date,
    deliveries: dict[int, tuple[str, str]],
    notes: str = "",
) -> AftercareMeeting:
    """The follow-up meeting: for each service agreed in the plan, whether it was delivered
    (fully, partly, not) and what happens next. `deliveries` maps the planned service's id to
    (delivery, what next)."""
    meeting = _open(actor, relationship, Stage.FOLLOW_UP, held_on)
    plan_meeting = AftercareMeeting.objects.select_related("plan_version").get(
        relationship=relationship, stage=Stage.PLAN
    )
    services = list(plan_meeting.plan_version.services.all()) if plan_meeting.plan_version else []
    unknown = set(deliveries) - {s.pk for s in services}
    if unknown:
        raise ValidationError(_("Choose services of the agreed aftercare plan."))
    errors = _delivery_errors(services, deliveries)
    if errors:
        raise ValidationError(errors)
    meeting.notes = notes
    _save(actor, meeting, ["notes"])
    for service in services:
        delivery, next_steps = deliveries[service.pk]
        row = ServiceFollowUp.objects.create(
            meeting=meeting, planned_service=service, delivery=delivery, next_steps=next_steps
        )
        record_change(
            actor=actor,
            instance=row,
            client_id=meeting.client_id,
            action="record",
            before={},
            after={"service": str(service), "delivery": delivery, "next_steps": next_steps},
        )
    return meeting


@transaction.atomic
def meeting_measure_record(
    *,
    actor: Worker,
    meeting: AftercareMeeting,
    instrument: Instrument,
    answered_on: date,
    answered_by: str,
    values: dict[str, Any],
) -> MeasureAnswer:
    """3X10D filled in at a meeting: recorded as any answer (polku.measures) and linked to the
    meeting, once per meeting."""
    check_aftercare(actor, meeting.relationship)
    meeting = AftercareMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.measure_answer_id is not None:
        raise ValidationError(_("3X10D has already been filled in at this meeting."))
    if instrument.key != THREE_X_TEN:
        raise ValidationError(_("The aftercare meetings use 3X10D."))
    answer = answer_record(
        actor=actor,
        relationship=meeting.relationship,
        instrument=instrument,
        answered_on=answered_on,
        answered_by=answered_by,
        values=values,
    )
    meeting.measure_answer = answer
    meeting.save(update_fields=["measure_answer"])
    record_change(
        actor=actor,
        instance=meeting,
        client_id=meeting.client_id,
        action="measure",
        before={"measure_answer": None},
        after={"measure_answer": str(answer)},
    )
    return answer
