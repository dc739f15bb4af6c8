from copy import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of
from polku.access.models import View
from polku.access.pdf import pdf_response
from polku.access.rules import WorkerRequest, client_work
from polku.archive.models import DocumentKind, HowGiven
from polku.archive.selectors import plan_offer
from polku.archive.services import document_given_record
from polku.casework.selectors import relationship_get_for
from polku.codes.loader import USED
from polku.codes.selectors import codes_of
from polku.core.drafts import LastChange, autosave, is_autosave, keep_unsaved, last_change, take_unsaved
from polku.core.errors import EditConflict
from polku.core.forms import differences, show_refusal
from polku.participation.selectors import step_marks, words_for_worker
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
        # What the client marked and wrote on their own pages, kept apart from the workers' texts.
        "client_marks": step_marks(plan=plan),
        "client_words": words_for_worker(plan=plan),
        "evaluation_answers": list(current.measure_answers.select_related("instrument")),
        "archive": plan_offer(current),
    }
    bound = dict(bound or {})
    if "plan_form" not in bound:
        bound.update(_unsaved_plan_text(request, plan, current))
    if not editing and hasattr(bound.get("plan_form"), "cleaned_data"):
        # Agreed meanwhile: no form is shown, so what was typed is shown beside the saved text.
        form = bound["plan_form"]
        labels = {name: form.fields[name].label for name in services.TEXT_FIELDS}
        bound.update(
            conflict=differences(current, form.cleaned_data, labels),
            saved_by=last_change(PlanVersion, current.pk, plan.client_id),
        )
    if editing:
        bound.update(_unsaved_goal_part(request, plan))
    if editing:
        # Fresh forms, except the one that failed, which keeps what was typed. Each goal
        # evaluated again shows how it was rated before.
        earlier = selectors.earlier_evaluations(plan_version=current) if current.number > 2 else {}
        context.update(
            plan_form=PlanForm(instance=current, initial={"version": current.version}),
            item_forms={kind: form(prefix=kind) for kind, form in ITEM_FORMS.items()}
            | bound.pop("item_forms", {}),
            evaluation_forms=[
                (e, EvaluationForm(instance=e, prefix=f"e{e.pk}"), earlier.get(e.goal_id, []))
                for e in current.evaluations.all()
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


def _draft_name(plan_version: PlanVersion) -> str:
    return f"plan-{plan_version.pk}"


def _removed_goal_name(plan: ClientPlan) -> str:
    return f"plan-{plan.pk}-removed-goal"


def _unsaved_plan_text(request: WorkerRequest, plan: ClientPlan, current: PlanVersion) -> dict[str, Any]:
    """After a conflict: the worker's text in the form, beside the saved version."""
    unsaved = take_unsaved(request, _draft_name(current))
    if unsaved is None:
        return {}
    data = unsaved["data"]
    data["version"] = str(current.version)
    form = PlanForm(data, instance=copy(current))  # validating writes into its instance
    form.is_valid()
    labels = {name: form.fields[name].label for name in services.TEXT_FIELDS}
    return {
        "plan_form": form,
        "conflict": differences(current, form.cleaned_data, labels),
        "saved_by": last_change(PlanVersion, current.pk, plan.client_id),
    }


def _unsaved_goal_part(request: WorkerRequest, plan: ClientPlan) -> dict[str, Any]:
    """A step or factor typed for a goal that a colleague removed meanwhile: shown, not lost."""
    unsaved = take_unsaved(request, _removed_goal_name(plan))
    if unsaved is None:
        return {}
    form = GOAL_PART_FORMS[unsaved["part"]](unsaved["data"], prefix=f"{unsaved['part']}-{unsaved['goal_id']}")
    form.is_valid()
    rows = [
        (field.label, "", form.cleaned_data.get(name) or form.data.get(form.add_prefix(name), ""))
        for name, field in form.fields.items()
    ]
    return {
        "removed_goal": {
            "words": unsaved["words"],
            "rows": rows,
            "by": LastChange(unsaved["by"], parse_datetime(unsaved["at"]) or timezone.now()),
        }
    }


@client_work
def plan_detail(request: WorkerRequest, plan_id: int) -> HttpResponse:
    return _page(request, plan_id)


@client_work
def plan_version_detail(request: WorkerRequest, plan_id: int, number: int) -> HttpResponse:
    return _page(request, plan_id, number)


def _draft(request: WorkerRequest, plan_id: int) -> tuple[ClientPlan, PlanVersion]:
    """For the writes below: not a logged read (a write is not a read); a page shown after
    a refusal is read through `_page`."""
    plan = selectors.plan_for_write(worker=request.user, plan_id=plan_id)
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

    def save(data: dict[str, Any]) -> PlanVersion:
        return services.plan_save(actor=request.user, plan_version=draft, version=data["version"], data=data)

    if is_autosave(request):
        return autosave(form=form, save=save, client_id=plan.client_id)
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except EditConflict:
            # Post/Redirect/Get: the page shows what was typed beside the saved version.
            keep_unsaved(request, _draft_name(draft), request.POST)
            return redirect(f"{plan.get_absolute_url()}#plan-text")
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _done(request, plan, "#plan-text")
    return _refused(request, plan_id, {"plan_form": form})


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
@require_http_methods(["GET", "POST"])
def plan_item_delete(request: WorkerRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    if request.method == "GET" or (kind == "goal" and "confirm" not in request.POST):
        # Removing a goal removes its steps and factors: it is asked first, without JavaScript.
        return _confirm_goal_removal(request, plan_id, kind, item_id)
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
    if kind == "goal":
        messages.success(request, _("The goal has been removed."))
        return redirect(f"{plan.get_absolute_url()}#goals")
    return _done(request, plan)


def _confirm_goal_removal(request: WorkerRequest, plan_id: int, kind: str, item_id: int) -> HttpResponse:
    if kind != "goal":
        raise Http404
    plan, _basis = selectors.plan_get_for(worker=request.user, plan_id=plan_id)
    latest = plan.versions.order_by("-number").first()
    goal = get_object_or_404(
        Goal.objects.prefetch_related("steps", "factors"), pk=item_id, plan_version=latest
    )
    if not _is_worker(request, plan) or latest is None or not latest.is_draft:
        raise PermissionDenied
    return render(request, "plans/goal_remove.html", {"plan": plan, "goal": goal})


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
    goal = Goal.objects.filter(pk=goal_id, plan_version=draft).first()
    if goal is None:
        return _goal_removed(request, plan, goal_id, part)
    form = GOAL_PART_FORMS[part](request.POST, prefix=f"{part}-{goal.pk}")
    if form.is_valid():
        try:
            services.goal_part_add(actor=request.user, goal=goal, item=form.save(commit=False))
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return _done(request, plan, f"#goal-{goal.pk}")
    return _refused(request, plan_id, {"part_forms": {f"{part}-{goal.pk}": form}})


def _goal_removed(request: WorkerRequest, plan: ClientPlan, goal_id: int, part: str) -> HttpResponse:
    """The goal was removed while the worker typed a step for it: the plan page shows what
    was typed and who removed the goal. A goal this plan never had is simply not found."""
    removal = selectors.goal_removal(plan=plan, goal_id=goal_id)
    if removal is None:
        raise Http404
    words = (removal.changes.get("item") or [""])[0]
    keep_unsaved(
        request,
        _removed_goal_name(plan),
        request.POST,
        part=part,
        goal_id=goal_id,
        words=words,
        by=removal.actor_name,
        at=removal.at.isoformat(),
    )
    return redirect(f"{plan.get_absolute_url()}#goals")


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
    response = pdf_response(
        request, "plans/worksheet_pdf.html", context, filename, language=context["language"]
    )
    plan, printed = context["plan"], context["current"]
    if Capability.WRITE_DOCUMENTS in capabilities_of(request.user, plan.client):
        # The client's own worker prints it for the client: what was given, and when.
        document_given_record(
            actor=request.user,
            client=plan.client,
            kind=DocumentKind.PLAN,
            document_id=plan.pk,
            version=printed.number,
            how=HowGiven.PRINTED,
        )
    return response
