"""Reads of client plans, through the gate and logged."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from polku.access.capabilities import Capability
from polku.access.gate import decide, log_reads
from polku.access.models import Basis, View
from polku.casework.models import ClientRelationship
from polku.core.models import ChangeRecord, Worker
from polku.plans.models import ClientPlan, Goal, GoalEvaluation, PlanVersion
from polku.plans.services import TEXT_FIELDS


def _plan(worker: Worker, plan_id: int) -> ClientPlan:
    plan = (
        ClientPlan.objects.select_related("client", "relationship", "relationship__responsible_worker")
        .filter(pk=plan_id, organisation_id=worker.organisation_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def plan_get_for(*, worker: Worker, plan_id: int, view: View = View.PLAN) -> tuple[ClientPlan, Basis]:
    plan = _plan(worker, plan_id)
    basis = decide(worker=worker, client=plan.client, capability=Capability.READ_RECORD)
    log_reads(worker=worker, reads=[(plan.client, basis)], view=view)
    return plan, basis


def plan_for_write(*, worker: Worker, plan_id: int) -> ClientPlan:
    """For a write that shows no page (an autosave, a save that redirects): the gate is asked
    for the write capability (404 without a basis, 403 without it) and nothing is logged as
    read, because a write is not a read; the service records the change itself. A page shown
    after a refused write is read through `plan_get_for`."""
    plan = _plan(worker, plan_id)
    decide(worker=worker, client=plan.client, capability=Capability.WRITE_DOCUMENTS)
    return plan


def goal_removal(*, plan: ClientPlan, goal_id: int) -> ChangeRecord | None:
    """Who removed a goal of this plan's client, from the history; None if none was removed."""
    return (
        ChangeRecord.objects.filter(
            client_id=plan.client_id, model=Goal._meta.label, object_id=goal_id, action="delete"
        )
        .order_by("-at", "-id")
        .first()
    )


def version_of(plan: ClientPlan, number: int | None = None) -> PlanVersion:
    """One version with everything on it; the latest when `number` is None."""
    versions = plan.versions.select_related("author").prefetch_related(
        Prefetch(
            "goals",
            queryset=Goal.objects.select_related("code", "carried_from").prefetch_related(
                "steps", "factors__factor"
            ),
        ),
        "services__service",
        "services__used",
        "methods__method",
        "methods__used",
        "people",
        "other_plans",
        "evaluations__goal",
        "evaluations__client_attainment",
        "evaluations__worker_attainment",
    )
    found = versions.filter(number=number).first() if number else versions.order_by("-number").first()
    if found is None:
        raise Http404
    return found


@dataclass
class GoalChange:
    before: Goal | None
    after: Goal | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        same = (
            self.before.client_words == self.after.client_words
            and self.before.code_id == self.after.code_id
            and self.before.scale == self.after.scale
            and [s.what for s in self.before.steps.all()] == [s.what for s in self.after.steps.all()]
        )
        return "same" if same else "changed"


@dataclass
class Comparison:
    older: PlanVersion
    newer: PlanVersion
    fields: list[tuple[str, Any, Any]]
    goals: list[GoalChange]


def compare(older: PlanVersion, newer: PlanVersion) -> Comparison:
    """What changed between two versions: the text fields that differ, and each goal
    followed along the versions it was carried through."""
    fields = []
    for name in TEXT_FIELDS:
        a, b = getattr(older, name), getattr(newer, name)
        if (a or None) != (b or None):
            fields.append((str(getattr(PlanVersion._meta.get_field(name), "verbose_name", name)), a, b))
    origin: dict[int, Goal] = {}
    for goal in older.goals.all():
        origin[goal.pk] = goal
    changes = []
    matched = set()
    for goal in newer.goals.all():
        ancestor = goal.carried_from
        while ancestor is not None and ancestor.pk not in origin:
            ancestor = ancestor.carried_from
        if ancestor is not None:
            matched.add(ancestor.pk)
            changes.append(GoalChange(origin[ancestor.pk], goal))
        else:
            changes.append(GoalChange(None, goal))
    changes += [GoalChange(goal, None) for pk, goal in origin.items() if pk not in matched]
    return Comparison(older, newer, fields, changes)


@dataclass
class GoalAttainment:
    """One goal followed along the plan versions it was carried through (AVAIN), with how
    far it was reached at each evaluation, as the client and as the worker saw it."""

    goal: Goal  # as it reads in the newest version that has it
    goal_ids: set[int] = field(default_factory=set)
    evaluations: list[GoalEvaluation] = field(default_factory=list)

    @property
    def plan(self) -> ClientPlan:
        return self.goal.plan_version.plan


def attainment_over_time(*, relationship: ClientRelationship) -> list[GoalAttainment]:
    """Every evaluated goal of the relationship's plans, each with its evaluations in order.
    An evaluation still in a draft is left out until something is rated in it. Two queries,
    however many versions; the caller has asked the gate (READ_RECORD)."""
    goals = {
        goal.pk: goal
        for goal in Goal.objects.filter(plan_version__plan__relationship=relationship).select_related(
            "plan_version__plan"
        )
    }
    evaluations = (
        GoalEvaluation.objects.filter(plan_version__plan__relationship=relationship)
        .select_related("plan_version", "client_attainment", "worker_attainment")
        .order_by("plan_version__number", "pk")
    )

    def origin(goal_id: int) -> int:
        goal = goals[goal_id]
        while goal.carried_from_id in goals:
            goal = goals[goal.carried_from_id]
        return goal.pk

    followed: dict[int, GoalAttainment] = {}
    for goal_id in goals:
        root = origin(goal_id)
        found = followed.setdefault(root, GoalAttainment(goal=goals[goal_id]))
        found.goal_ids.add(goal_id)
        if goals[goal_id].plan_version.number > found.goal.plan_version.number:
            found.goal = goals[goal_id]
    for evaluation in evaluations:
        unrated = evaluation.client_attainment_id is None and evaluation.worker_attainment_id is None
        if evaluation.goal_id in goals and not (evaluation.plan_version.is_draft and unrated):
            followed[origin(evaluation.goal_id)].evaluations.append(evaluation)
    return sorted(
        (f for f in followed.values() if f.evaluations),
        key=lambda f: (f.goal.plan_version.plan_id, f.goal.order, min(f.goal_ids)),
    )


def earlier_evaluations(*, plan_version: PlanVersion) -> dict[int, list[GoalEvaluation]]:
    """For each goal this version evaluates (by the goal's id), the earlier evaluations of
    the same goal in this plan: shown beside the form when the goal is evaluated again."""
    earlier: dict[int, list[GoalEvaluation]] = {}
    for followed in attainment_over_time(relationship=plan_version.plan.relationship):
        before = [
            e
            for e in followed.evaluations
            if e.plan_version.plan_id == plan_version.plan_id and e.plan_version.number < plan_version.number
        ]
        for goal_id in followed.goal_ids:
            earlier[goal_id] = before
    return earlier
