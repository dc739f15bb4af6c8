"""The client takes part, in the browser at phone size: the worker gives a one-time code; the
client signs in on a 360 px phone, ticks a step, writes their view of a goal, fills in 3X10D,
gives anonymous feedback and opens the access report; the worker then sees the ticked step,
the client's words and the new point on the chart. axe-core on every client page at 360 px."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from polku.clients.models import Client
from polku.core.models import Worker
from polku.feedback.models import ClientFeedback
from polku.participation.tests.conftest import make_plan

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 780}


def fits(page: Page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert_accessible(page, name)


def test_the_client_takes_part_on_a_phone_and_the_worker_sees_it(
    page: Page, browser: Browser, live_server, social_worker: Worker, own_client: Client
) -> None:
    relationship = own_client.relationships.get()
    version = make_plan(relationship, social_worker)
    base = live_server.url

    # The worker gives the code.
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/cases/{relationship.pk}/")
    expect(page.get_by_text("Asiakas ei ole kirjautunut.")).to_be_visible()
    page.get_by_role("button", name="Anna asiakkaalle kirjautumiskoodi").click()
    expect(page.get_by_role("heading", name="Kirjautumiskoodi asiakkaan omille sivuille")).to_be_visible()
    code = page.locator(".own-letter__code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    expect(page.get_by_label("Viesti")).to_contain_text(code)
    assert_accessible(page, "own-00-code")

    # The client, on their phone.
    phone = browser.new_context(viewport=PHONE, locale="fi-FI", bypass_csp=True)
    client = phone.new_page()
    client.goto(f"{base}/my/sign-in/")
    expect(client.get_by_role("heading", name="Kirjaudu omille sivuillesi")).to_be_visible()
    fits(client, "own-01-sign-in-360")
    client.get_by_label("Kirjautumiskoodi").fill("WRONG-CODE2")
    client.get_by_role("button", name="Kirjaudu sisään").click()
    expect(client.get_by_text("Koodi ei ole oikein").first).to_be_visible()
    expect(client.get_by_label("Kirjautumiskoodi")).to_have_value("WRONG-CODE2")
    client.get_by_label("Kirjautumiskoodi").fill(code.lower())
    client.get_by_role("button", name="Kirjaudu sisään").click()
    expect(client.get_by_role("heading", name="Hei, Äijä Eero")).to_be_visible()
    expect(client.get_by_text("Sanna Salo")).to_be_visible()
    fits(client, "own-02-home-360")

    client.get_by_role("link", name="Katso suunnitelmaani ja merkitse, mitä olen tehnyt").click()
    expect(client.get_by_role("heading", name=re.compile("Haluan pitää kotini."))).to_be_visible()
    fits(client, "own-03-plan-360")
    client.get_by_role("button", name=re.compile("Merkitse tehdyksi.*Soitan vuokranantajalle")).click()
    expect(client.get_by_text("Merkitty tehdyksi: Soitan vuokranantajalle")).to_be_visible()
    expect(
        client.get_by_role("button", name=re.compile("Peru merkintä.*Soitan vuokranantajalle"))
    ).to_be_visible()

    client.get_by_role("link", name="Kirjoita, mistä haluan puhua seuraavassa tapaamisessa").click()
    expect(client.get_by_role("heading", name="Ennen tapaamista")).to_be_visible()
    fits(client, "own-04-words-360")
    client.get_by_label("Mistä haluat puhua tapaamisessa?").fill("Vuokrarästit huolettavat.")
    client.get_by_label(re.compile("Miten tämä tavoite on mielestäsi mennyt")).fill(
        "Olen soittanut vuokranantajalle, ja maksusuunnitelma on tehty."
    )
    client.get_by_role("button", name="Tallenna").click()
    expect(client.get_by_text("Kiitos. Työntekijäsi näkee kirjoittamasi")).to_be_visible()

    client.get_by_role("link", name="Takaisin omille sivuille").click()
    client.get_by_role("link", name="3X10D-mittari").click()
    expect(client.get_by_role("heading", name="3X10D-mittari")).to_be_visible()
    fits(client, "own-05-measure-360")
    for number, value in enumerate([6, 5, 4, 6, 8, 3, 2, 5, 5, 6], start=1):
        group = client.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_role("radio", name=str(value), exact=True).check()
    client.get_by_role("button", name="Tallenna vastaukseni").click()
    expect(client.get_by_text("Kiitos. Vastauksesi on tallennettu")).to_be_visible()

    client.get_by_role("link", name="Anna palautetta").click()
    expect(client.get_by_role("heading", name="Anna palautetta")).to_be_visible()
    fits(client, "own-06-feedback-360")
    client.get_by_label("Mikä on mennyt hyvin? (ruusut)").fill("Sanna kuuntelee ja soittaa takaisin.")
    client.get_by_label("Mikä voisi olla paremmin? (risut)").fill("Tapaamisiin on pitkä jono.")
    client.get_by_label("Anna palaute nimettömänä").check(force=True)
    client.get_by_role("button", name="Lähetä palaute").click()
    expect(client.get_by_text("Kiitos palautteestasi.")).to_be_visible()
    assert ClientFeedback.objects.get().client_id is None

    client.get_by_role("link", name="Kuka on katsonut tietojani").click()
    expect(client.get_by_text("Hän on omatyöntekijäsi.").first).to_be_visible()
    fits(client, "own-07-access-report-360")
    phone.close()

    # The worker sees what the client did.
    page.goto(f"{base}/plans/{version.plan_id}/")
    expect(page.get_by_text(re.compile("asiakas merkitsi tehdyksi"))).to_be_visible()
    words = page.locator("#client-words")
    expect(words).to_contain_text("Vuokrarästit huolettavat.")
    expect(words).to_contain_text("maksusuunnitelma on tehty")
    assert_accessible(page, "own-08-worker-plan")
    page.goto(f"{base}/cases/{relationship.pk}/measures/")
    expect(page.locator("svg.measure-chart").first.locator("circle")).to_have_count(1)
    expect(page.get_by_role("table").get_by_text("asiakas omilla sivuillaan")).to_be_visible()
