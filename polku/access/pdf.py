"""PDFs from the same templates as the screen (WeasyPrint)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
