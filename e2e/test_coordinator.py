"""The coordinator model in the browser: the worker builds the client's network (herself, an
employment-services partner covered by the client's consent, the client's sister), names
herself the client coordinator, writes and agrees the network's agreement and downloads it as
the client's PDF; then hands the coordinator's task to the partner, who accepts it and sees
the agreement. axe-core at 1280 px and 360 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from e2e.test_network import sign_in_partner
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.network.models import NetworkMember, PartnerKind, PartnerOrganisation, PartnerProfessional
from polku.network.tests.conftest import give_consent
from polku.personas import make_worker
from polku.plans.models import ClientPlan, Goal, PlanStatus, PlanType, PlanVersion

pytestmark = pytest.mark.django_db(transaction=True)


def option(page: Page, text: str) -> str:
    """The full label of the option that contains `text` (labels add the organisation)."""
    labels = page.locator("option").all_inner_texts()
    return next(label for label in labels if text in label)


def check_360(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert_accessible(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_network_names_a_coordinator_agrees_who_does_what_and_hands_the_task_over_escorted(
    page: Page, live_server, org, social_worker: Worker, own_client: Client
) -> None:
    employment = PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
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
    version = PlanVersion.objects.create(
        plan=plan, number=1, status=PlanStatus.AGREED, agreed_at=timezone.now(), author=social_worker
    )
    Goal.objects.create(plan_version=version, client_words="Haluan töihin kevääseen mennessä.")
    give_consent(social_worker, own_client, [employment], information=["plan"])
    base = live_server.url

    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("link", name="Verkosto, asiakasvastaava ja sopimus").click()
    expect(page.get_by_text("Verkostoon ei ole vielä lisätty ketään.")).to_be_visible()
    assert_accessible(page, "coordinator-01-network-empty")

    # Members: herself, the partner (covered by the consent), the client's sister.
    for person in ("Sanna Salo", "Tero Tormanen"):
        page.get_by_role("link", name="Lisää jäsen").click()
        page.get_by_label("Polkuun kirjautuva henkilö").select_option(label=option(page, person))
        page.get_by_label("Tehtävä verkostossa").fill("työvalmentaja" if person == "Tero Tormanen" else "")
        page.get_by_role("button", name="Lisää verkostoon").click()
        expect(page.get_by_text("Jäsen on lisätty verkostoon.")).to_be_visible()
    page.get_by_role("link", name="Lisää jäsen").click()
    page.get_by_label(re.compile("^läheinen tai muu tukihenkilö")).check(force=True)
    page.get_by_label("Nimi", exact=True).fill("Liisa Heikkinen")
    page.get_by_role("button", name="Lisää verkostoon").click()
    expect(page.get_by_text("Kirjoita, kuka henkilö on asiakkaalle").first).to_be_visible()  # refused, kept
    expect(page.get_by_label("Nimi", exact=True)).to_have_value("Liisa Heikkinen")
    assert_accessible(page, "coordinator-02-member-refused")
    page.get_by_label("Tehtävä verkostossa").fill("sisko")
    page.get_by_label("Yhteystapa").fill("040 123 4567")
    page.get_by_role("button", name="Lisää verkostoon").click()

    page.get_by_label("Asiakasvastaava").select_option(label=option(page, "Sanna Salo"))
    page.get_by_role("button", name="Nimeä asiakasvastaava").click()
    expect(page.get_by_text("Asiakasvastaava on nimetty.")).to_be_visible()
    assert_accessible(page, "coordinator-03-network")
    check_360(page, "coordinator-03-network")

    # The agreement: a line for the partner towards the plan's goal, a return date, agreed.
    page.get_by_role("button", name="Kirjoita sopimus").click()
    page.get_by_label("Kuka").select_option(label=option(page, "Tero Tormanen"))
    page.get_by_label("Mistä vastaa").fill("Etsii työkokeilupaikan ja sopii sen asiakkaan kanssa.")
    page.get_by_label("Milloin", exact=True).fill("15.1. mennessä")
    page.get_by_label("Suunnitelman tavoite").select_option(label="Haluan töihin kevääseen mennessä.")
    page.get_by_role("button", name="Lisää rivi").click()
    expect(page.get_by_text("Rivi on lisätty sopimukseen.")).to_be_visible()
    page.get_by_role("button", name="Merkitse sovituksi").click()
    expect(page.get_by_text("Kirjoita päivä, jolloin verkosto palaa asiaan.")).to_be_visible()
    page.get_by_label("Aikataulu").fill("Kerran kuussa asiakkaan kotona.")
    returns = timezone.localdate() + timedelta(days=60)
    page.get_by_label("Verkosto palaa asiaan").fill(returns.isoformat())
    page.get_by_role("button", name="Tallenna").click()
    assert_accessible(page, "coordinator-04-agreement-draft")
    check_360(page, "coordinator-04-agreement-draft")
    page.get_by_role("button", name="Merkitse sovituksi").click()
    expect(page.get_by_text("Sopimus on merkitty sovituksi.")).to_be_visible()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF asiakkaalle").first.click()
    assert pdf.value.path().read_bytes().startswith(b"%PDF-")
    assert pdf.value.suggested_filename == "verkoston-sopimus.pdf"

    # Escorted handover to the partner: Sanna stays the coordinator until Tero accepts.
    page.get_by_role("link", name=re.compile("Asiakkaan verkosto")).click()
    page.get_by_text("Siirrä tehtävä saattaen toiselle jäsenelle").click()
    page.get_by_label("Uusi asiakasvastaava").select_option(label=option(page, "Tero Tormanen"))
    page.get_by_label("Mitä uuden asiakasvastaavan on hyvä tietää").fill("Työnhaku on nyt pääasia.")
    page.get_by_role("button", name="Tarjoa tehtävää").click()
    offered = "Tehtävää on tarjottu. Sanna Salo on asiakasvastaava, kunnes vastaanottaja ottaa tehtävän"
    expect(page.get_by_text(re.compile(offered))).to_be_visible()
    assert NetworkMember.objects.get(is_coordinator=True).worker == social_worker

    sign_in_partner(page, base, "tero_tormanen")
    page.get_by_role("link", name=re.compile(f"{own_client.full_name}: tarjoaja")).click()
    assert_accessible(page, "coordinator-05-offer")
    page.get_by_label("Otan tehtävän vastaan").check(force=True)
    page.get_by_role("button", name="Lähetä vastaus").click()
    expect(page.get_by_text("Asiakasvastaavan tehtävä on siirtynyt.")).to_be_visible()
    assert NetworkMember.objects.get(is_coordinator=True).worker == partner
    page.get_by_role("link", name=own_client.full_name).click()
    page.get_by_role("link", name=re.compile("Verkoston sopimus, versio 1")).click()
    expect(page.get_by_text("Etsii työkokeilupaikan ja sopii sen asiakkaan kanssa.")).to_be_visible()
    expect(page.get_by_role("button", name="Merkitse sovituksi")).to_have_count(0)
    assert_accessible(page, "coordinator-06-partner-agreement")
    check_360(page, "coordinator-06-partner-agreement")
