"""Writes of the client plan: made with the client, agreed, evaluated into a new version.

Only the responsible and the pair worker write; only a draft version is edited. The main
text is saved with a version check, so two workers never overwrite each other silently."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from polku.assessment.models import Assessment, AssessmentStatus
from polku.assessment.services import check_worker
from polku.casework.models import CaseStage, ClientRelationship
from polku.core.history import record_change, snapshot
from polku.core.models import Worker
from polku.core.versioning import save_if_current
from polku.plans.models import (
    ClientPlan,
    Goal,
    GoalEvaluation,
    PlanStatus,
    PlanVersion,
    Step,
)

TEXT_FIELDS = [
    "made_on",
    "meeting_place",
    "participants",
    "situation",
    "current_services",
    "client_support_need",
    "worker_support_need",
    "client_services_needed",
    "worker_services_needed",
    "client_strengths",
    "worker_strengths",
    "meeting_who",
    "meeting_where",
    "meeting_frequency",
    "meeting_length",
    "duration",
    "next_review_on",
    "next_review_place",
    "informed_of_rights",
    "next_steps",
    "differing_views",
    "situation_change",
    "continues",
    "continue_reasons",
]
# Copied into the next version when the plan is evaluated.
CARRIED_FIELDS = [
    f for f in TEXT_FIELDS if f not in ("made_on", "situation_change", "continues", "continue_reasons")
]


def _record(
    actor: Worker,
    instance: models.Model,
    client_id: int,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    record_change(
        actor=actor, instance=instance, client_id=client_id, action=action, before=before, after=after
    )


def check_draft(actor: Worker, plan_version: PlanVersion) -> None:
    check_worker(actor, plan_version.plan.relationship)
    if not plan_version.is_draft:
        raise ValidationError(
            _("This version is agreed and stays as it is. Evaluate the plan to make a new version.")
        )


def _day(value: Any) -> str:
    return date_format(value, "j.n.Y")


def date_errors(plan_version: PlanVersion) -> dict[str, str]:
    """The plan is made at a meeting that has happened; its next evaluation comes after it."""
    errors = {}
    made_on, review_on = plan_version.made_on, plan_version.next_review_on
    if made_on and made_on > timezone.localdate():
        errors["made_on"] = _(
            "The plan meeting cannot be in the future. Give the date on which the plan was made."
        )
    if made_on and review_on and review_on <= made_on:
        errors["next_review_on"] = _(
            "The next evaluation must be after the plan meeting (%(date)s). Give a later date."
        ) % {"date": _day(made_on)}
    return errors


def step_date_errors(step: Step, plan_version: PlanVersion) -> dict[str, str]:
    if step.due_on and plan_version.made_on and step.due_on < plan_version.made_on:
        return {
            "due_on": _(
                "A step cannot be due before the plan meeting (%(date)s). Give that date or a later one."
            )
            % {"date": _day(plan_version.made_on)}
        }
    return {}


@transaction.atomic
def plan_create(*, actor: Worker, relationship: ClientRelationship, plan_type: str) -> ClientPlan:
    """A new plan, pre-filled from the latest completed assessment: nothing already in the
    record is asked again."""
    check_worker(actor, relationship)
    plan = ClientPlan.objects.create(
        organisation_id=actor.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        plan_type=plan_type,
        created_by=actor,
    )
    assessment = (
        Assessment.objects.filter(relationship=relationship, status=AssessmentStatus.COMPLETED)
        .order_by("-completed_at")
        .first()
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        author=actor,
        situation=assessment.summary if assessment else "",
        current_services=assessment.current_services if assessment else "",
        client_support_need=assessment.client_view if assessment else "",
        worker_support_need=assessment.summary if assessment else "",
        meeting_who=str(relationship.responsible_worker),
    )
    _record(actor, plan, plan.client_id, "create", {}, {"plan_type": plan_type})
    return plan


@transaction.atomic
def plan_save(*, actor: Worker, plan_version: PlanVersion, version: int, data: dict[str, Any]) -> PlanVersion:
    check_draft(actor, plan_version)
    # From the database: a caller's form may already have written into the instance.
    before = snapshot(PlanVersion.objects.get(pk=plan_version.pk), TEXT_FIELDS)
    for name in TEXT_FIELDS:
        if name in data:
            setattr(plan_version, name, data[name])
    plan_version.full_clean(exclude=["plan", "author"])
    errors = date_errors(plan_version)
    if errors:
        raise ValidationError(errors)
    save_if_current(plan_version, version=version, fields=TEXT_FIELDS)
    _record(
        actor,
        plan_version,
        plan_version.plan.client_id,
        "update",
        before,
        snapshot(plan_version, TEXT_FIELDS),
    )
    return plan_version


@transaction.atomic
def plan_item_add(*, actor: Worker, plan_version: PlanVersion, item: models.Model) -> models.Model:
    """Add a goal, service, method, supporting person or other plan to a draft version."""
    check_draft(actor, plan_version)
    item.plan_version = plan_version  # type: ignore[attr-defined]
    if isinstance(item, Goal):
        item.order = plan_version.goals.count()
    item.full_clean()
    item.save()
    _record(actor, item, plan_version.plan.client_id, "create", {}, {"item": str(item)})
    return item


@transaction.atomic
def goal_part_add(*, actor: Worker, goal: Goal, item: models.Model) -> models.Model:
    """Add a concrete step or a situational factor to a goal."""
    check_draft(actor, goal.plan_version)
    item.goal = goal  # type: ignore[attr-defined]
    if isinstance(item, Step):
        errors = step_date_errors(item, goal.plan_version)
        if errors:
            raise ValidationError(errors)
    item.full_clean()
    item.save()
    _record(actor, item, goal.plan_version.plan.client_id, "create", {}, {"item": str(item)})
    return item


@transaction.atomic
def plan_item_delete(*, actor: Worker, plan_version: PlanVersion, item: models.Model) -> None:
    check_draft(actor, plan_version)
    _record(actor, item, plan_version.plan.client_id, "delete", {"item": str(item)}, {"item": None})
    try:
        item.delete()
    except models.ProtectedError as error:
        raise ValidationError(_("This cannot be removed: an evaluation refers to it.")) from error


@transaction.atomic
def step_mark(*, actor: Worker, step: Any, done: bool) -> None:
    """Ticking a step off is part of following the plan, also in an agreed version."""
    check_worker(actor, step.goal.plan_version.plan.relationship)
    step.done = done
    step.save(update_fields=["done"])
    _record(actor, step, step.goal.plan_version.plan.client_id, "mark", {"done": not done}, {"done": done})


@transaction.atomic
def evaluation_save(*, actor: Worker, evaluation: GoalEvaluation, data: dict[str, Any]) -> GoalEvaluation:
    check_draft(actor, evaluation.plan_version)
    fields = ["client_attainment", "worker_attainment", "client_text", "worker_text"]
    before = snapshot(evaluation, fields)
    for name in fields:
        setattr(evaluation, name, data.get(name))
    evaluation.save()
    _record(
        actor,
        evaluation,
        evaluation.plan_version.plan.client_id,
        "evaluate_goal",
        before,
        snapshot(evaluation, fields),
    )
    return evaluation


def agree_errors(plan_version: PlanVersion) -> list[str]:
    errors = []
    goals = list(plan_version.goals.prefetch_related("steps"))
    if not goals:
        errors.append(_("Set at least one goal together with the client."))
    for goal in goals:
        if not goal.steps.all():
            errors.append(_("Goal '%(goal)s' has no concrete steps yet.") % {"goal": goal.client_words[:60]})
    if plan_version.number > 1:
        if plan_version.continues is None:
            errors.append(_("Say whether the work continues."))
        if plan_version.evaluations.filter(
            client_attainment__isnull=True, worker_attainment__isnull=True
        ).exists():
            errors.append(_("Evaluate each goal of the previous plan."))
    if plan_version.continues is not False and plan_version.next_review_on is None:
        errors.append(_("Set the date of the next evaluation."))
    return errors


@transaction.atomic
def plan_agree(*, actor: Worker, plan_version: PlanVersion, version: int) -> PlanVersion:
    """The plan is agreed with the client; from now on it changes only by evaluation."""
    check_draft(actor, plan_version)
    if plan_version.continues is False:
        # A plan that ends needs no goals of its own: the relationship is closed instead.
        errors = [] if plan_version.evaluations.exists() else agree_errors(plan_version)
    else:
        errors = agree_errors(plan_version)
    if errors:
        raise ValidationError(errors)
    plan_version.status = PlanStatus.AGREED
    plan_version.agreed_at = timezone.now()
    save_if_current(plan_version, version=version, fields=["status", "agreed_at"])
    stage = CaseStage.CLOSING if plan_version.continues is False else CaseStage.FOLLOW_UP
    ClientRelationship.objects.filter(pk=plan_version.plan.relationship_id).update(stage=stage)
    _record(
        actor,
        plan_version,
        plan_version.plan.client_id,
        "agree",
        {"status": PlanStatus.DRAFT},
        {"status": PlanStatus.AGREED},
    )
    return plan_version


def _copy(instance: models.Model, **changes: Any) -> models.Model:
    instance.pk = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    return instance


@transaction.atomic
def plan_evaluate(*, actor: Worker, plan: ClientPlan) -> PlanVersion:
    """Start the evaluation: a new draft version. The previous version's goals are carried
    over for evaluation and, if the work continues, for editing; services, methods, people
    and other plans are copied. The previous version is not touched."""
    check_worker(actor, plan.relationship)
    previous = plan.versions.order_by("-number").first()
    if previous is None or previous.is_draft:
        raise ValidationError(_("Only an agreed plan can be evaluated. Finish the draft first."))
    fields = {name: getattr(previous, name) for name in CARRIED_FIELDS}
    new = PlanVersion.objects.create(plan=plan, number=previous.number + 1, author=actor, **fields)
    for goal in previous.goals.prefetch_related("steps", "factors"):
        steps, factors = list(goal.steps.all()), list(goal.factors.all())
        GoalEvaluation.objects.create(plan_version=new, goal_id=goal.pk)
        copied = _copy(goal, plan_version=new, carried_from_id=goal.pk)
        for step in steps:
            if not step.done:
                _copy(step, goal=copied)
        for factor in factors:
            _copy(factor, goal=copied)
    for related in ("services", "methods", "people", "other_plans"):
        for item in getattr(previous, related).all():
            _copy(item, plan_version=new, **({"used": None} if hasattr(item, "used") else {}))
    _record(actor, new, plan.client_id, "evaluate", {}, {"number": new.number})
    return new


@transaction.atomic
def item_mark_used(*, actor: Worker, plan_version: PlanVersion, item: Any, used: Any) -> None:
    """At evaluation: was the service or method used (yes / no / not known)?"""
    check_draft(actor, plan_version)
    before = {"used": str(item.used) if item.used else None}
    item.used = used
    item.save(update_fields=["used"])
    _record(
        actor, item, plan_version.plan.client_id, "mark_used", before, {"used": str(used) if used else None}
    )
