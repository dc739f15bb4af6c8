"""Youth aftercare's three meetings in the browser (YEE model): the worker records the
preparation meeting with the young person's choices, makes and agrees the aftercare plan
with the plans app and records the plan meeting, then the follow-up meeting asks whether
the plan's service was delivered. 3X10D is filled in at each meeting, and the measures chart
shows one point per meeting. axe-core at 1280 px and 360 px."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_coordinator import check_360
from e2e.test_intake import sign_in
from e2e.test_measures import fill
from e2e.test_plan import add_goal
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.core.models import Organisation, Team, Worker
from polku.personas import make_client, make_relationship

pytestmark = pytest.mark.django_db(transaction=True)


def record_3x10d(page: Page, values: list[int], day: date) -> None:
    page.get_by_role("link", name="Täytä 3X10D").click()
    expect(page.get_by_role("heading", name="3X10D-mittari")).to_be_visible()
    expect(page.get_by_label("Vastauspäivä")).to_have_value(day.isoformat())
    fill(page, values, day.isoformat())
    page.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.get_by_text("Vastaus on tallennettu.")).to_be_visible()
    expect(page.get_by_text(f"Täytetty {day:%-d.%-m.%Y}")).to_be_visible()


def test_an_aftercare_relationship_goes_through_the_three_meetings_with_3x10d_at_each(
    page: Page, live_server, org: Organisation, team: Team, social_worker: Worker
) -> None:
    today = timezone.localdate()
    young = make_client(
        org, team, 7, first_names="Iida", last_name="Nuorinen", birth_date=date(today.year - 20, 3, 1)
    )
    relationship = make_relationship(young, social_worker)
    ClientRelationship.objects.filter(pk=relationship.pk).update(kind=RelationshipKind.AFTERCARE)
    preparation_day, plan_day = today - timedelta(days=40), today - timedelta(days=20)
    base = live_server.url

    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/cases/{relationship.pk}/")
    meetings = page.get_by_role("region", name="Jälkihuollon tapaamiset")
    expect(meetings).to_contain_text("Valmisteleva tapaaminen")
    assert_accessible(page, "aftercare-stages-01-case")
    meetings.get_by_role("link", name="Kirjaa valmisteleva tapaaminen").click()

    # 1. Preparation: the young person's choices; a date in the future is refused, kept typed.
    expect(page.get_by_role("heading", name="Valmisteleva tapaaminen", level=1)).to_be_visible()
    page.get_by_label("Tapaamisen päivä").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("hybridi (osa paikan päällä, osa etänä)").check(force=True)
    page.get_by_label("Nuoren valitsema paikka").fill("Nuorisotalo Nuppu")
    page.get_by_label("Ketä kutsutaan").fill("Iida\nSanna Salo\nTukihenkilö Marja")
    page.get_by_label("Vertainen tai koulutettu kokemusasiantuntija kutsutaan").check(force=True)
    page.get_by_label("Kirjallinen tieto jälkihuollon oikeuksista annettu").fill(preparation_day.isoformat())
    page.get_by_label("Miten kirjallinen tieto annettiin").fill("paperilla tapaamisessa")
    page.get_by_label("Nuoren toiveet").fill("Haluan oman asunnon ja opiskelupaikan.")
    assert_accessible(page, "aftercare-stages-02-preparation-form")
    check_360(page, "aftercare-stages-02-preparation-form")
    page.get_by_role("button", name="Tallenna tapaaminen").click()
    expect(page.get_by_role("alert")).to_contain_text("Tapaaminen ei voi olla tulevaisuudessa")
    expect(page.get_by_label("Nuoren toiveet")).to_have_value("Haluan oman asunnon ja opiskelupaikan.")
    assert_accessible(page, "aftercare-stages-03-preparation-refused")
    page.get_by_label("Tapaamisen päivä").fill(preparation_day.isoformat())
    page.get_by_role("button", name="Tallenna tapaaminen").click()
    expect(page.get_by_text("Tapaaminen on kirjattu.")).to_be_visible()
    expect(page.get_by_text("Nuorisotalo Nuppu")).to_be_visible()
    record_3x10d(page, [4, 3, 2, 4, 6, 3, 1, 3, 4, 3], preparation_day)
    assert_accessible(page, "aftercare-stages-04-preparation-done")
    check_360(page, "aftercare-stages-04-preparation-done")

    # 2. The plan meeting: the aftercare plan is made and agreed in the plans app.
    page.get_by_role("navigation", name="Jälkihuollon tapaamiset").get_by_role(
        "link", name=re.compile("2\\.")
    ).click()
    expect(page.get_by_role("heading", name="Suunnitelmapalaveri", level=1)).to_be_visible()
    assert_accessible(page, "aftercare-stages-05-plan-stage")
    page.get_by_role("button", name="Tee jälkihuoltosuunnitelma").click()
    expect(page.get_by_role("heading", name=re.compile("Jälkihuoltosuunnitelma"))).to_be_visible()
    page.get_by_label("Suunnitelmaneuvottelun päivä").fill(plan_day.isoformat())
    page.get_by_label("Seuraava arviointi", exact=True).fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Tallenna suunnitelman teksti").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    add_goal(page, "Haluan oman asunnon.", "Haen asuntoa nuorisoasunnoista")
    page.locator("summary", has_text="Lisää palvelu").click()
    service = page.locator("#services details[open] form")
    service.get_by_label(re.compile(r"^Palvelu \*")).select_option(label="Talous- ja velkaneuvonta")
    service.get_by_label("Palveluntuottaja").fill("Järvilaakson talous- ja velkaneuvonta")
    service.get_by_role("button", name="Lisää").click()
    page.get_by_role("button", name="Suunnitelma on sovittu asiakkaan kanssa").click()
    expect(page.get_by_text("Suunnitelma on merkitty sovituksi asiakkaan kanssa.")).to_be_visible()

    page.goto(f"{base}/cases/{relationship.pk}/")
    meetings = page.get_by_role("region", name="Jälkihuollon tapaamiset")
    expect(meetings).to_contain_text("Jälkihuoltosuunnitelma on hyväksytty: kirjaa palaveri")
    meetings.get_by_role("link", name="Kirjaa suunnitelmapalaveri").click()
    expect(page.get_by_label("Tapaamisen päivä")).to_have_value(plan_day.isoformat())
    page.get_by_label("Huomioita palaverista").fill("Iida sai valita, mitkä palvelut aloitetaan ensin.")
    assert_accessible(page, "aftercare-stages-06-plan-form")
    page.get_by_role("button", name="Tallenna tapaaminen").click()
    expect(page.get_by_text("Tapaaminen on kirjattu.")).to_be_visible()
    expect(page.get_by_role("link", name="Jälkihuoltosuunnitelma, versio 1")).to_be_visible()
    record_3x10d(page, [6, 5, 4, 5, 7, 3, 3, 5, 5, 5], plan_day)

    # 3. The follow-up: was the plan's service delivered, and what next.
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("region", name="Jälkihuollon tapaamiset").get_by_role(
        "link", name="Kirjaa seurantapalaveri"
    ).click()
    delivery = page.locator("fieldset.service-follow-up", has_text="Talous- ja velkaneuvonta")
    delivery.get_by_label("toteutui osittain").check(force=True)
    page.get_by_role("button", name="Tallenna tapaaminen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kirjaa, miten palvelun kanssa jatketaan.")
    delivery = page.locator("fieldset.service-follow-up", has_text="Talous- ja velkaneuvonta")
    expect(delivery.get_by_label("toteutui osittain")).to_be_checked()
    delivery.get_by_label("Miten jatketaan").fill("Maksusuunnitelma tehdään ensi kuussa.")
    assert_accessible(page, "aftercare-stages-07-follow-up-form")
    check_360(page, "aftercare-stages-07-follow-up-form")
    page.get_by_role("button", name="Tallenna tapaaminen").click()
    expect(page.get_by_text("Tapaaminen on kirjattu.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Maksusuunnitelma tehdään ensi kuussa.")
    record_3x10d(page, [8, 6, 7, 6, 9, 4, 5, 6, 6, 7], today)

    page.goto(f"{base}/cases/{relationship.pk}/")
    meetings = page.get_by_role("region", name="Jälkihuollon tapaamiset")
    expect(meetings.locator(".process-step--done")).to_have_count(3)
    expect(meetings).to_contain_text("Palvelut: 0 toteutui, 1 osittain, 0 ei toteutunut")
    assert_accessible(page, "aftercare-stages-08-case-done")
    check_360(page, "aftercare-stages-08-case-done")

    # One point per meeting on each item's chart, and three answers in the table.
    page.get_by_role("link", name="Mittarit").click()
    expect(page.locator("svg.measure-chart").first.locator("circle")).to_have_count(3)
    table = page.get_by_role("table")
    expect(table.locator("thead th")).to_have_count(4)
    expect(table.get_by_role("row", name=re.compile(r"^Terveys 4 6 8$"))).to_be_visible()
    assert_accessible(page, "aftercare-stages-09-measures")
    check_360(page, "aftercare-stages-09-measures")
