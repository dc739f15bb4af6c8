"""The pair-work process and the printed services map in the browser: the relationship page
lists the steps, each marked done only once it is recorded (the consent, the services map);
the client gets the services map as a PDF in plain words. axe-core at 1280 px and 360 px."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.conftest import ARTIFACTS, assert_accessible
from e2e.test_intake import sign_in
from polku.clients.models import Client
from polku.core.models import Worker
from polku.network.models import PartnerKind, PartnerOrganisation

pytestmark = pytest.mark.django_db(transaction=True)


def check_both_widths(page: Page, name: str) -> None:
    assert_accessible(page, name)
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_steps_follow_what_is_recorded_and_the_client_gets_the_services_map(
    page: Page, live_server, org, social_worker: Worker, own_client: Client
) -> None:
    PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
    relationship = own_client.relationships.get()
    base = live_server.url
    sign_in(page, base, "sanna_salo")
    page.set_viewport_size({"width": 1280, "height": 900})

    # A new relationship: only the need is there; the next step says where it is taken.
    page.goto(f"{base}/cases/{relationship.pk}/")
    steps = page.get_by_role("region", name="Monialainen työparityö")
    expect(steps.get_by_role("listitem")).to_have_count(7)
    expect(steps.get_by_text("ei vielä")).to_have_count(6)
    expect(steps.locator('[aria-current="step"]')).to_contain_text("Kirjallinen suostumus")
    steps.scroll_into_view_if_needed()
    check_both_widths(page, "pair-work-01-new")
    steps.screenshot(path=str(ARTIFACTS / "pair-work-01-steps.png"))

    # The consent, recorded from the step's link, marks the step done with who and when.
    steps.get_by_role("link", name="Kirjaa suostumus").click()
    page.get_by_label("Järvilaakson työllisyyspalvelut").check(force=True)
    page.get_by_label("palvelukartta", exact=True).check(force=True)
    page.get_by_label("allekirjoitettu lomake", exact=True).check(force=True)
    page.get_by_label("Käyttötarkoitus").fill("Työnhaun tuki yhdessä työllisyyspalvelujen kanssa.")
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    expect(page.get_by_text("Suostumus on kirjattu.")).to_be_visible()
    page.goto(f"{base}/cases/{relationship.pk}/")
    consent = steps.get_by_role("listitem").nth(1)
    expect(consent).to_contain_text("tehty")
    expect(consent).to_contain_text("Sanna Salo")
    expect(steps.locator('[aria-current="step"]')).to_contain_text("Palvelujen kartoitus")

    # A service mapped; the map printed for the client.
    steps.get_by_role("link", name="Palvelukartta").click()
    page.get_by_role("link", name="Lisää palvelu tai yhteyshenkilö").click()
    page.get_by_role("combobox", name=re.compile(r"^Palvelu\b")).select_option(label="Työvoimapalvelut")
    page.get_by_label("Muu palveluntuottaja").fill("Työvalmennus Oy")
    page.get_by_label("Nimetty työntekijä").fill("Ville Valmentaja")
    page.get_by_label("Yhteystapa").fill("040 555 1234")
    page.get_by_label("Mihin tarkoitukseen").fill("Tuki työnhakuun")
    page.get_by_role("button", name="Lisää", exact=True).click()
    expect(page.get_by_text("Palvelu on lisätty palvelukarttaan.")).to_be_visible()
    check_both_widths(page, "pair-work-02-services-map")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tulosta asiakkaalle (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Palvelusi ja yhteyshenkilösi" in text
    assert "Ville Valmentaja" in text and "040 555 1234" in text and "Tuki työnhakuun" in text

    page.goto(f"{base}/cases/{relationship.pk}/")
    expect(steps.get_by_role("listitem").nth(2)).to_contain_text("1 palvelu kartoitettu")
    expect(steps.get_by_text("tehty", exact=True)).to_have_count(3)
    check_both_widths(page, "pair-work-03-three-done")
    steps.screenshot(path=str(ARTIFACTS / "pair-work-03-steps.png"))
    page.set_viewport_size({"width": 360, "height": 780})
    steps.screenshot(path=str(ARTIFACTS / "pair-work-03-steps-360.png"))
