"""PDFs from the same templates as the screen (WeasyPrint)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from weasyprint import HTML

# PDF/UA-1: the PDF is tagged (headings, lists, tables in reading order) and states its
# language, so that a screen reader reads a client's document as it reads the page.
PDF_VARIANT = "pdf/ua-1"
# The archival copy of a document for Kanta (polku.archive) is PDF/A-3b: self-contained
# (fonts and colour profile embedded) and described by XMP metadata.
ARCHIVE_VARIANT = "pdf/a-3b"


def pdf_render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    language: str,
    variant: str = PDF_VARIANT,
) -> bytes:
    """The template as a tagged PDF in `language`, which is the client's, not the worker's.
    The template's <html lang> gives the PDF its /Lang, its <title> and <meta> tags the
    document's metadata."""
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    return document.write_pdf(pdf_variant=variant)


def pdf_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    filename: str | Promise,
    *,
    language: str,
    variant: str = PDF_VARIANT,
) -> HttpResponse:
    """The PDF as a download; a lazily translated `filename` is in the client's language too."""
    document = pdf_render(request, template, context, language=language, variant=variant)
    with translation.override(language):
        name = str(filename)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
