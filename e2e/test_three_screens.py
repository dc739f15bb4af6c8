"""Registered, triaged and assigned: the path of a live call, counted in screens, page
loads and clicks (issue 9). A guidance worker takes the call; the duty pair distributes."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from polku.core.models import Municipality, Team, Worker
from polku.personas import put_on_duty

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Tally:
    """Page loads (each `load` event), the distinct screens they showed (by path) and the
    clicks a person makes (links, buttons, radio buttons, check boxes, select lists)."""

    loads: list[str] = field(default_factory=list)
    clicks: int = 0

    def watch(self, page: Page) -> None:
        page.on("load", lambda loaded: self.loads.append(urlparse(loaded.url).path))

    def click(self, target: Locator) -> None:
        self.clicks += 1
        target.click()

    def check(self, target: Locator) -> None:
        self.clicks += 1
        target.check(force=True)

    def select(self, target: Locator, label: str) -> None:
        self.clicks += 2  # open the list, pick the option
        target.select_option(label=label)

    @property
    def screens(self) -> list[str]:
        shown = [re.sub(r"/\d+/", "/N/", path) for path in self.loads]
        return list(dict.fromkeys(shown))


@pytest.fixture
def on_duty(team: Team, social_worker: Worker, counsellor: Worker, town: Municipality) -> None:
    put_on_duty(team, social_worker, counsellor)


def test_before(page: Page, live_server, on_duty: None, guidance: Worker) -> None:
    base = live_server.url
    tally = Tally()
    sign_in(page, base, "noora_nieminen")
    tally.watch(page)
    tally.click(page.get_by_role("link", name="Palveluohjaus").first)
    tally.click(page.get_by_role("link", name="Kirjaa vireille").first)
    page.get_by_label("Etunimet").fill("Lauri")
    page.get_by_label("Sukunimi").fill("Laine")
    tally.select(page.get_by_label("Kunta"), "Järvilaakso")
    tally.check(page.get_by_label("asiakkaan oma yhteydenotto"))
    tally.select(page.get_by_label("Vastaanottotapa"), "puhelin")
    page.get_by_label("Mitä asia koskee").fill("Soittaa: vuokrat rästissä.")
    tally.click(page.get_by_role("button", name="Kirjaa vireille"))
    contact = page.locator("#contact-form")
    tally.select(contact.get_by_label("Tapa"), "puhelin")
    tally.check(contact.get_by_label("tavoitettiin", exact=True))
    tally.click(contact.get_by_role("button", name="Tallenna yritys"))
    form = page.locator("#urgency")
    tally.check(form.get_by_label("Ei kiireellinen"))
    form.get_by_label("Perustelut").fill("Asiakas on turvassa.")
    tally.click(form.get_by_role("button", name="Tallenna arvio"))
    form = page.locator("#outcome")
    tally.check(form.get_by_label("siirretty jakeluun"))
    tally.click(form.get_by_role("button", name="Tallenna lopputulos"))
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    guidance_part = (len(tally.loads), list(tally.screens), tally.clicks)

    tally.loads.clear()
    sign_in(page, base, "sanna_salo")
    tally.click(page.get_by_role("link", name="Jakelu").first)
    tally.click(page.get_by_role("link", name="Laine, Lauri"))
    tally.click(page.get_by_role("link", name="Arvioi tuen tarve ja valitse työntekijä"))
    tally.check(page.locator("#id_complexity").get_by_label("vähäinen"))
    tally.check(page.locator("#id_resources").get_by_label("heikot"))
    tally.select(page.get_by_label("Vastuutyöntekijä"), "Olli Ojala")
    tally.click(page.get_by_role("button", name="Anna työntekijälle"))
    expect(page.get_by_text("Lauri Laine on nyt työntekijän Olli Ojala asiakas.")).to_be_visible()
    print("BEFORE guidance", guidance_part)
    print("BEFORE pair", len(tally.loads), tally.screens, tally.clicks)
