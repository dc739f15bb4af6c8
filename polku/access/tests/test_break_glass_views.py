import pytest
from django.urls import reverse

from polku.access.models import AccessLogEntry, Basis, BreakGlass
from polku.clients.models import Client
from polku.core.models import Role, Team, Worker
from polku.personas import make_worker, signed_in

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


def test_the_team_lead_reviews_her_workers_break_glass(
    lead: Worker, social_worker: Worker, client_elsewhere: Client, org, other_team: Team
) -> None:
    signed_in(social_worker).post(
        reverse("break_glass_open"), {"identity_code": client_elsewhere.identity_code, "reason": REASON}
    )
    stranger = make_worker(org, "kaisa_koski", Role.TEAM_LEAD, [other_team])
    assert REASON not in signed_in(stranger).get(reverse("break_glass_review")).content.decode()
    http = signed_in(lead)
    page = http.get(reverse("break_glass_review")).content.decode()
    assert REASON in page
    opening = BreakGlass.objects.get()
    assert (
        signed_in(stranger).post(reverse("break_glass_mark_reviewed", args=[opening.pk])).status_code == 404
    )
    http.post(reverse("break_glass_mark_reviewed", args=[opening.pk]), {"note": "Asiallinen."})
    opening.refresh_from_db()
    assert (opening.reviewed_by, opening.review_note) == (lead, "Asiallinen.")


def test_the_review_page_has_a_constant_number_of_queries(
    lead: Worker, social_worker: Worker, org, team: Team, django_assert_max_num_queries
) -> None:
    from polku.access.services import break_glass_open
    from polku.personas import make_client

    for number in range(20):
        client = make_client(org, team, 30 + number)
        break_glass_open(actor=social_worker, identity_code=client.identity_code, reason=REASON)
    http = signed_in(lead)
    with django_assert_max_num_queries(16):
        page = http.get(reverse("break_glass_review")).content.decode()
    assert page.count(REASON) == 20
