import io

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from polku.access.models import AccessLogEntry, View
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def test_the_report_shows_who_viewed_when_and_on_what_basis(lead: Worker, client_of_team: Client) -> None:
    http = signed_in(lead)
    http.get(reverse("client_detail", args=[client_of_team.pk]))
    page = http.get(reverse("access_report", args=[client_of_team.pk])).content.decode()
    assert "Tiina Toivonen" in page
    assert "asiakkaan perustiedot" in page
    assert "asiakkaan tiimin esihenkilö" in page


def test_the_report_is_also_a_pdf(lead: Worker, client_of_team: Client) -> None:
    http = signed_in(lead)
    http.get(reverse("client_detail", args=[client_of_team.pk]))
    response = http.get(reverse("access_report_pdf", args=[client_of_team.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Äijä Eero Mäkelä" in text
    assert "Tiina Toivonen" in text
    assert "asiakkaan perustiedot" in text
    assert AccessLogEntry.objects.filter(view=View.ACCESS_REPORT_PDF).count() == 1


def test_the_report_does_not_show_other_clients_views(
    lead: Worker, client_of_team: Client, team, org
) -> None:
    from polku.personas import make_client

    other = make_client(org, team, 5, last_name="Toinen")
    http = signed_in(lead)
    http.get(reverse("client_detail", args=[other.pk]))
    http.get(reverse("client_detail", args=[other.pk]))
    response = http.get(reverse("access_report", args=[client_of_team.pk]))
    # Only the report's own read of this client is listed.
    assert response.content.decode().count("<tr>") == 2


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def assert_tagged(pdf: bytes, language: str) -> None:
    """A PDF a screen reader can follow: a structure tree, marked content and a language."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == language


def test_the_pdf_is_tagged_and_in_the_clients_language(lead: Worker, client_of_team: Client) -> None:
    Client.objects.filter(pk=client_of_team.pk).update(language="sv")
    http = signed_in(lead)
    http.get(reverse("client_detail", args=[client_of_team.pk]))
    response = http.get(reverse("access_report_pdf", args=[client_of_team.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="loggdata-{client_of_team.pk}.pdf"'
    text = pdf_text(response.content)
    assert "Vem har sett uppgifterna om Äijä Eero Mäkelä" in text
    assert "Vad som visades" in text and "klientens grunduppgifter" in text
    assert "Kuka on katsonut" not in text
    assert_tagged(response.content, "sv")


def test_the_pdf_of_a_finnish_client_is_in_finnish_whatever_the_workers_language(
    lead: Worker, client_of_team: Client
) -> None:
    http = signed_in(lead)
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = http.get(reverse("access_report_pdf", args=[client_of_team.pk]))
    text = pdf_text(response.content)
    assert "Kuka on katsonut asiakkaan tietoja: Äijä Eero Mäkelä" in text
    assert_tagged(response.content, "fi")


def test_the_pdf_groups_a_workers_repeated_views_of_a_day_into_one_row(
    lead: Worker, client_of_team: Client
) -> None:
    http = signed_in(lead)
    for _ in range(4):
        http.get(reverse("client_detail", args=[client_of_team.pk]))
    assert AccessLogEntry.objects.filter(client=client_of_team, view=View.CLIENT_PAGE).count() == 4
    response = http.get(reverse("access_report_pdf", args=[client_of_team.pk]), HTTP_ACCEPT_LANGUAGE="fi")
    text = pdf_text(response.content)
    assert "4 kertaa" in text
    assert text.count("asiakkaan perustiedot") == 1  # four views of the client page, one row
