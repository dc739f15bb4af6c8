"""A team lead reviews break-glass accesses: repeated openings stand out, and a review is
added under the opening without replacing the earlier one."""

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_foundation import sign_in
from polku.access.models import BreakGlassReview
from polku.access.services import break_glass_open
from polku.core.models import Organisation, Team, Worker
from polku.personas import make_client

pytestmark = pytest.mark.django_db(transaction=True)
REASON = "Poliisi ilmoitti kiireellisestä tilanteesta, tarvitsin yhteystiedot heti."


def test_a_team_lead_reviews_repeated_break_glass_accesses(
    page: Page, live_server, org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    for number in range(3):
        client = make_client(org, team, 80 + number)
        break_glass_open(actor=social_worker, identity_code=client.identity_code, reason=REASON)

    sign_in(page, live_server.url, "tiina_toivonen")
    page.get_by_role("link", name="Tarkasta poikkeukselliset pääsyt").click()
    expect(page.get_by_role("heading", name="Tarkastettavat poikkeukselliset pääsyt")).to_be_visible()
    newest = page.locator("article").first
    expect(newest.get_by_text("Toistuvia avauksia")).to_be_visible()
    expect(newest).to_contain_text("Tämä on työntekijän 3. avaus 30 päivän sisällä.")
    expect(page.get_by_text("Tarkastamatta")).to_have_count(3)
    assert_accessible(page, "break-glass-review")

    newest.get_by_label("Tarkastuksen huomio").fill("Puhuttu työntekijän kanssa.")
    newest.get_by_role("button", name="Merkitse tarkastetuksi").click()
    expect(page.get_by_text("Tarkastuksesi on kirjattu.")).to_be_visible()
    reviewed = page.locator("article").filter(has_text="Puhuttu työntekijän kanssa.")
    expect(reviewed.get_by_text("Tarkastettu", exact=True)).to_be_visible()
    expect(reviewed.get_by_role("button", name="Lisää tarkastus")).to_be_visible()
    assert_accessible(page, "break-glass-reviewed")
    assert BreakGlassReview.objects.get().note == "Puhuttu työntekijän kanssa."
