from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polku.access.models import View
from polku.access.pdf import pdf_response
from polku.access.rules import WorkerRequest, client_work
from polku.casework.selectors import relationship_get_for
from polku.codes.loader import USED
from polku.codes.selectors import codes_of
from polku.core.errors import EditConflict
from polku.core.forms import differences, show_refusal
from polku.plans import selectors, services
from polku.plans.forms import (
    GOAL_PART_FORMS,
    ITEM_FORMS,
    AgreeForm,
    EvaluationForm,
    NewPlanForm,
    PlanForm,
    UsedForm,
)
from polku.plans.guidance import guidance_for
from polku.plans.models import (
    ClientPlan,
    Factor,
    Goal,
    GoalEvaluation,
    OtherPlan,
    PlannedMethod,
    PlannedService,
    PlanVersion,
    Step,
    SupportPerson,
)

ITEM_MODELS: dict[str, type[models.Model]] = {
    "goal": Goal,
    "service": PlannedService,
    "method": PlannedMethod,
    "person": SupportPerson,
    "other_plan": OtherPlan,
}


@client_work
@require_POST
def plan_create(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    relationship, _basis = relationship_get_for(worker=request.user, relationship_id=relationship_id)
    form = NewPlanForm(request.POST)
    if not form.is_valid():
        raise Http404
    plan = services.plan_create(
        actor=request.user, relationship=relationship, plan_type=form.cleaned_data["plan_type"]
    )
    return redirect("plan_detail", plan_id=plan.pk)


def _is_worker(request: WorkerRequest, plan: ClientPlan) -> bool:
    return request.user.pk in (plan.relationship.responsible_worker_id, plan.relationship.pair_worker_id)


def _page(
    request: WorkerRequest,
    plan_id: int,
    number: int | None = None,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    plan, basis = selectors.plan_get_for(worker=request.user, plan_id=plan_id)
    current = selectors.version_of(plan, number)
    latest_number = plan.versions.order_by("-number").values_list("number", flat=True).first()
    editing = current.is_draft and current.number == latest_number and _is_worker(request, plan)
    context: dict[str, Any] = {
        "plan": plan,
        "basis": basis,
        "current": current,
        "versions": list(plan.versions.order_by("number").values("number", "status", "made_on")),
        "editing": editing,
        "is_worker": _is_worker(request, plan),
        "is_latest": current.number == latest_number,
        "guidance": guidance_for(plan.organisation_id),
        "used_choices": codes_of(USED),
    }
    bound = dict(bound or {})
    if editing:
        # Fresh forms, except the one that failed, which keeps what was typed.
        context.update(
            plan_form=PlanForm(instance=current, initial={"version": current.version}),
            item_forms={kind: form(prefix=kind) for kind, form in ITEM_FORMS.items()}
            | bound.pop("item_forms", {}),
            evaluation_forms=[
                (e, EvaluationForm(instance=e, prefix=f"e{e.pk}")) for e in current.evaluations.all()
            ],
        )
    bound_parts = bound.pop("part_forms", {})
    context.update(bound)
    if editing:
        context["goal_rows"] = [
            (
                goal,
                *(
                    bound_parts.get(f"{part}-{goal.pk}") or form(prefix=f"{part}-{goal.pk}")
                    for part, form in GOAL_PART_FORMS.items()
                ),
            )
            for goal in current.goals.all()
        ]
    return render(request, "plans/plan.html", context, status=status)


@client_work
def plan_detail(request: WorkerRequest, plan_id: int) -> HttpResponse:
    return _page(request, plan_id)


@client_work
def plan_version_detail(request: WorkerRequest, plan_id: int, number: int) -> HttpResponse:
    return _page(request, plan_id, number)


def _draft(request: WorkerRequest, plan_id: int) -> tuple[ClientPlan, PlanVersion]:
    plan, _basis = selectors.plan_get_for(worker=request.user, plan_id=plan_id)
    latest = plan.versions.select_related("plan__relationship").order_by("-number").first()
    if latest is None:
        raise Http404
    return plan, latest


def _done(request: WorkerRequest, plan: ClientPlan, anchor: str = "") -> HttpResponse:
    messages.success(request, _("Saved."))
    return redirect(f"{plan.get_absolute_url()}{anchor}")


@client_work
@require_POST
def plan_save(request: WorkerRequest, plan_id: int) -> HttpResponse:
    plan, draft = _draft(request, plan_id)
    form = PlanForm(request.POST, instance=draft)
    conflict: list[tuple[str, Any, Any]] = []
    if form.is_valid():
        try:
            services.plan_save(
                actor=request.user,
                plan_version=draft,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except EditConflict as error:
            saved = error.current
            conflict = differences(
                saved, form.cleaned_data, {name: form.fields[name].label for name in services.TEXT_FIELDS}
            )
            data = request.POST.copy()
            data["version"] = str(saved.version)
            form = PlanForm(data, instance=saved)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _done(request, plan, "#plan-text")
    status = 409 if conflict else 400
    return _page(request, plan_id, bound={"plan_form": form, "conflict": conflict}, status=status)


@client_work
@require_POST
def plan_item_add(request: WorkerRequest, plan_id: int, kind: str) -> HttpResponse:
    if kind not in ITEM_FORMS:
        raise Http404
    plan, draft = _draft(request, plan_id)
    form = ITEM_FORMS[kind](request.POST, prefix=kind)
    if form.is_valid():
        try:
            services.plan_item_add(actor=request.user, plan_version=draft, item=form.save(commit=False))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _done(request, plan, f"#{kind}s")
    return _refused(request, plan_id, {"item_forms": {kind: form}})


def _refused(request: WorkerRequest, plan_id: int, bound: dict[str, Any]) -> HttpResponse:
    """The page again with the failing form bound, so that what was typed stays."""
    return _page(request, plan_id, bound=bound, status=400)


@client_work
@require_POST
def plan_item_delete(request: WorkerRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    plan, draft = _draft(request, plan_id)
    if kind in ITEM_MODELS:
        item = get_object_or_404(ITEM_MODELS[kind], pk=item_id, plan_version=draft)
    elif kind == "step":
        item = get_object_or_404(Step, pk=item_id, goal__plan_version=draft)
    elif kind == "factor":
        item = get_object_or_404(Factor, pk=item_id, goal__plan_version=draft)
    else:
        raise Http404
    try:
        services.plan_item_delete(actor=request.user, plan_version=draft, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan.get_absolute_url())
    return _done(request, plan)


@client_work
@require_POST
def item_used(request: WorkerRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    if kind not in ("service", "method"):
        raise Http404
    plan, draft = _draft(request, plan_id)
    item = get_object_or_404(ITEM_MODELS[kind], pk=item_id, plan_version=draft)
    form = UsedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from the list whether it was used."))
        return redirect(f"{plan.get_absolute_url()}#services")
    try:
        services.item_mark_used(
            actor=request.user, plan_version=draft, item=item, used=form.cleaned_data["used"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan.get_absolute_url())
    return _done(request, plan, "#services")


@client_work
@require_POST
def goal_part_add(request: WorkerRequest, plan_id: int, goal_id: int, part: str) -> HttpResponse:
    if part not in GOAL_PART_FORMS:
        raise Http404
    plan, draft = _draft(request, plan_id)
    goal = get_object_or_404(Goal, pk=goal_id, plan_version=draft)
    form = GOAL_PART_FORMS[part](request.POST, prefix=f"{part}-{goal.pk}")
    if form.is_valid():
        try:
            services.goal_part_add(actor=request.user, goal=goal, item=form.save(commit=False))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _done(request, plan, f"#goal-{goal.pk}")
    return _refused(request, plan_id, {"part_forms": {f"{part}-{goal.pk}": form}})


@client_work
@require_POST
def step_mark(request: WorkerRequest, plan_id: int, step_id: int) -> HttpResponse:
    plan, latest = _draft(request, plan_id)
    step = get_object_or_404(
        Step.objects.select_related("goal__plan_version__plan__relationship"),
        pk=step_id,
        goal__plan_version=latest,
    )
    services.step_mark(actor=request.user, step=step, done=request.POST.get("done") == "1")
    return _done(request, plan, f"#goal-{step.goal_id}")


@client_work
@require_POST
def evaluation_save(request: WorkerRequest, plan_id: int, evaluation_id: int) -> HttpResponse:
    plan, draft = _draft(request, plan_id)
    evaluation = get_object_or_404(GoalEvaluation, pk=evaluation_id, plan_version=draft)
    form = EvaluationForm(request.POST, instance=evaluation, prefix=f"e{evaluation.pk}")
    if form.is_valid():
        try:
            services.evaluation_save(actor=request.user, evaluation=evaluation, data=form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _done(request, plan, "#evaluation")
    return _refused(request, plan_id, {})


@client_work
@require_POST
def plan_agree(request: WorkerRequest, plan_id: int) -> HttpResponse:
    plan, draft = _draft(request, plan_id)
    # The version the page showed tells what was agreed; without it, the worker checks again.
    form = AgreeForm(request.POST)
    try:
        if not form.is_valid():
            raise EditConflict(draft)
        services.plan_agree(actor=request.user, plan_version=draft, version=form.cleaned_data["version"])
    except EditConflict:
        messages.error(request, _("Someone else saved the plan just now. Check it and agree again."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The plan has been agreed with the client."))
    return redirect(plan.get_absolute_url())


@client_work
@require_POST
def plan_evaluate(request: WorkerRequest, plan_id: int) -> HttpResponse:
    plan, _latest = _draft(request, plan_id)
    try:
        services.plan_evaluate(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{plan.get_absolute_url()}#evaluation")


@client_work
def plan_compare(request: WorkerRequest, plan_id: int) -> HttpResponse:
    plan, _basis = selectors.plan_get_for(worker=request.user, plan_id=plan_id)
    try:
        older, newer = int(request.GET.get("a", 1)), int(request.GET.get("b", 2))
    except ValueError as error:
        raise Http404 from error
    older, newer = min(older, newer), max(older, newer)
    comparison = selectors.compare(selectors.version_of(plan, older), selectors.version_of(plan, newer))
    versions = list(plan.versions.order_by("number").values_list("number", flat=True))
    return render(
        request, "plans/compare.html", {"plan": plan, "comparison": comparison, "versions": versions}
    )


def _worksheet_context(request: WorkerRequest, plan_id: int, view: View) -> dict[str, Any]:
    plan, _basis = selectors.plan_get_for(worker=request.user, plan_id=plan_id, view=view)
    current = plan.versions.filter(status="agreed").order_by("-number").first() or selectors.version_of(plan)
    current = selectors.version_of(plan, current.number)
    return {
        "plan": plan,
        "current": current,
        "language": plan.client.document_language,
        "worker": plan.relationship.responsible_worker,
        "pair_worker": plan.relationship.pair_worker,
        "office": plan.client.team.office,
        # WeasyPrint reads the design system's font from the built static files.
        "font_dir": (settings.BASE_DIR / "build" / "static" / "vendor" / "files").as_uri(),
    }


@client_work
def plan_worksheet(request: WorkerRequest, plan_id: int) -> HttpResponse:
    # Only the worksheet is in the client's language (the template switches); the worker's
    # own menus stay in the worker's.
    context = _worksheet_context(request, plan_id, View.PLAN)
    return render(request, "plans/worksheet_page.html", context)


@client_work
def plan_worksheet_pdf(request: WorkerRequest, plan_id: int) -> HttpResponse:
    context = _worksheet_context(request, plan_id, View.PLAN_PDF)
    filename = format_lazy("{}.pdf", gettext_lazy("my-plan"))
    return pdf_response(request, "plans/worksheet_pdf.html", context, filename, language=context["language"])
