"""Three paths of an intake, in the browser: to an assigned worker, closed with guidance
only, and urgent. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from polku.core.models import Municipality, Team, Worker
from polku.personas import PASSWORD, put_on_duty

pytestmark = pytest.mark.django_db(transaction=True)

# The pickers show each worker with role, clients and absence.
OLLI = "Olli Ojala – sosiaaliohjaaja, 0 asiakasta"


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name=re.compile("Tervetuloa"))).to_be_visible()


def register(page: Page, base: str, first: str, last: str, channel: str, description: str) -> None:
    page.goto(base + "/intake/new/")
    page.get_by_label("Etunimet").fill(first)
    page.get_by_label("Sukunimi").fill(last)
    page.get_by_label("Kunta").select_option(label="Järvilaakso")
    page.get_by_label(channel).check(force=True)
    page.get_by_label("Vastaanottotapa").select_option(label="puhelin")
    page.get_by_label("Mitä asia koskee").fill(description)
    if channel.startswith("ilmoitus"):
        page.get_by_label("Ilmoittaja", exact=True).select_option(label="Poliisi")
        page.get_by_label("Ilmoittajan nimi").fill("Konstaapeli Virta")
    page.get_by_role("button", name="Kirjaa vireille").click()
    expect(page.get_by_role("heading", name=f"Vireilletulo: {first} {last}")).to_be_visible()


def assess_urgency(page: Page, urgent: bool) -> None:
    form = page.locator("#urgency")
    if urgent:
        form.get_by_label("Kiireellinen: asiakas tarvitsee apua heti").check(force=True)
        form.get_by_label("Henkilöllä ei ole tänä yönä asuntoa tai yöpaikkaa").check(force=True)
        form.get_by_label("Perustelut").fill("Ei yöpaikkaa tälle yölle.")
    else:
        form.get_by_label("Ei kiireellinen").check(force=True)
        form.get_by_label("Perustelut").fill("Asiakas on turvassa.")
    form.get_by_role("button", name="Tallenna arvio").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()


def give_guidance(page: Page, text: str, motivation: str) -> None:
    form = page.locator("#guidance")
    form.get_by_label("Annettu ohjaus ja neuvonta").fill(text)
    form.get_by_label("Ohjattu hakemaan perustoimeentulotukea Kelasta").check(force=True)
    form.get_by_label(motivation).check(force=True)
    form.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()


def decide(page: Page, outcome: str) -> None:
    form = page.locator("#outcome")
    form.get_by_label(outcome).check(force=True)
    form.get_by_role("button", name="Tallenna lopputulos").click()


@pytest.fixture
def on_duty(team: Team, social_worker: Worker, counsellor: Worker, town: Municipality) -> None:
    put_on_duty(team, social_worker, counsellor)


def test_a_notification_travels_to_an_assigned_worker(
    page: Page, live_server, on_duty: None, guidance: Worker
) -> None:
    base = live_server.url
    sign_in(page, base, "noora_nieminen")
    page.goto(base + "/intake/new/")
    assert_accessible(page, "intake-01-register")
    # Forgetting the notifier of a notification keeps everything typed.
    page.get_by_label("Etunimet").fill("Lauri")
    page.get_by_label("ilmoitus ilman suostumusta (SHL 35 §)").check(force=True)
    page.get_by_role("button", name="Kirjaa vireille").click()
    expect(page.get_by_text("Ilmoitukseen tarvitaan ilmoittajan tyyppi.").first).to_be_visible()
    expect(page.get_by_label("Etunimet")).to_have_value("Lauri")
    assert_accessible(page, "intake-02-register-errors")

    register(
        page,
        base,
        "Lauri",
        "Laine",
        "ilmoitus ilman suostumusta (SHL 35 §)",
        "Poliisi tapasi henkilön yöllä.",
    )
    expect(page.get_by_text("Konstaapeli Virta")).to_have_count(0)
    page.get_by_role("button", name="Näytä ilmoittaja").click()
    expect(page.get_by_text("Konstaapeli Virta")).to_be_visible()

    contact = page.locator("#contact-form")
    contact.get_by_label("Tapa").select_option(label="puhelin")
    contact.get_by_label("tavoitettiin", exact=True).check(force=True)
    contact.get_by_role("button", name="Tallenna yritys").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()

    # Forwarding before the urgency assessment is refused in Finnish.
    decide(page, "siirretty jakeluun")
    expect(page.get_by_text("Arvioi kiireellisyys ennen kuin siirrät asian jakeluun.").first).to_be_visible()
    assert_accessible(page, "intake-03-guidance-refused")

    assess_urgency(page, urgent=False)
    give_guidance(page, "Neuvottu hakemaan toimeentulotukea.", "haluaa palveluja")
    decide(page, "siirretty jakeluun")
    expect(page.get_by_text("Tallennettu.")).to_be_visible()

    sign_in(page, base, "sanna_salo")
    page.get_by_role("link", name="Jakelu").first.click()
    expect(page.get_by_role("heading", name="Jakelu", exact=True)).to_be_visible()
    assert_accessible(page, "intake-04-distribution")
    # The queue opens the distribution page itself (issue 9: no detour through the intake).
    page.get_by_role("link", name="Laine, Lauri").click()
    page.locator("#id_complexity").get_by_label("vähäinen").check(force=True)
    page.locator("#id_resources").get_by_label("heikot").check(force=True)
    page.get_by_role("button", name="Näytä suositus").click()
    expect(page.get_by_text("Suositus: sosiaaliohjaaja")).to_be_visible()
    expect(page.get_by_text("Vähiten kuormitettu paikalla oleva: Olli Ojala.")).to_be_visible()
    assert_accessible(page, "intake-05-quadrant")
    page.get_by_label("Vastuutyöntekijä").select_option(label=OLLI)
    page.get_by_role("button", name="Anna työntekijälle").click()
    expect(page.get_by_text("Lauri Laine on nyt asiakkaana. Vastuutyöntekijä: Olli Ojala.")).to_be_visible()

    sign_in(page, base, "olli_ojala")
    page.get_by_role("link", name="Omat asiakkaat").first.click()
    row = page.locator("tbody tr", has_text="Laine, Lauri")
    expect(row).to_contain_text("Uusi")
    assert_accessible(page, "intake-06-my-clients")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Lauri Laine")).to_be_visible()
    expect(page.get_by_text("tuki palvelujen hakemiseen")).to_be_visible()
    assert_accessible(page, "intake-07-case")


def test_an_own_contact_closes_with_guidance_only(page: Page, live_server, guidance: Worker, town) -> None:
    base = live_server.url
    sign_in(page, base, "noora_nieminen")
    register(page, base, "Helmi", "Heikkinen", "asiakkaan oma yhteydenotto", "Kysyy Kelan hakemuksesta.")
    give_guidance(page, "Neuvottu täyttämään hakemus OmaKelassa.", "ei ole päättänyt")
    decide(page, "suljettu pelkällä ohjauksella")
    # Closed: the guidance worker's basis ended with her task, so she is back in her queue.
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    expect(page.get_by_role("heading", name="Palveluohjauksen jono")).to_be_visible()
    expect(page.get_by_text("Jono on tyhjä.")).to_be_visible()
    assert_accessible(page, "intake-08-closed")
    page.goto(base + "/team/week/")
    expect(page.locator(".figure", has_text="suljettu pelkällä ohjauksella")).to_contain_text("100 %")
    assert_accessible(page, "intake-09-team-week")
    page.get_by_role("link", name="Asiakkaan polku").click()
    expect(page.locator(".process__stage").first).to_contain_text("0 asiakasta")
    assert_accessible(page, "intake-12-process")
    page.get_by_role("link", name="Päivystysvuorot").click()
    assert_accessible(page, "intake-13-duty-rota")


def test_an_urgent_intake_reaches_the_duty_pair_at_once(
    page: Page, live_server, on_duty: None, guidance: Worker
) -> None:
    base = live_server.url
    sign_in(page, base, "noora_nieminen")
    register(
        page, base, "Sami", "Saari", "ilmoitus ilman suostumusta (SHL 35 §)", "Henkilöllä ei ole asuntoa."
    )
    assess_urgency(page, urgent=True)
    decide(page, "ohjattu heti kiiretyöhön")
    expect(page.get_by_text("Tallennettu.")).to_be_visible()

    sign_in(page, base, "olli_ojala")
    banner = page.locator(".urgent-banner")
    expect(banner).to_contain_text("1 kiireellinen asia odottaa päivystysparia.")
    assert_accessible(page, "intake-10-urgent-banner")
    banner.get_by_role("link", name="Siirry jakeluun").click()
    page.get_by_role("link", name="Kirjaa kiiretyön toimet").click()
    expect(page.get_by_text("Kiireellinen: päivystysparin on toimittava nyt.")).to_be_visible()
    assert_accessible(page, "intake-11-urgent-intake")
    page.get_by_label("Mitä kiiretyössä tehtiin").fill("Järjestetty hätämajoitus ja ruoka-apu.")
    page.get_by_role("button", name="Kirjaa kiiretyön toimet").click()
    expect(page.locator(".urgent-banner")).to_have_count(0)

    page.get_by_role("link", name="Arvioi tuen tarve ja valitse työntekijä").click()
    page.locator("#id_complexity").get_by_label("suuri").check(force=True)
    page.locator("#id_resources").get_by_label("heikot").check(force=True)
    page.get_by_label("Vastuutyöntekijä").select_option(label=OLLI)
    page.get_by_role("button", name="Anna työntekijälle").click()
    expect(
        page.get_by_text(
            "Asiakkaalla on erityisen tuen tarve, joten vastuutyöntekijän on oltava sosiaalityöntekijä."
        ).first
    ).to_be_visible()
    page.get_by_label("Vastuutyöntekijä").select_option(label="Sanna Salo – sosiaalityöntekijä, 0 asiakasta")
    page.get_by_role("button", name="Anna työntekijälle").click()
    expect(page.get_by_text("Sami Saari on nyt asiakkaana. Vastuutyöntekijä: Sanna Salo.")).to_be_visible()


def test_a_team_lead_records_an_absence(page: Page, live_server, lead: Worker, counsellor: Worker) -> None:
    base = live_server.url
    sign_in(page, base, "tiina_toivonen")
    page.goto(base + "/team/absences/")
    page.get_by_label("Työntekijä").select_option(label="Olli Ojala")
    page.get_by_label("Alkaen").fill("2026-12-01")
    page.get_by_label("Päättyen").fill("2026-12-05")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Poissaolo on tallennettu.")).to_be_visible()
    expect(page.locator("tbody tr", has_text="Olli Ojala")).to_contain_text("1.12.2026")
    assert_accessible(page, "team-absences")
