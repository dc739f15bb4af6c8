import io

import pytest
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
