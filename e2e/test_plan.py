"""An assessment and a plan with two goals, evaluated into version 2, compared, and printed
for the client: in the browser, with axe-core on every page."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.intake.services import intake_assign
from polku.personas import forward, make_intake, put_on_duty

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def relationship(
    team: Team, social_worker: Worker, counsellor: Worker, guidance: Worker, client_of_team: Client
) -> ClientRelationship:
    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client_of_team, guidance, description="Vuokrat maksamatta."), guidance)
    return intake_assign(
        actor=social_worker,
        intake=intake,
        complexity="low",
        resources="weak",
        note="",
        responsible=counsellor,
    )


def choose(page: Page, scope: str, label: str) -> None:
    page.locator(scope).get_by_label(label, exact=True).check(force=True)


def add_goal(page: Page, words: str, step: str) -> None:
    page.locator("summary", has_text="Lisää tavoite").click()
    page.get_by_label("Tavoite asiakkaan omin sanoin").fill(words)
    page.get_by_label("Tavoitteen alue").select_option(label="Asumisen turvaaminen")
    page.locator("#goals details[open] form").get_by_role("button", name="Lisää").click()
    expect(page.get_by_role("heading", name=words)).to_be_visible()
    goal = page.locator("article.goal", has=page.get_by_role("heading", name=words))
    tools = goal.locator("xpath=following-sibling::div[1]")
    tools.locator("summary", has_text="Lisää askel").click()
    tools.get_by_label("Mitä").fill(step)
    tools.get_by_label("Kuka").fill("minä")
    tools.get_by_role("button", name="Lisää askel").click()
    expect(page.locator("strong", has_text=step)).to_be_visible()


def test_an_assessment_and_a_plan_through_evaluation_to_the_clients_pdf(
    page: Page, live_server, relationship: ClientRelationship
) -> None:
    base = live_server.url
    sign_in(page, base, "olli_ojala")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("button", name="Aloita arviointi").click()
    expect(page.get_by_role("heading", name=re.compile("Palvelutarpeen arviointi"))).to_be_visible()
    assert_accessible(page, "plan-01-assessment")
    page.get_by_label("Asiakkaan oma näkemys tilanteestaan ja tarpeistaan").fill("Haluan pitää kotini.")
    page.get_by_label("Yhteenveto tilanteesta ja palvelutarpeesta").fill("Vuokrarästejä, tarvitsee tukea.")
    choose(page, "#id_special_support", "ei")
    choose(page, "#id_relationship_needed", "kyllä")
    choose(page, "#id_own_worker_needed", "kyllä")
    choose(page, "#id_plan_to_make", "kyllä")
    page.get_by_role("button", name="Merkitse arviointi valmiiksi").click()
    expect(page.get_by_text("Arviointi on merkitty valmiiksi.")).to_be_visible()
    assert_accessible(page, "plan-02-assessment-done")

    page.get_by_role("link", name="Äijä Eero Mäkelä").first.click()
    page.locator("summary", has_text="Tee asiakassuunnitelma").click()
    page.get_by_role("button", name="Aloita suunnitelma").click()
    expect(page.get_by_label("Asiakkaan tilanne", exact=True)).to_have_value(
        "Vuokrarästejä, tarvitsee tukea."
    )
    page.get_by_label("Vahvuudet ja voimavarat asiakkaan näkemyksen mukaan").fill("Minulla on hyvä ystävä.")
    page.get_by_label("Seuraava arviointi", exact=True).fill("2027-02-01")
    page.get_by_role("button", name="Tallenna suunnitelman teksti").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    add_goal(page, "Haluan pitää asuntoni.", "Soitan isännöitsijälle")
    add_goal(page, "Haluan päästä työpajaan.", "Käyn tutustumassa työpajaan")
    assert_accessible(page, "plan-03-plan-draft")
    page.get_by_role("button", name="Suunnitelma on sovittu asiakkaan kanssa").click()
    expect(page.get_by_text("Suunnitelma on merkitty sovituksi asiakkaan kanssa.")).to_be_visible()
    assert_accessible(page, "plan-04-plan-agreed")

    page.get_by_role("button", name="Arvioi ja päivitä suunnitelma").click()
    expect(page.get_by_role("heading", name="Edellisen suunnitelman arviointi")).to_be_visible()
    for form in page.locator("#evaluation form").all():
        form.get_by_label("Asiakkaan arvio toteutumisesta").select_option(label="Tavoite saavutettu osittain")
        form.get_by_label("Työntekijän arvio toteutumisesta").select_option(
            label="Tavoite saavutettu osittain"
        )
        form.get_by_role("button", name="Tallenna arviointi").click()
        expect(page.get_by_text("Tallennettu.")).to_be_visible()
    page.get_by_label("Asiakkaan tilanne", exact=True).fill("Vuokrat on maksettu.")
    choose(page, "#id_continues", "kyllä")
    page.get_by_role("button", name="Tallenna suunnitelman teksti").click()
    assert_accessible(page, "plan-05-evaluation")
    page.get_by_role("button", name="Suunnitelma on sovittu asiakkaan kanssa").click()
    expect(page.get_by_text("Suunnitelma on merkitty sovituksi asiakkaan kanssa.")).to_be_visible()

    page.get_by_role("link", name="Vertaa versioita").click()
    expect(page.get_by_role("heading", name="Mikä muuttui versiosta 1 versioon 2")).to_be_visible()
    expect(page.get_by_text("Vuokrat on maksettu.")).to_be_visible()
    assert_accessible(page, "plan-06-compare")

    page.get_by_role("link", name=re.compile("Työikäisten asiakassuunnitelma")).click()
    page.get_by_role("link", name="Asiakkaan oma suunnitelma").click()
    expect(page.get_by_role("heading", name="Minun suunnitelmani")).to_be_visible()
    assert_accessible(page, "plan-07-worksheet")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tulosta asiakkaalle (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for expected in (
        "Haluan pitää asuntoni.",
        "Soitan isännöitsijälle",
        "Haluan päästä työpajaan.",
        "Olli Ojala",
    ):
        assert expected in text, expected
    for internal in ("PTA", "SHL", "AVAIN"):
        assert internal not in text, internal


def test_text_typed_in_an_assessment_survives_a_lost_page(
    page: Page, live_server, relationship: ClientRelationship
) -> None:
    base = live_server.url
    sign_in(page, base, "olli_ojala")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("button", name="Aloita arviointi").click()
    summary = page.get_by_label("Yhteenveto tilanteesta ja palvelutarpeesta")
    page.wait_for_selector("form[data-draft-ready]", state="attached")
    summary.fill("Pitkä teksti, jota ei ehditty tallentaa.")
    page.reload()  # as if the connection or the session was lost before saving
    expect(summary).to_have_value("")
    expect(page.get_by_text("Tässä selaimessa on kirjoittamaasi tekstiä")).to_be_visible()
    assert_accessible(page, "plan-08-restore-draft")
    page.get_by_role("button", name="Palauta tekstini").click()
    expect(summary).to_have_value("Pitkä teksti, jota ei ehditty tallentaa.")


DRAFT_OFFERED = "Tässä selaimessa on kirjoittamaasi tekstiä"


def draft_keys(page: Page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('polku-draft:'))")


def open_assessment(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("form[data-draft-ready]", state="attached")


def test_signing_out_clears_a_draft_that_a_lost_session_keeps(
    page: Page, live_server, relationship: ClientRelationship, counsellor: Worker
) -> None:
    base = live_server.url
    sign_in(page, base, "olli_ojala")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("button", name="Aloita arviointi").click()
    page.wait_for_selector("form[data-draft-ready]", state="attached")
    assessment = page.url
    summary = page.get_by_label("Yhteenveto tilanteesta ja palvelutarpeesta")
    summary.fill("Kirjoitettu ennen kuin istunto katkesi.")
    assert draft_keys(page) == [
        f"polku-draft:{counsellor.pk}:{page.locator('form[data-draft]').get_attribute('data-draft')}"
    ]

    sign_in(page, base, "olli_ojala")  # the session was lost: the same worker gets the text back
    open_assessment(page, assessment)
    expect(page.get_by_text(DRAFT_OFFERED)).to_be_visible()

    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", name="Kirjaudu Polkuun")).to_be_visible()
    assert draft_keys(page) == []
    sign_in(page, base, "olli_ojala")
    open_assessment(page, assessment)
    expect(summary).to_have_value("")
    expect(page.get_by_text(DRAFT_OFFERED)).to_have_count(0)


def test_a_draft_of_another_worker_or_older_than_a_day_is_never_offered(
    page: Page, live_server, relationship: ClientRelationship, counsellor: Worker, social_worker: Worker
) -> None:
    base = live_server.url
    sign_in(page, base, "olli_ojala")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("button", name="Aloita arviointi").click()
    page.wait_for_selector("form[data-draft-ready]", state="attached")
    assessment = page.url
    name = page.locator("form[data-draft]").get_attribute("data-draft")
    plant = """([key, hoursAgo]) => localStorage.setItem(key, JSON.stringify({
        values: {summary: "Jonkun muun teksti."}, at: Date.now() - hoursAgo * 3600 * 1000}))"""
    others = f"polku-draft:{social_worker.pk}:{name}"
    old = f"polku-draft:{counsellor.pk}:{name}"
    page.evaluate(plant, [others, 0])
    page.evaluate(plant, [old, 25])
    open_assessment(page, assessment)
    expect(page.get_by_text(DRAFT_OFFERED)).to_have_count(0)
    assert draft_keys(page) == []  # neither is kept in this browser either

    page.evaluate(plant, [old, 23])  # the worker's own draft of today is offered
    open_assessment(page, assessment)
    expect(page.get_by_text(DRAFT_OFFERED)).to_be_visible()
