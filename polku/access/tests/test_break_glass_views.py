import pytest
from django.urls import reverse

from polku.access.models import AccessLogEntry, Basis, BreakGlass
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db
REASON = "Poliisi ilmoitti kiireellisestä tilanteesta, tarvitsen yhteystiedot heti."


def test_break_glass_opens_the_client_and_logs_the_basis(
    social_worker: Worker, client_elsewhere: Client
) -> None:
    http = signed_in(social_worker)
    response = http.post(
        reverse("break_glass_open"), {"identity_code": client_elsewhere.identity_code, "reason": REASON}
    )
    assert response["Location"] == reverse("client_detail", args=[client_elsewhere.pk])
    assert http.get(response["Location"]).status_code == 200
    assert AccessLogEntry.objects.get().basis == Basis.BREAK_GLASS


def test_a_short_reason_is_refused_and_kept(social_worker: Worker, client_elsewhere: Client) -> None:
    response = signed_in(social_worker).post(
        reverse("break_glass_open"), {"identity_code": client_elsewhere.identity_code, "reason": "pakko"}
    )
    page = response.content.decode()
    assert "vähintään 20 merkkiä" in page
    assert "pakko</textarea>" in page
    assert not BreakGlass.objects.exists()
