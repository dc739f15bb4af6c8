"""Nothing with client data is kept in a browser's or a proxy's cache; static files are."""

import pytest
from django.urls import reverse

from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def test_it_sends_no_store_with_a_client_page(lead: Worker, client_of_team: Client) -> None:
    response = signed_in(lead).get(reverse("client_detail", args=[client_of_team.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_it_sends_no_store_with_a_pdf(lead: Worker, client_of_team: Client) -> None:
    response = signed_in(lead).get(reverse("access_report_pdf", args=[client_of_team.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_static_files_keep_their_caching(lead: Worker, settings) -> None:
    # WhiteNoise reads the static folders directly here, as it does in development.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = signed_in(lead).get("/static/polku/polku.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_signing_out_asks_the_browser_to_clear_stored_drafts(social_worker: Worker) -> None:
    http = signed_in(social_worker)
    response = http.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert "Clear-Site-Data" not in http.get(reverse("login"))
