"""Downloads of a document in the national structure, for the workers who read the record:
the JSON for the archive and its human-readable PDF/A. A document that is not ready is not
offered; the page says what is missing."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from polku.access.pdf import ARCHIVE_VARIANT, pdf_response
from polku.access.rules import WorkerRequest, client_work
from polku.archive import selectors
from polku.archive.rendition import rendition
from polku.archive.selectors import Offer


def _not_ready(request: WorkerRequest, page: str) -> HttpResponse:
    messages.error(request, _("The document is not ready for the archive. See below what is missing."))
    return redirect(f"{page}#archive")


def _json(offer: Offer) -> HttpResponse:
    body = json.dumps(offer.export.document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{offer.filename}.json"'
    return response


def _pdf(request: WorkerRequest, offer: Offer) -> HttpResponse:
    context = {"offer": offer, "export": offer.export, "nodes": rendition(offer.export)}
    return pdf_response(
        request,
        "archive/document_pdf.html",
        context,
        f"{offer.filename}.pdf",
        language=offer.export.language,
        variant=ARCHIVE_VARIANT,
    )


@client_work
def assessment_json(request: WorkerRequest, assessment_id: int) -> HttpResponse:
    offer = selectors.assessment_for_archive(worker=request.user, assessment_id=assessment_id)
    if not offer.ready:
        return _not_ready(request, reverse("assessment_detail", args=[assessment_id]))
    return _json(offer)


@client_work
def assessment_pdf(request: WorkerRequest, assessment_id: int) -> HttpResponse:
    offer = selectors.assessment_for_archive(worker=request.user, assessment_id=assessment_id)
    if not offer.ready:
        return _not_ready(request, reverse("assessment_detail", args=[assessment_id]))
    return _pdf(request, offer)


@client_work
def plan_json(request: WorkerRequest, plan_id: int, number: int) -> HttpResponse:
    offer = selectors.plan_version_for_archive(worker=request.user, plan_id=plan_id, number=number)
    if not offer.ready:
        return _not_ready(request, reverse("plan_version_detail", args=[plan_id, number]))
    return _json(offer)


@client_work
def plan_pdf(request: WorkerRequest, plan_id: int, number: int) -> HttpResponse:
    offer = selectors.plan_version_for_archive(worker=request.user, plan_id=plan_id, number=number)
    if not offer.ready:
        return _not_ready(request, reverse("plan_version_detail", args=[plan_id, number]))
    return _pdf(request, offer)
