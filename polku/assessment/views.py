from copy import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.access.rules import WorkerRequest, client_work
from polku.archive.selectors import assessment_offer
from polku.assessment import selectors, services
from polku.assessment.forms import AddendumForm, AssessmentForm
from polku.assessment.models import LIFE_AREAS, Assessment
from polku.casework.selectors import relationship_get_for
from polku.core.drafts import autosave, is_autosave, keep_unsaved, last_change, take_unsaved
from polku.core.errors import EditConflict
from polku.core.forms import differences, show_refusal


@client_work
@require_POST
def assessment_start(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    relationship, _basis = relationship_get_for(worker=request.user, relationship_id=relationship_id)
    assessment = services.assessment_start(actor=request.user, relationship=relationship)
    return redirect("assessment_detail", assessment_id=assessment.pk)


def conflict_rows(saved: Assessment, form: AssessmentForm) -> list[tuple[str, Any, Any]]:
    """What differs between the saved version and what this worker typed."""
    fields = {name: form.fields[name].label for name in services.TEXT_FIELDS}
    areas = {f"life_{code}": label for code, label in LIFE_AREAS}
    saved_areas = {f"life_{code}": text for code, text in saved.life_areas.items()}
    return differences(saved, form.cleaned_data, fields) + differences(saved_areas, form.cleaned_data, areas)


def _page(
    request: WorkerRequest,
    assessment_id: int,
    form: AssessmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The assessment page: a read, logged once. After a conflict it shows what the worker
    typed beside the saved version (kept over the redirect, see core/drafts.py)."""
    assessment, basis = selectors.assessment_get_for(worker=request.user, assessment_id=assessment_id)
    kept = take_unsaved(request, _draft_name(assessment)) if form is None else None
    if kept is not None:
        data = kept["data"]
        data["version"] = str(assessment.version)
        # A copy: validating the form writes into its instance, and `assessment` is the saved one.
        form = AssessmentForm(data, instance=copy(assessment), worker=request.user)
        form.is_valid()
    conflict: list[tuple[str, Any, Any]] = []
    if form is not None and hasattr(form, "cleaned_data") and (kept is not None or not assessment.is_draft):
        # After a conflict, or completed meanwhile (then no form is shown): what was typed
        # beside what is saved.
        conflict = conflict_rows(assessment, form)
    if form is None:
        form = AssessmentForm(
            instance=assessment, worker=request.user, initial={"version": assessment.version}
        )
    context = {
        "assessment": assessment,
        "basis": basis,
        "form": form,
        "conflict": conflict,
        "saved_by": last_change(Assessment, assessment.pk, assessment.client_id) if conflict else None,
        "addendum_form": AddendumForm(),
        "can_edit": request.user.pk
        in (assessment.relationship.responsible_worker_id, assessment.relationship.pair_worker_id),
        "life_areas": [(label, assessment.life_areas.get(code, "")) for code, label in LIFE_AREAS],
        "archive": assessment_offer(assessment),
    }
    return render(request, "assessment/assessment.html", context, status=status)


def _draft_name(assessment: Assessment) -> str:
    return f"assessment-{assessment.pk}"


@client_work
def assessment_detail(request: WorkerRequest, assessment_id: int) -> HttpResponse:
    if request.method != "POST":
        return _page(request, assessment_id)
    assessment = selectors.assessment_for_write(worker=request.user, assessment_id=assessment_id)
    form = AssessmentForm(request.POST, instance=assessment, worker=request.user)
    if is_autosave(request):
        return autosave(
            form=form,
            save=lambda data: services.assessment_save(
                actor=request.user, assessment=assessment, version=data["version"], data=data
            ),
            client_id=assessment.client_id,
            warnings=services.draft_warnings,
        )
    if not form.is_valid():
        return _page(request, assessment_id, form, status=400)
    done = "complete" in request.POST
    try:
        if done:
            services.assessment_complete(
                actor=request.user,
                assessment=assessment,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        else:
            services.assessment_save(
                actor=request.user,
                assessment=assessment,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
    except EditConflict:
        keep_unsaved(request, _draft_name(assessment), request.POST)
        return redirect("assessment_detail", assessment_id=assessment.pk)
    except ValidationError as error:
        show_refusal(form, error)
        return _page(request, assessment_id, form, status=400)
    if done:
        messages.success(request, _("The assessment is completed."))
    else:
        messages.success(request, _("The draft has been saved."))
        for warning in services.draft_warnings(assessment):
            messages.warning(request, warning)
    return redirect("assessment_detail", assessment_id=assessment.pk)


@client_work
@require_POST
def assessment_addendum(request: WorkerRequest, assessment_id: int) -> HttpResponse:
    assessment, _basis = selectors.assessment_get_for(worker=request.user, assessment_id=assessment_id)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            services.addendum_add(actor=request.user, assessment=assessment, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The addition has been saved."))
    else:
        messages.error(request, _("Write the addition."))
    return redirect("assessment_detail", assessment_id=assessment.pk)
