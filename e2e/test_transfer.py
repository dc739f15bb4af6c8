"""A client moves to another team only when that team's lead accepts, in the browser."""

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from polku.clients.models import Client
from polku.core.models import Role, Team, Worker
from polku.personas import make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_lead_offers_a_client_and_the_other_lead_accepts(
    page: Page, live_server, org, lead: Worker, other_team: Team, client_of_team: Client
) -> None:
    make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    base = live_server.url
    sign_in(page, base, "tiina_toivonen")
    page.goto(f"{base}/clients/{client_of_team.pk}/")
    page.get_by_role("link", name="Siirrä toiseen tiimiin").click()
    assert_accessible(page, "transfer-01-offer")
    page.get_by_role("button", name="Tarjoa siirtoa").click()
    expect(page.get_by_text("Tämä kenttä vaaditaan.").first).to_be_visible()  # nothing chosen: refused
    page.get_by_role("combobox", name="Tiimiin").select_option(label="Koskelan tiimi")
    page.get_by_label("Miksi asiakas siirtyy tähän tiimiin").fill("Asiakas muutti Koskelaan.")
    page.get_by_role("button", name="Tarjoa siirtoa").click()
    expect(page.get_by_text("Siirtoa tarjottu (Koskelan tiimi)")).to_be_visible()
    expect(page.get_by_role("link", name="Siirrä toiseen tiimiin")).to_have_count(0)

    sign_in(page, base, "leena_lahti")
    page.goto(base + "/team/week/")
    page.get_by_role("link", name="Tiimisiirrot").click()
    assert_accessible(page, "transfer-02-waiting")
    page.get_by_role("link", name="Äijä Eero Mäkelä").click()
    expect(page.get_by_text("Asiakas muutti Koskelaan.")).to_be_visible()
    assert_accessible(page, "transfer-03-answer")
    page.get_by_label("Hyväksyn: asiakas siirtyy tiimiini").check(force=True)
    page.get_by_role("button", name="Vastaa").click()
    expect(page.get_by_text("Vastauksesi on tallennettu.")).to_be_visible()
    expect(page.get_by_text("hyväksynyt Leena Lahti")).to_be_visible()
    assert_accessible(page, "transfer-04-history")
    page.set_viewport_size({"width": 360, "height": 800})
    assert_accessible(page, "transfer-05-history-phone")
    client_of_team.refresh_from_db()
    assert client_of_team.team == other_team
