"""Writes of the service needs assessment: start from a client relationship, save drafts
(never over a newer version), complete, then add dated addenda."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.assessment.models import LIFE_AREAS, Addendum, Assessment, AssessmentStatus
from polku.casework.models import CaseStage, ClientRelationship
from polku.casework.services import check_worker as casework_check_worker
from polku.core.errors import EditConflict
from polku.core.history import record_change, snapshot
from polku.core.models import Role, Worker
from polku.core.versioning import save_if_current

TEXT_FIELDS = [
    "started_on",
    "how_done",
    "participants",
    "current_services",
    "client_view",
    "summary",
    "need_nature",
    "special_support",
    "special_support_reasons",
    "relationship_needed",
    "own_worker_needed",
    "client_own_worker_view",
    "own_worker",
    "plan_to_make",
    "no_plan_reason",
    "next_steps",
]
HISTORY_FIELDS = [*TEXT_FIELDS, "life_areas", "status"]


def check_worker(actor: Worker, relationship: ClientRelationship) -> None:
    """The responsible and the pair worker of an open relationship write the client's
    documents (the assessment and the plan)."""
    casework_check_worker(actor, relationship, Capability.WRITE_DOCUMENTS)


@transaction.atomic
def assessment_start(*, actor: Worker, relationship: ClientRelationship) -> Assessment:
    """A new draft, filled in from what is already known: the intake and the quadrant."""
    check_worker(actor, relationship)
    draft = relationship.assessments.filter(status=AssessmentStatus.DRAFT).first()
    if draft is not None:
        return draft
    intake = relationship.intake
    latest = relationship.quadrant_ratings.first()
    assessment = Assessment.objects.create(
        organisation_id=actor.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        author=actor,
        pending_since=timezone.localdate(intake.received_at) if intake else None,
        pending_how=intake.get_channel_display() if intake else "",
        current_services=intake.guidance_given if intake else "",
        special_support=latest.is_special_support if latest else None,
        own_worker=relationship.responsible_worker,
    )
    record_change(
        actor=actor,
        instance=assessment,
        client_id=assessment.client_id,
        action="create",
        before={},
        after=snapshot(assessment, ["started_on", "status"]),
    )
    return assessment


@transaction.atomic
def assessment_save(
    *, actor: Worker, assessment: Assessment, version: int, data: dict[str, Any]
) -> Assessment:
    """Save a draft. A newer version saved by someone else is never overwritten."""
    check_worker(actor, assessment.relationship)
    if not assessment.is_draft:
        raise ValidationError(_("The assessment is completed. Write an addition instead."))
    # From the database: a caller's form may already have written into the instance.
    before = snapshot(Assessment.objects.get(pk=assessment.pk), HISTORY_FIELDS)
    for name in TEXT_FIELDS:
        if name in data:
            setattr(assessment, name, data[name])
    assessment.life_areas = {
        code: data.get(f"life_{code}", "") for code, _label in LIFE_AREAS if data.get(f"life_{code}")
    }
    errors = date_errors(assessment)
    if errors:
        raise ValidationError(errors)
    save_if_current(assessment, version=version, fields=[*TEXT_FIELDS, "life_areas"])
    if "support_needs" in data:
        assessment.support_needs.set(data["support_needs"])
    record_change(
        actor=actor,
        instance=assessment,
        client_id=assessment.client_id,
        action="update",
        before=before,
        after=snapshot(assessment, HISTORY_FIELDS),
    )
    return assessment


def date_errors(assessment: Assessment) -> dict[str, str]:
    """The assessment starts when the matter is pending (SHL 36 §), and not in the future."""
    started = assessment.started_on
    if started is None:
        return {}
    if started > timezone.localdate():
        return {
            "started_on": _("The assessment cannot start in the future. Give today's date or an earlier one.")
        }
    if assessment.pending_since and started < assessment.pending_since:
        return {
            "started_on": _(
                "The assessment cannot start before the matter became pending (%(date)s). "
                "Give that date or a later one."
            )
            % {"date": date_format(assessment.pending_since, "j.n.Y")}
        }
    return {}


def own_worker_problem(assessment: Assessment) -> str | None:
    """SHL 42 §: a client with a special support need has a social worker as own worker.
    Completion refuses it; saving a draft only warns (the draft may still be in progress)."""
    if not assessment.special_support:
        return None
    if assessment.own_worker is None or assessment.own_worker.role != Role.SOCIAL_WORKER:
        return _(
            "The client has a special support need, so their own worker must be a social worker (SHL 42 §)."
        )
    return None


def draft_warnings(assessment: Assessment) -> list[str]:
    """What a saved draft is told now, so that completing it brings no surprise."""
    problem = own_worker_problem(assessment)
    return [problem] if problem else []


def completion_errors(assessment: Assessment) -> dict[str, str]:
    """What is still missing, in words for the worker, by field."""
    errors = {}
    if not assessment.summary.strip():
        errors["summary"] = _("Write the summary of the situation and service needs.")
    if not assessment.client_view.strip():
        errors["client_view"] = _("Write the client's own view. If the client did not give one, say so.")
    for name in ("special_support", "relationship_needed", "own_worker_needed"):
        if getattr(assessment, name) is None:
            errors[name] = _("Answer yes or no.")
    if assessment.special_support:
        if not assessment.special_support_reasons.strip():
            errors["special_support_reasons"] = _("Write the reasons for the special support need.")
        problem = own_worker_problem(assessment)
        if problem:
            errors["own_worker"] = problem
    if assessment.own_worker_needed and assessment.own_worker is None:
        errors["own_worker"] = errors.get("own_worker") or _("Name the own worker.")
    return errors


@transaction.atomic
def assessment_complete(
    *, actor: Worker, assessment: Assessment, version: int, data: dict[str, Any] | None = None
) -> Assessment:
    """Complete the draft, saving `data` first when given. Save and completion are one
    transaction: a refused completion saves nothing and leaves the version as it was, so
    the corrected form is not refused later as someone else's newer version."""
    check_worker(actor, assessment.relationship)
    if data is not None:
        assessment_save(actor=actor, assessment=assessment, version=version, data=data)
        version = assessment.version
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.version != version or not current.is_draft:
        raise EditConflict(current)
    errors = completion_errors(current)
    if errors:
        raise ValidationError(errors)
    current.status = AssessmentStatus.COMPLETED
    current.completed_at = timezone.now()
    current.completed_by = actor
    save_if_current(current, version=version, fields=["status", "completed_at", "completed_by"])
    stage = CaseStage.PLAN if current.plan_to_make else CaseStage.FOLLOW_UP
    ClientRelationship.objects.filter(pk=current.relationship_id).update(stage=stage)
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="complete",
        before={"status": AssessmentStatus.DRAFT},
        after={"status": AssessmentStatus.COMPLETED},
    )
    return current


@transaction.atomic
def addendum_add(*, actor: Worker, assessment: Assessment, text: str) -> Addendum:
    check_worker(actor, assessment.relationship)
    if assessment.is_draft:
        raise ValidationError(_("Edit the draft itself; additions are for completed assessments."))
    if not text.strip():
        raise ValidationError({"text": _("Write the addition.")})
    addendum = Addendum.objects.create(assessment=assessment, text=text, author=actor)
    record_change(
        actor=actor,
        instance=addendum,
        client_id=assessment.client_id,
        action="create",
        before={},
        after={"text": text},
    )
    return addendum
