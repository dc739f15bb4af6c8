"""A team lead signs in, finds a client, opens them and sees the view in the access log."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Username").or_(page.get_by_label("Käyttäjätunnus")).fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def test_a_team_lead_finds_a_client_and_sees_the_view_logged(
    page: Page, live_server, lead: Worker, client_of_team: Client
) -> None:
    base = live_server.url
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="Kirjaudu Polkuun")).to_be_visible()
    assert_accessible(page, "01-sign-in")

    sign_in(page, base, "tiina_toivonen")
    expect(page.get_by_role("heading", name="Tervetuloa, Tiina")).to_be_visible()
    assert_accessible(page, "02-home")

    page.get_by_label("Henkilötunnus tai nimi").fill("mäke")
    page.get_by_role("button", name="Hae").click()
    expect(page.get_by_role("heading", name="1 asiakas löytyi")).to_be_visible()
    assert_accessible(page, "03-search")

    page.get_by_role("link", name="Mäkelä, Äijä Eero").click()
    expect(page.get_by_role("heading", name="Äijä Eero Mäkelä")).to_be_visible()
    expect(page.get_by_text("asiakkaan tiimin esihenkilö")).to_be_visible()
    assert_accessible(page, "04-client")

    page.get_by_role("link", name="Kuka on katsonut asiakkaan tietoja").click()
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="asiakkaan perustiedot")).to_have_count(1)
    expect(rows.first).to_contain_text("Tiina Toivonen")
    assert_accessible(page, "05-access-log")

    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa PDF-tiedostona").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_registering_keeps_what_was_typed_and_explains_the_error(
    page: Page, live_server, guidance: Worker
) -> None:
    sign_in(page, live_server.url, "noora_nieminen")
    page.get_by_role("link", name="Kirjaa uusi asiakas").click()
    page.get_by_label("Henkilötunnus").fill("010594Y9033")
    page.get_by_label("Etunimet").fill("Eeva")
    page.get_by_label("Sukunimi").fill("Järvinen")
    page.get_by_role("button", name="Kirjaa asiakas").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tarkistusmerkki ei täsmää")
    expect(page.get_by_label("Sukunimi")).to_have_value("Järvinen")
    assert_accessible(page, "06-register-error")

    page.get_by_label("Henkilötunnus").fill("010594Y9032")
    page.get_by_role("button", name="Kirjaa asiakas").click()
    expect(page.get_by_role("heading", name="Eeva Järvinen")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/clients/\d+/$"))


def test_the_client_page_fits_a_phone_and_zoom(
    page: Page, live_server, lead: Worker, client_of_team: Client
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url, "tiina_toivonen")
    page.goto(f"{live_server.url}/clients/{client_of_team.pk}/")
    expect(page.get_by_role("heading", name="Äijä Eero Mäkelä")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "07-client-phone")
    # 200 % zoom on a 1280 px wide screen lays the page out in 640 CSS pixels.
    page.set_viewport_size({"width": 640, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 640


def test_a_missing_page_is_polkus_own_with_a_way_back(
    page: Page, live_server, lead: Worker, client_of_team: Client
) -> None:
    sign_in(page, live_server.url, "tiina_toivonen")
    page.goto(f"{live_server.url}/clients/{client_of_team.pk}/")
    page.evaluate("url => { window.location.href = url; }", f"{live_server.url}/clients/999999/")
    expect(page.get_by_role("heading", name="Sivua ei löytynyt")).to_be_visible()
    assert_accessible(page, "08-not-found")
    page.get_by_role("link", name="Palaa edelliselle sivulle").click()
    expect(page.get_by_role("heading", name="Äijä Eero Mäkelä")).to_be_visible()
