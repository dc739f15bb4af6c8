"""A team lead confirms a role an administrator asked for, declines another, and gives an
enrolment code; axe-core checks each page."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from polku.core.models import Role, Team, Worker
from polku.core.services import worker_change_request
from polku.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name=re.compile("Tervetuloa"))).to_be_visible()


def ask(admin: Worker, worker: Worker, role: str, team: Team) -> None:
    worker_change_request(actor=admin, worker=worker, role=role, teams=[team], email="", is_active=True)


def test_a_team_lead_confirms_and_declines_worker_changes(
    page: Page,
    live_server,
    lead: Worker,
    counsellor: Worker,
    guidance: Worker,
    admin_worker: Worker,
    team: Team,
) -> None:
    ask(admin_worker, counsellor, Role.SOCIAL_WORKER, team)
    ask(admin_worker, guidance, Role.TEAM_LEAD, team)
    base = live_server.url
    sign_in(page, base, "tiina_toivonen")
    page.get_by_role("link", name="Tiimi", exact=True).click()
    page.get_by_role("link", name="Työntekijämuutokset").click()
    expect(page.get_by_role("heading", name="Odottaa vahvistustasi")).to_be_visible()
    assert_accessible(page, "team-workers")

    page.get_by_role("link", name="Vahvista tai hylkää – Olli Ojala").click()
    expect(page.get_by_role("heading", name="Muutos: Olli Ojala")).to_be_visible()
    expect(page.get_by_text("Rooli: sosiaaliohjaaja → sosiaalityöntekijä")).to_be_visible()
    assert_accessible(page, "worker-change-confirm")
    page.get_by_role("button", name="Vahvista muutos").click()
    expect(page.get_by_text("Muutos on vahvistettu ja se on nyt voimassa.")).to_be_visible()
    history = page.get_by_role("table", name="Työntekijämuutosten historia")
    expect(history.locator("tr", has_text="Muutos vahvistettu ja voimassa")).to_contain_text("Olli Ojala")

    page.get_by_role("link", name="Vahvista tai hylkää – Noora Nieminen").click()
    page.get_by_role("button", name="Hylkää muutos").click()
    expect(page.get_by_role("alert").first).to_contain_text("Tämä kenttä vaaditaan")
    assert_accessible(page, "worker-change-decline-error")
    page.get_by_label("Miksi muutos hylätään?").fill("Esihenkilöksi ei ole sovittu.")
    page.get_by_role("button", name="Hylkää muutos").click()
    expect(page.get_by_text("Muutos on hylätty.")).to_be_visible()
    expect(history.locator("tr", has_text="Muutos hylätty")).to_contain_text("Esihenkilöksi ei ole sovittu.")

    page.get_by_role("link", name="Anna käyttöönottokoodi – Sanna Salo").or_(
        page.get_by_role("link", name="Anna käyttöönottokoodi – Olli Ojala")
    ).first.click()
    page.get_by_role("button", name="Luo koodi").click()
    expect(page.locator(".enrolment-code")).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    assert_accessible(page, "enrolment-code")
