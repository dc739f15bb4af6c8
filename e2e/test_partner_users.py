"""A team lead adds a partner professional in Polku, sends the password link, gives the
enrolment code and ends the access; axe-core checks each page at 1280 px and 360 px."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_workers import sign_in
from polku.core.models import Role, Worker
from polku.network.models import PartnerKind, PartnerOrganisation, PartnerProfessional

pytestmark = pytest.mark.django_db(transaction=True)


def at_both_widths(page: Page, name: str) -> None:
    assert_accessible(page, name)
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert_accessible(page, name + "-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_team_lead_adds_a_partner_professional_and_ends_the_access(
    page: Page, live_server, org, lead: Worker
) -> None:
    employment = PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
    PartnerOrganisation.objects.create(
        organisation=org, name="Kela, Järvilaakson palvelupiste", kind=PartnerKind.KELA
    )
    base = live_server.url
    sign_in(page, base, "tiina_toivonen")
    page.get_by_role("link", name="Tiimi", exact=True).click()
    page.get_by_role("link", name="Yhteistyökumppanit").click()
    expect(page.get_by_role("heading", name="Yhteistyökumppanien työntekijät")).to_be_visible()
    expect(page.get_by_text("Tämän organisaation työntekijöitä ei ole lisätty.").first).to_be_visible()
    at_both_widths(page, "partners-01-empty")

    page.get_by_role("link", name="Lisää yhteistyökumppanin työntekijä").click()
    page.get_by_label("Etunimi").fill("Pirkko")
    page.get_by_role("button", name="Lisää", exact=True).click()
    expect(page.get_by_text("Tämä kenttä vaaditaan.").first).to_be_visible()
    expect(page.get_by_label("Etunimi")).to_have_value("Pirkko")
    at_both_widths(page, "partners-02-add-refused")
    page.get_by_label("Yhteistyöorganisaatio").select_option(label=employment.name)
    page.get_by_label("Sukunimi").fill("Pätkä")
    page.get_by_label("Tehtävänimike").fill("Työllisyysasiantuntija")
    page.get_by_label("Sähköpostiosoite").fill("pirkko.patka@tyollisyys.example")
    page.get_by_label("Puhelin").fill("040 111 2222")
    page.get_by_role("button", name="Lisää", exact=True).click()
    expect(page.get_by_text("Pirkko Pätkä on lisätty.")).to_be_visible()
    professionals = page.get_by_role("table", name=f"Työntekijät: {employment.name}")
    row = professionals.locator("tr", has_text="Pirkko Pätkä")
    expect(row).to_contain_text("pirkko.patka@tyollisyys.example")
    expect(row).to_contain_text("Tiina Toivonen")
    expect(row).to_contain_text("todennussovellusta ei ole vielä otettu käyttöön")
    worker = Worker.objects.get(username="pirkko.patka")
    assert (worker.role, list(worker.teams.all()), worker.has_usable_password()) == (Role.PARTNER, [], False)
    assert PartnerProfessional.objects.get(worker=worker).partner == employment

    page.get_by_role("button", name="Lähetä salasanalinkki – Pirkko Pätkä").click()
    expect(page.get_by_text("Linkki salasanan asettamiseen on lähetetty")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["pirkko.patka@tyollisyys.example"]]
    at_both_widths(page, "partners-03-added")

    page.get_by_role("link", name="Anna käyttöönottokoodi – Pirkko Pätkä").click()
    page.get_by_role("button", name="Luo koodi").click()
    expect(page.locator(".enrolment-code")).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    at_both_widths(page, "partners-04-enrolment-code")
    page.get_by_role("link", name="Takaisin yhteistyökumppanien työntekijöihin").click()
    expect(row).to_contain_text("käyttöönottokoodi annettu")

    page.get_by_role("link", name="Päätä käyttöoikeus – Pirkko Pätkä").click()
    page.get_by_role("button", name="Päätä käyttöoikeus").click()
    expect(page.get_by_text("Tämä kenttä vaaditaan.").first).to_be_visible()
    at_both_widths(page, "partners-05-end-refused")
    page.get_by_label("Miksi käyttöoikeus päättyy?").fill("Siirtyi Kelan palvelupisteeseen.")
    page.get_by_role("button", name="Päätä käyttöoikeus").click()
    expect(page.get_by_text("Käyttöoikeus on päättynyt: Pirkko Pätkä.")).to_be_visible()
    expect(row).to_contain_text("päättynyt")
    history = page.get_by_role("table", name="Yhteistyökumppanien työntekijöiden käyttöoikeuksien historia")
    ended = history.locator("tr", has_text="Polun käyttöoikeus päättyi")
    expect(ended).to_contain_text("Siirtyi Kelan palvelupisteeseen.")
    at_both_widths(page, "partners-06-ended")
    worker.refresh_from_db()
    assert not worker.is_active
