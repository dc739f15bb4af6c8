from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.access.rules import WorkerRequest, client_work
from polku.core.forms import show_refusal
from polku.measures import selectors, services
from polku.measures.forms import AnswerForm


@client_work
def measures_page(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    measures = selectors.measures_for(worker=request.user, relationship_id=relationship_id)
    return render(request, "measures/measures.html", {"measures": measures, "client": measures.client})


@client_work
def answer_new(request: WorkerRequest, relationship_id: int, key: str) -> HttpResponse:
    relationship, instrument, evaluations = selectors.answer_form_for(
        worker=request.user, relationship_id=relationship_id, key=key
    )
    form = AnswerForm(request.POST or None, instrument=instrument, evaluations=evaluations)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_record(
                actor=request.user, relationship=relationship, instrument=instrument, **form.service_data()
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect("measures_page", relationship_id=relationship.pk)
    context = {
        "relationship": relationship,
        "client": relationship.client,
        "instrument": instrument,
        "form": form,
    }
    return render(request, "measures/answer_new.html", context)
