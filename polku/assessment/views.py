from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.access.rules import WorkerRequest, client_work
from polku.assessment import selectors, services
from polku.assessment.forms import AddendumForm, AssessmentForm
from polku.assessment.models import LIFE_AREAS, Assessment
from polku.casework.selectors import relationship_get_for
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


@client_work
def assessment_detail(request: WorkerRequest, assessment_id: int) -> HttpResponse:
    assessment, basis = selectors.assessment_get_for(worker=request.user, assessment_id=assessment_id)
    form = AssessmentForm(
        request.POST or None,
        instance=assessment,
        worker=request.user,
        initial={"version": assessment.version},
    )
    conflict: list[tuple[str, Any, Any]] = []
    if request.headers.get("X-Polku-Autosave"):
        return _autosave(request, assessment, form)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                actor=request.user,
                assessment=assessment,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
            if "complete" in request.POST:
                services.assessment_complete(
                    actor=request.user, assessment=assessment, version=assessment.version
                )
        except EditConflict as error:
            conflict = conflict_rows(error.current, form)
            data = request.POST.copy()
            data["version"] = str(error.current.version)
            form = AssessmentForm(data, instance=error.current, worker=request.user)
            form.is_valid()
        except ValidationError as error:
            show_refusal(form, error)
        else:
            done = "complete" in request.POST
            messages.success(
                request, _("The assessment is completed.") if done else _("The draft has been saved.")
            )
            return redirect("assessment_detail", assessment_id=assessment.pk)
    context = {
        "assessment": assessment,
        "basis": basis,
        "form": form,
        "conflict": conflict,
        "addendum_form": AddendumForm(),
        "can_edit": request.user.pk
        in (assessment.relationship.responsible_worker_id, assessment.relationship.pair_worker_id),
        "life_areas": [(label, assessment.life_areas.get(code, "")) for code, label in LIFE_AREAS],
    }
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "assessment/assessment.html", context, status=status)


def _autosave(request: WorkerRequest, assessment: Assessment, form: AssessmentForm) -> HttpResponse:
    """A draft saved in the background while the worker writes: JSON, no page."""
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        services.assessment_save(
            actor=request.user,
            assessment=assessment,
            version=form.cleaned_data["version"],
            data=form.cleaned_data,
        )
    except EditConflict:
        return JsonResponse({"conflict": True}, status=409)
    except ValidationError:
        return JsonResponse({"errors": True}, status=400)
    return JsonResponse({"version": assessment.version, "saved_at": timezone.localtime().strftime("%H:%M")})


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
