"""A client's plans and one plan's current version, read through the plan page's selectors."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from polku.api import schemas as out
from polku.api.auth import worker_of
from polku.api.params import Id, PageNumber, paged, responses
from polku.api.selectors import client_plans_page
from polku.plans.models import ClientPlan, Goal, PlanVersion
from polku.plans.selectors import plan_get_for, version_of

router = Router(tags=["plans"])


def _version_summary(version: PlanVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "status": version.status,
        "made_on": version.made_on,
        "agreed_at": version.agreed_at,
        "next_review_on": version.next_review_on,
    }


@router.get(
    "/clients/{client_id}/plans",
    response=responses(out.PlanPage),
    operation_id="client_plans",
    summary="A client's plans",
)
def client_plans(request: HttpRequest, client_id: Id, page: PageNumber) -> dict[str, Any]:
    """The client's plans, newest first, each with its newest version, for a basis that
    covers the client's record (logged as a client plan read)."""
    found = client_plans_page(worker=worker_of(request), client_id=client_id, page_number=page)
    items = []
    for plan in found.object_list:
        versions = plan.newest_first
        items.append(
            {
                "id": plan.pk,
                "client_id": plan.client_id,
                "relationship_id": plan.relationship_id,
                "plan_type": plan.plan_type,
                "created_at": plan.created_at,
                "current_version": _version_summary(versions[0]) if versions else None,
                "versions": len(versions),
            }
        )
    return paged(found, items)


def _goal(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "order": goal.order,
        "client_words": goal.client_words,
        "area": goal.code.code if goal.code else None,
        "aim": goal.scale,
        "description": goal.description,
        "steps": [
            {"id": s.pk, "what": s.what, "who": s.who, "due_on": s.due_on, "done": s.done}
            for s in goal.steps.all()
        ],
    }


def _plan(plan: ClientPlan, current: PlanVersion) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "client_id": plan.client_id,
        "relationship_id": plan.relationship_id,
        "plan_type": plan.plan_type,
        "created_at": plan.created_at,
        "versions": [_version_summary(v) for v in plan.versions.order_by("number")],
        "current_version": {
            **_version_summary(current),
            "situation": current.situation,
            "next_steps": current.next_steps,
            "meeting_frequency": current.meeting_frequency,
            "goals": [_goal(goal) for goal in current.goals.all()],
        },
    }


@router.get(
    "/plans/{plan_id}",
    response=responses(out.Plan),
    operation_id="plan_get",
    summary="One plan's current version",
)
def plan_get(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """One plan with its newest version's goals and steps, as the plan page opens it (logged
    as a client plan read)."""
    plan, _basis = plan_get_for(worker=worker_of(request), plan_id=plan_id)
    return _plan(plan, version_of(plan))
