"""A partner writes what the consent allows, in the browser: the employment services'
professional writes their part of a joint meeting's record and records that the client no
longer uses their service, then ends it; the worker takes the meeting's agreed next steps into
the draft plan in one submit (a refused line first: due before the plan meeting). axe-core at
1280 px and 360 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from e2e.test_network import sign_in_partner
from polku.clients.models import Client
from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.models import Role, Worker
from polku.network import services
from polku.network.models import ClientService, PartnerKind, PartnerOrganisation, PartnerProfessional
from polku.personas import make_worker
from polku.plans.models import Goal, PlanVersion, Step
from polku.plans.services import plan_create

pytestmark = pytest.mark.django_db(transaction=True)


def narrow(page: Page, name: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert_accessible(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_partner_writes_their_part_and_their_services_status_and_next_steps_become_plan_steps(
    page: Page, live_server, org, social_worker: Worker, own_client: Client
) -> None:
    employment = PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
    partner = make_worker(org, "tero_tormanen", Role.PARTNER, [])
    PartnerProfessional.objects.create(worker=partner, partner=employment)
    services.consent_record(
        actor=social_worker,
        client=own_client,
        data={
            "refused": False,
            "given_by": "client",
            "purpose": "Työnhaun tuki yhdessä työllisyyspalvelujen kanssa.",
            "valid_from": timezone.localdate(),
            "how_given": "signed",
            "meetings": True,
            "services": True,
        },
        partners=[employment],
        kinds=[],
    )
    code = Code.objects.get(code_set__oid=SERVICES, code="20")
    services.service_add(
        actor=social_worker,
        client=own_client,
        data={
            "service": code,
            "provider": employment,
            "contact_person": "Tero Tormanen",
            "purpose": "Työvalmennus",
        },
    )
    services.service_add(
        actor=social_worker,
        client=own_client,
        data={"service": code, "provider_name": "Valmennuspaja ry", "purpose": "Työpaja"},
    )
    starts = timezone.now() - timedelta(hours=3)
    meeting = services.meeting_plan(
        actor=social_worker,
        client=own_client,
        data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "place": "home"},
        participants=[social_worker, partner],
    )
    due = timezone.localdate() + timedelta(days=20)
    services.meeting_record(
        actor=social_worker,
        meeting=meeting,
        data={
            "client_came": True,
            "discussed": "Työnhaku ja työkokeilu.",
            "agreed": "Haetaan työkokeilua.",
            "next_steps": f"Eero – hakee työkokeilua pajalta – {due.day}.{due.month}.{due.year}\n"
            "Tero – etsii työkokeilupaikan – ensi viikolla",
        },
    )
    made = plan_create(
        actor=social_worker, relationship=own_client.relationships.get(), plan_type="working_age"
    )
    Goal.objects.create(plan_version=PlanVersion.objects.get(plan=made), client_words="Haluan töihin.")
    base = live_server.url

    # The partner writes the employment services' part of the record.
    sign_in_partner(page, base, "tero_tormanen")
    page.get_by_role("link", name=own_client.full_name).click()
    page.get_by_role("link", name="Yhteiset tapaamiset").click()
    page.get_by_role("link", name=re.compile(r"Yhteinen tapaaminen|\d+\.\d+\.\d{4}")).first.click()
    page.get_by_role("button", name="Tallenna osuutenne").click()
    expect(page.get_by_text("Tämä kenttä vaaditaan.").first).to_be_visible()
    assert_accessible(page, "partner-01-part-refused")
    page.get_by_label("Organisaationne osuus").fill("Etsimme työkokeilupaikan ja nimeämme valmentajan.")
    page.get_by_role("button", name="Tallenna osuutenne").click()
    expect(page.get_by_text("Organisaationne osuus muistioon on tallennettu.")).to_be_visible()
    expect(page.get_by_text("Tero Tormanen, Järvilaakson työllisyyspalvelut")).to_be_visible()
    assert_accessible(page, "partner-02-part-saved")
    narrow(page, "partner-02-part-saved-360")
    with page.expect_download() as text:
        page.get_by_role("link", name="tekstitiedostona").click()
    assert "Etsimme työkokeilupaikan ja nimeämme valmentajan." in text.value.path().read_text()

    # Their own service: the actions are on their row only.
    page.goto(f"{base}/network/partner/clients/{own_client.pk}/")
    page.get_by_role("link", name="Palvelukartta").click()
    expect(page.get_by_role("link", name=re.compile("Kirjaa, käyttääkö asiakas palvelua"))).to_have_count(1)
    assert_accessible(page, "partner-03-services-map")
    narrow(page, "partner-03-services-map-360")
    page.get_by_role("link", name=re.compile("Kirjaa, käyttääkö asiakas palvelua")).click()
    page.get_by_label("ei", exact=True).check(force=True)
    assert_accessible(page, "partner-04-service-check")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    page.get_by_role("link", name=re.compile("Lopeta palvelu")).click()
    page.get_by_label("Miksi palvelu päättyy").fill("Asiakas ei käy valmennuksessa; työkokeilu korvaa sen.")
    assert_accessible(page, "partner-05-service-end")
    narrow(page, "partner-05-service-end-360")
    page.get_by_role("button", name="Lopeta palvelu").click()
    expect(page.get_by_text("Palvelu on merkitty lopetetuksi.")).to_be_visible()
    ended = ClientService.objects.get(provider=employment)
    assert (ended.in_use, ended.end_decided_by, ended.ended_by) == (False, "provider", partner)

    # The worker sees the part and takes the next steps into the draft plan.
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/network/meetings/{meeting.pk}/")
    expect(page.get_by_text("Etsimme työkokeilupaikan ja nimeämme valmentajan.")).to_be_visible()
    page.get_by_role("link", name="Ota sovitut askeleet asiakassuunnitelmaan").click()
    assert_accessible(page, "partner-06-steps")
    narrow(page, "partner-06-steps-360")
    lines = page.locator("fieldset.step-line")
    for index in range(2):
        lines.nth(index).get_by_label("Ota suunnitelmaan").check(force=True)
        lines.nth(index).get_by_label("Tavoite, jonka alle askel tulee").select_option(label="Haluan töihin.")
    too_early = (timezone.localdate() - timedelta(days=2)).strftime("%-d.%-m.%Y")
    lines.nth(0).get_by_label("Mihin mennessä").fill(too_early)
    page.get_by_role("button", name="Lisää valitut askeleet suunnitelmaan").click()
    expect(page.get_by_text("Mitään ei lisätty: tarkista alla merkityt rivit.")).to_be_visible()
    expect(lines.nth(0).get_by_label("Mihin mennessä")).to_have_value(too_early)
    assert_accessible(page, "partner-07-steps-refused")
    assert not Step.objects.exists()
    lines.nth(0).get_by_label("Mihin mennessä").fill(f"{due.day}.{due.month}.{due.year}")
    page.get_by_role("button", name="Lisää valitut askeleet suunnitelmaan").click()
    expect(page.get_by_text("2 askelta on lisätty suunnitelmaan.")).to_be_visible()
    expect(page.get_by_text("Otettu asiakassuunnitelmaan")).to_be_visible()
    assert_accessible(page, "partner-08-steps-taken")
    steps = list(Step.objects.order_by("pk").values_list("who", "what", "due_on"))
    assert steps == [
        ("Eero", "hakee työkokeilua pajalta", due),
        ("Tero", "etsii työkokeilupaikan (ensi viikolla)", None),
    ]
    page.goto(f"{base}/plans/{made.pk}/")
    expect(page.get_by_text("hakee työkokeilua pajalta").first).to_be_visible()
