"""Reads of client plans, through the gate and logged."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from polku.access.capabilities import Capability
from polku.access.gate import decide, log_reads
from polku.access.models import Basis, View
from polku.core.models import ChangeRecord, Worker
from polku.plans.models import ClientPlan, Goal, PlanVersion
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
