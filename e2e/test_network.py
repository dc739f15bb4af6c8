"""Consent in the browser: a worker records a consent covering the employment services for
the plan only; the partner sees the plan, not the assessment (404); the worker revokes the
consent and the partner's next request is refused (404); the partner's reads are in the
client's access log. axe-core at 1280 px and 360 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from polku.access.models import AccessLogEntry, Basis
from polku.assessment.models import Assessment, AssessmentStatus
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.network.models import PartnerKind, PartnerOrganisation, PartnerProfessional
from polku.personas import PASSWORD, make_worker
from polku.plans.models import ClientPlan, PlanStatus, PlanType, PlanVersion

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_partner(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name="Asiakkaat", exact=True)).to_be_visible()


def test_a_consent_opens_the_plan_to_a_partner_until_it_is_revoked(
    page: Page, live_server, org, social_worker: Worker, own_client: Client
) -> None:
    employment = PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
    PartnerOrganisation.objects.create(organisation=org, name="Kela", kind=PartnerKind.KELA)
    partner = make_worker(org, "tero_tormanen", Role.PARTNER, [])
    PartnerProfessional.objects.create(worker=partner, partner=employment)
    relationship = own_client.relationships.get()
    plan = ClientPlan.objects.create(
        organisation=org,
        client=own_client,
        relationship=relationship,
        plan_type=PlanType.WORKING_AGE,
        created_by=social_worker,
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=PlanStatus.AGREED,
        agreed_at=timezone.now() - timedelta(days=1),
        situation="Asiakas etsii työtä ja haluaa pitää asuntonsa.",
        author=social_worker,
    )
    Assessment.objects.create(
        organisation=org,
        client=own_client,
        relationship=relationship,
        status=AssessmentStatus.COMPLETED,
        completed_at=timezone.now(),
        summary="Vuokrat myöhässä.",
        author=social_worker,
    )
    base = live_server.url

    # The worker records the consent: first without a purpose (refused, nothing lost).
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/clients/{own_client.pk}/")
    page.get_by_role("link", name="Suostumukset tietojen luovuttamiseen").click()
    expect(page.get_by_text("Suostumusta ei ole kirjattu")).to_be_visible()
    assert_accessible(page, "network-01-consents-empty")
    page.get_by_role("link", name="Kirjaa suostumus tai kielto").click()
    page.get_by_label("Järvilaakson työllisyyspalvelut").check(force=True)
    page.get_by_label("asiakassuunnitelma", exact=True).check(force=True)
    page.get_by_label("allekirjoitettu lomake", exact=True).check(force=True)
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    expect(page.get_by_text("Tämä kenttä vaaditaan.").first).to_be_visible()
    expect(page.get_by_label("Järvilaakson työllisyyspalvelut")).to_be_checked()
    assert_accessible(page, "network-02-consent-refused")
    page.get_by_label("Käyttötarkoitus").fill("Työnhaun tuki yhdessä työllisyyspalvelujen kanssa.")
    page.get_by_role("button", name="Kirjaa", exact=True).click()
    expect(page.get_by_text("Suostumus on kirjattu.")).to_be_visible()
    expect(page.get_by_text("Järvilaakson työllisyyspalvelut")).to_be_visible()
    assert_accessible(page, "network-03-consent-recorded")

    # The partner sees the plan, and the assessment does not exist for her.
    sign_in_partner(page, base, "tero_tormanen")
    assert_accessible(page, "network-04-partner-clients")
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "network-04-partner-clients-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=own_client.full_name).click()
    expect(page.get_by_text("Asiakas etsii työtä ja haluaa pitää asuntonsa.")).to_be_visible()
    expect(page.get_by_text(own_client.phone)).to_have_count(0)
    expect(page.get_by_role("link", name="Palvelutarpeen arviointi")).to_have_count(0)
    assert_accessible(page, "network-05-partner-plan")
    response = page.goto(f"{base}/network/partner/clients/{own_client.pk}/assessment/")
    assert response is not None and response.status == 404
    response = page.goto(f"{base}/clients/{own_client.pk}/")
    assert response is not None and response.status == 403  # the workers' pages are not hers

    # The worker revokes the consent; the partner's next request is refused.
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/network/clients/{own_client.pk}/consents/")
    page.get_by_role("link", name="Kirjaa suostumuksen peruminen").click()
    assert_accessible(page, "network-06-revoke")
    page.get_by_label("Kenen kautta peruttiin").fill("asiakas soitti minulle")
    page.get_by_role("button", name="Kirjaa peruminen").click()
    expect(page.get_by_text("Suostumus on peruttu")).to_be_visible()
    expect(page.get_by_text(re.compile("asiakas soitti minulle"))).to_be_visible()

    sign_in_partner(page, base, "tero_tormanen")
    expect(page.get_by_text("Minkään asiakkaan suostumus ei nyt koske organisaatiotasi.")).to_be_visible()
    # The partner is told that the consent was revoked (by name and date only).
    expect(page.get_by_role("heading", name="Perutut suostumukset")).to_be_visible()
    expect(page.get_by_text(re.compile(f"{own_client.full_name}: peruttu"))).to_be_visible()
    response = page.goto(f"{base}/network/partner/clients/{own_client.pk}/")
    assert response is not None and response.status == 404

    # The partner's reads are in the client's access log, on the consent.
    reads = AccessLogEntry.objects.filter(worker=partner, client=own_client)
    assert reads.filter(basis=Basis.CONSENT_PLAN).count() >= 2
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/clients/{own_client.pk}/access-log/")
    expect(page.get_by_text("Tero Tormanen").first).to_be_visible()


def test_services_are_mapped_an_overlap_ended_and_a_joint_meeting_planned_and_recorded(
    page: Page, live_server, org, social_worker: Worker, own_client: Client
) -> None:
    PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
    base = live_server.url
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/clients/{own_client.pk}/")
    page.get_by_role("link", name="Palvelukartta").click()
    expect(page.get_by_text("Palveluja ei ole vielä kartoitettu.")).to_be_visible()
    for provider, worker in (("Työvalmennus Oy", "Ville Valmentaja"), ("Valmennuspaja ry", "Paula Paja")):
        page.get_by_role("link", name="Lisää palvelu tai yhteyshenkilö").click()
        kind = page.get_by_role("combobox", name=re.compile(r"^Palvelu\b"))
        kind.select_option(label="Työvoimapalvelut")
        page.get_by_label("Muu palveluntuottaja").fill(provider)
        page.get_by_label("Nimetty työntekijä").fill(worker)
        page.get_by_label("Mihin tarkoitukseen").fill("Työvalmennus")
        page.get_by_role("button", name="Lisää", exact=True).click()
        expect(page.get_by_text("Palvelu on lisätty palvelukarttaan.")).to_be_visible()
    expect(page.get_by_text("päällekkäinen: käy läpi asiakkaan kanssa")).to_have_count(2)
    assert_accessible(page, "network-10-services-overlap")
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "network-10-services-overlap-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Lopeta palvelu – Työvoimapalvelut").last.click()
    page.get_by_label("asiakas itse").check(force=True)
    page.get_by_label("Miksi palvelu päättyy").fill("Asiakas käy vain pajalla, toinen valmennus on turha.")
    assert_accessible(page, "network-11-service-end")
    page.get_by_role("button", name="Lopeta palvelu").click()
    expect(page.get_by_text("Palvelu on merkitty lopetetuksi.")).to_be_visible()
    expect(page.get_by_text("päällekkäinen: käy läpi asiakkaan kanssa")).to_have_count(0)
    expect(page.get_by_text("Asiakas käy vain pajalla, toinen valmennus on turha.")).to_be_visible()

    # A joint meeting at the client's home, earlier today, then its record.
    page.goto(f"{base}/clients/{own_client.pk}/")
    page.get_by_role("link", name="Yhteiset tapaamiset").click()
    page.get_by_role("link", name="Suunnittele tapaaminen").click()
    starts = timezone.localtime() - timedelta(hours=2)
    page.get_by_label("Alkaa").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Päättyy").fill((starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("asiakkaan koti").check(force=True)
    page.get_by_label(re.compile("Sanna Salo")).check(force=True)
    page.get_by_label("Asialista").fill("Työnhaku ja asuminen")
    assert_accessible(page, "network-12-meeting-new")
    page.get_by_role("button", name="Tallenna tapaaminen").click()
    expect(page.get_by_text("Tapaaminen on tallennettu.")).to_be_visible()
    with page.expect_download() as ics:
        page.get_by_role("link", name="Lisää kalenteriin (.ics)").click()
    calendar = ics.value.path().read_text()
    assert "BEGIN:VEVENT" in calendar and own_client.last_name not in calendar

    page.get_by_label("kyllä", exact=True).check(force=True)
    page.get_by_label("Mistä puhuttiin").fill("Työnhaku ja vuokrarästit.")
    page.get_by_label("Mitä sovittiin").fill("Haetaan työkokeilua pajalta.")
    page.get_by_label("Kuka tekee mitä seuraavaksi").fill("Sanna – soittaa pajalle – 5.12.")
    assert_accessible(page, "network-13-meeting-record")
    page.get_by_role("button", name="Tallenna muistio").click()
    expect(page.get_by_text("Tapaamisen muistio on tallennettu.")).to_be_visible()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Muistio PDF-tiedostona").click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF-")
    with page.expect_download() as text:
        page.get_by_role("link", name="tekstitiedostona").click()
    record = text.value.path().read_text()
    assert "Haetaan työkokeilua pajalta." in record and "Sanna – soittaa pajalle – 5.12." in record
