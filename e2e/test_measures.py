"""Measures in the browser: the worker fills in 3X10D with the client twice (mouse for most
items, the keyboard for the last), and the measures page shows two points per item, the
numbers as a table and the latest answer's traffic-light reading in words. axe-core at
1280 px and 360 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_coordinator import check_360
from e2e.test_intake import sign_in
from polku.clients.models import Client
from polku.core.models import Worker

pytestmark = pytest.mark.django_db(transaction=True)


def fill(page: Page, values: list[int], day: str) -> None:
    page.get_by_label("Vastauspäivä").fill(day)
    for number, value in enumerate(values[:9], start=1):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_role("radio", name=str(value), exact=True).check()
    # The overall item by keyboard: focus its first option, step right with the arrow key.
    last = page.get_by_role("group", name=re.compile(r"^10\. "))
    last.get_by_role("radio", name="0", exact=True).focus()
    for _ in range(values[9]):
        page.keyboard.press("ArrowRight")
    expect(last.get_by_role("radio", name=str(values[9]), exact=True)).to_be_checked()


def test_the_worker_fills_in_3x10d_twice_and_sees_the_change_and_the_reading(
    page: Page, live_server, social_worker: Worker, own_client: Client
) -> None:
    relationship = own_client.relationships.get()
    base = live_server.url
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("link", name="Mittarit").click()
    expect(page.get_by_text("Mittareita ei ole vielä täytetty.")).to_be_visible()

    page.get_by_role("link", name="3X10D-mittari").click()
    expect(page.get_by_role("heading", name="3X10D-mittari")).to_be_visible()
    expect(page.get_by_label("täytetty yhdessä asiakkaan kanssa")).to_be_checked()
    assert_accessible(page, "measures-01-form")
    check_360(page, "measures-01-form")

    earlier = (timezone.localdate() - timedelta(days=60)).isoformat()
    fill(page, [4, 3, 2, 4, 6, 3, 1, 3, 4, 3], earlier)
    page.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.get_by_text("Vastaus on tallennettu.")).to_be_visible()

    page.get_by_role("link", name="3X10D-mittari").click()
    fill(page, [8, 6, 7, 6, 9, 4, 5, 6, 6, 7], timezone.localdate().isoformat())
    page.get_by_role("button", name="Tallenna vastaus").click()
    expect(page.get_by_text("Vastaus on tallennettu.")).to_be_visible()

    # Two points on each item's chart, and the same numbers in the table.
    health = page.locator("svg.measure-chart").first
    expect(health.locator("circle")).to_have_count(2)
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile(r"^Terveys 4 8$"))).to_be_visible()
    # The latest answer's reading, in words beside the colour.
    readings = page.locator(".traffic-light")
    expect(readings).to_have_count(10)
    expect(readings.filter(has_text="Terveys")).to_contain_text("8 – Vihreä: tyytyväinen")
    expect(readings.filter(has_text="Ystävät, joihin voi luottaa")).to_contain_text(
        "4 – Punainen: tyytymätön"
    )
    expect(readings.filter(has_text="Elämä kokonaisuutena")).to_contain_text(
        "7 – Keltainen: melko tyytyväinen"
    )
    assert_accessible(page, "measures-02-page")
    check_360(page, "measures-02-page")
