from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polku.access import selectors, services
from polku.access.forms import BreakGlassForm, ReviewForm
from polku.access.models import View
from polku.access.pdf import pdf_response
from polku.access.rules import WorkerRequest, client_work, team_lead_only


@client_work
def access_report(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, page = selectors.access_report_for(
        worker=request.user,
        client_id=client_id,
        view=View.ACCESS_REPORT,
        page_number=request.GET.get("page", 1),
    )
    return render(request, "access/report.html", {"client": client, "page": page})


@client_work
def access_report_pdf(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, entries = selectors.access_report_for(
        worker=request.user, client_id=client_id, view=View.ACCESS_REPORT_PDF
    )
    context = {"client": client, "entries": selectors.report_rows(entries), "printed_at": timezone.now()}
    filename = format_lazy("{}-{}.pdf", gettext_lazy("access-log"), client.pk)
    return pdf_response(
        request, "access/report_pdf.html", context, filename, language=client.document_language
    )


@client_work
def break_glass_open(request: WorkerRequest) -> HttpResponse:
    form = BreakGlassForm(request.POST or None, initial={"identity_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            opening = services.break_glass_open(
                actor=request.user,
                identity_code=form.cleaned_data["identity_code"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.warning(
                request,
                _("Break-glass access is open until %(time)s. A team lead will review it.")
                % {"time": timezone.localtime(opening.expires_at).strftime("%H:%M")},
            )
            return redirect("client_detail", client_id=opening.client_id)
    return render(request, "access/break_glass.html", {"form": form, "hours": settings.BREAK_GLASS_HOURS})


@team_lead_only
def break_glass_review(request: WorkerRequest) -> HttpResponse:
    page = selectors.break_glass_for_review(lead=request.user, page_number=request.GET.get("page", 1))
    context = {"page": page, "repeat_days": settings.BREAK_GLASS_REPEAT_DAYS}
    return render(request, "access/review.html", context)


@require_POST
@team_lead_only
def break_glass_mark_reviewed(request: WorkerRequest, break_glass_id: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.break_glass_mark_reviewed(actor=request.user, break_glass_id=break_glass_id, note=note)
    messages.success(request, _("Your review was added."))
    return redirect("break_glass_review")
