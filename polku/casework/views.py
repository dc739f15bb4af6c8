from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.access.rules import WorkerRequest, client_work
from polku.aftercare.steps import aftercare_steps
from polku.casework import selectors, services
from polku.casework.forms import (
    AdviceForm,
    AnswerForm,
    CaseMeetingForm,
    CloseForm,
    ConsultationForm,
    HandoverAnswerForm,
    HandoverForm,
    JournalForm,
    KindForm,
    PairForm,
    colleagues,
)
from polku.casework.models import CaseMeetingItem
from polku.core.forms import show_refusal
from polku.intake.forms import QuadrantForm
from polku.intake.services import quadrant_of
from polku.network.pair_work import pair_work_steps
from polku.participation.selectors import own_pages_for
from polku.plans.forms import NewPlanForm


@client_work
def my_clients(request: WorkerRequest) -> HttpResponse:
    reminders, more_reminders = selectors.reminders_for(worker=request.user)
    context = {
        "page": selectors.my_clients(worker=request.user, page_number=request.GET.get("page", 1)),
        "consultations": selectors.consultations_for(worker=request.user),
        "handovers": selectors.handovers_for(worker=request.user),
        "reminders": reminders,
        "more_reminders": more_reminders,
    }
    return render(request, "casework/my_clients.html", context)


def _case_forms(request: WorkerRequest, relationship: Any) -> dict[str, BaseForm]:
    worker = request.user
    latest = relationship.quadrant_ratings.first()
    people = list(colleagues(worker))
    initial = {"complexity": latest.complexity, "resources": latest.resources} if latest else {}
    return {
        "quadrant_form": QuadrantForm(quadrant=quadrant_of(worker.organisation_id), initial=initial),
        "kind_form": KindForm(initial={"kind": relationship.kind}),
        "pair_form": PairForm(worker=worker, people=people, initial={"pair": relationship.pair_worker}),
        "consultation_form": ConsultationForm(worker=worker, people=people),
        "handover_form": HandoverForm(worker=worker, people=people),
        "case_meeting_form": CaseMeetingForm(),
        "new_plan_form": NewPlanForm(),
        "journal_form": JournalForm(goals=selectors.current_goals(relationship=relationship)),
        "close_form": CloseForm(),
    }


def _case_page(
    request: WorkerRequest, relationship_id: int, bound: dict[str, BaseForm] | None = None
) -> HttpResponse:
    relationship, basis = selectors.relationship_get_for(worker=request.user, relationship_id=relationship_id)
    services.relationship_mark_seen(actor=request.user, relationship=relationship)
    context = {
        "relationship": relationship,
        "client": relationship.client,
        "basis": basis,
        "details": selectors.case_details(relationship=relationship),
        "pair_work": pair_work_steps(worker=request.user, relationship=relationship),
        "aftercare": aftercare_steps(worker=request.user, relationship=relationship),
        "is_responsible": relationship.responsible_worker_id == request.user.pk and relationship.is_open,
        "is_worker": request.user.pk in (relationship.responsible_worker_id, relationship.pair_worker_id),
        "own_pages": own_pages_for(worker=request.user, relationship=relationship),
        **_case_forms(request, relationship),
        **(bound or {}),
    }
    return render(request, "casework/case.html", context, status=400 if bound else 200)


@client_work
def case_detail(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_page(request, relationship_id)


def _case_step(
    request: WorkerRequest,
    relationship_id: int,
    name: str,
    form: BaseForm,
    act: Callable[[Any, dict[str, Any]], Any],
) -> HttpResponse:
    relationship, _basis = selectors.relationship_get_for(
        worker=request.user, relationship_id=relationship_id
    )
    if form.is_valid():
        try:
            act(relationship, form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("case_detail", relationship_id=relationship.pk)
    return _case_page(request, relationship_id, {f"{name}_form": form})


@client_work
@require_POST
def case_quadrant(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    form = QuadrantForm(request.POST, quadrant=quadrant_of(request.user.organisation_id))
    return _case_step(
        request,
        relationship_id,
        "quadrant",
        form,
        lambda r, data: services.relationship_rate_quadrant(actor=request.user, relationship=r, **data),
    )


@client_work
@require_POST
def case_pair(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_step(
        request,
        relationship_id,
        "pair",
        PairForm(request.POST, worker=request.user),
        lambda r, data: services.relationship_set_pair(actor=request.user, relationship=r, **data),
    )


@client_work
@require_POST
def case_kind(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_step(
        request,
        relationship_id,
        "kind",
        KindForm(request.POST),
        lambda r, data: services.relationship_set_kind(actor=request.user, relationship=r, **data),
    )


@client_work
@require_POST
def reminder_done(request: WorkerRequest, reminder_id: int) -> HttpResponse:
    reminder = selectors.reminder_get_for(worker=request.user, reminder_id=reminder_id)
    services.reminder_mark_done(actor=request.user, reminder=reminder)
    messages.success(request, _("The reminder is marked done."))
    return redirect("my_clients")


@client_work
@require_POST
def case_consultation(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_step(
        request,
        relationship_id,
        "consultation",
        ConsultationForm(request.POST, worker=request.user),
        lambda r, data: services.consultation_ask(actor=request.user, relationship=r, **data),
    )


@client_work
@require_POST
def case_handover(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_step(
        request,
        relationship_id,
        "handover",
        HandoverForm(request.POST, worker=request.user),
        lambda r, data: services.handover_offer(actor=request.user, relationship=r, **data),
    )


@client_work
@require_POST
def case_journal(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    relationship, _basis = selectors.relationship_get_for(
        worker=request.user, relationship_id=relationship_id
    )
    form = JournalForm(request.POST, goals=selectors.current_goals(relationship=relationship))
    return _case_step(
        request,
        relationship_id,
        "journal",
        form,
        lambda r, data: services.journal_add(actor=request.user, relationship=r, data=data),
    )


@client_work
@require_POST
def case_close(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_step(
        request,
        relationship_id,
        "close",
        CloseForm(request.POST),
        lambda r, data: services.relationship_close(actor=request.user, relationship=r, **data),
    )


@client_work
@require_POST
def case_meeting_bring(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    return _case_step(
        request,
        relationship_id,
        "case_meeting",
        CaseMeetingForm(request.POST),
        lambda r, data: services.case_meeting_bring(actor=request.user, relationship=r, **data),
    )


@client_work
def consultation_answer(request: WorkerRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get_for(worker=request.user, consultation_id=consultation_id)
    form = AnswerForm(request.POST or None, initial={"answer": consultation.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_answer(actor=request.user, consultation=consultation, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your answer has been saved."))
            return redirect("my_clients")
    return render(request, "casework/consultation_answer.html", {"consultation": consultation, "form": form})


@client_work
def handover_answer(request: WorkerRequest, handover_id: int) -> HttpResponse:
    handover = selectors.handover_get_for(worker=request.user, handover_id=handover_id)
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_answer(actor=request.user, handover=handover, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if handover.accepted_at:
                messages.success(request, _("The client is now yours."))
                return redirect("case_detail", relationship_id=handover.relationship_id)
            messages.success(request, _("Your colleague has been told that you cannot take the client."))
            return redirect("my_clients")
    return render(request, "casework/handover_answer.html", {"handover": handover, "form": form})


@client_work
def case_meeting(request: WorkerRequest) -> HttpResponse:
    teams = [(team, selectors.case_meeting_items(team=team)) for team in request.user.teams.all()]
    return render(request, "casework/case_meeting.html", {"teams": teams, "advice_form": AdviceForm()})


@client_work
@require_POST
def case_meeting_advise(request: WorkerRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(CaseMeetingItem, pk=item_id, team__in=request.user.teams.all())
    form = AdviceForm(request.POST)
    if form.is_valid():
        try:
            services.case_meeting_advise(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The advice has been recorded."))
            return redirect("case_meeting")
    messages.error(request, _("Write the team's advice."))
    return redirect("case_meeting")
