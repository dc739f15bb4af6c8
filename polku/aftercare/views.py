from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.rules import WorkerRequest, client_work
from polku.aftercare import selectors, services
from polku.aftercare.forms import FollowUpForm, PlanMeetingForm, PreparationForm
from polku.aftercare.models import ORDER, Stage
from polku.core.forms import DesignSystemForm, show_refusal
from polku.measures.forms import AnswerForm


def _form(page: selectors.StagePage, data: Any) -> DesignSystemForm:
    if page.stage == Stage.PREPARATION:
        return PreparationForm(data)
    if page.stage == Stage.PLAN:
        return PlanMeetingForm(data, versions=page.agreed_versions)
    return FollowUpForm(data, services=page.services)


def _record(request: WorkerRequest, page: selectors.StagePage, form: Any) -> None:
    data = {"actor": request.user, "relationship": page.relationship, **form.service_data()}
    if page.stage == Stage.PREPARATION:
        services.preparation_record(**data)
    elif page.stage == Stage.PLAN:
        services.plan_meeting_record(**data)
    else:
        services.follow_up_record(**data)


@client_work
def stage_page(request: WorkerRequest, relationship_id: int, stage: str) -> HttpResponse:
    """A stage of the process: the meeting as recorded, or the form to record it. Writing is
    for the client's own workers: anyone else's POST is refused by the gate before the form."""
    posted = request.method == "POST"
    page = selectors.stage_for(
        worker=request.user,
        relationship_id=relationship_id,
        stage=stage,
        capability=Capability.WRITE_DOCUMENTS if posted else Capability.READ_RECORD,
    )
    form = _form(page, request.POST if posted else None)
    if posted and form.is_valid():
        try:
            _record(request, page, form)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The aftercare meeting has been recorded."))
            return redirect("aftercare_stage", relationship_id=page.relationship.pk, stage=page.stage.value)
    context = {
        "page": page,
        "client": page.client,
        "stages": [(s, s in page.meetings) for s in ORDER],
        "form": form,
        "show_form": page.may_write and (posted or page.ready),
    }
    return render(request, "aftercare/stage.html", context, status=400 if posted else 200)


@client_work
def stage_measure(request: WorkerRequest, relationship_id: int, stage: str) -> HttpResponse:
    """3X10D at a meeting: the measures app's answer form, dated the meeting's day."""
    relationship, meeting, instrument = selectors.measure_form_for(
        worker=request.user, relationship_id=relationship_id, stage=stage
    )
    if meeting.measure_answer_id is not None:
        messages.info(request, _("3X10D has already been filled in at this meeting."))
        return redirect("aftercare_stage", relationship_id=relationship.pk, stage=meeting.stage)
    form = AnswerForm(
        request.POST or None, instrument=instrument, evaluations=[], initial={"answered_on": meeting.held_on}
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            services.meeting_measure_record(
                actor=request.user,
                meeting=meeting,
                instrument=instrument,
                answered_on=data["answered_on"],
                answered_by=data["answered_by"],
                values=data["values"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect("aftercare_stage", relationship_id=relationship.pk, stage=meeting.stage)
    context = {
        "relationship": relationship,
        "client": relationship.client,
        "meeting": meeting,
        "instrument": instrument,
        "form": form,
    }
    return render(request, "aftercare/measure_new.html", context)
