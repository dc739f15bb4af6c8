"""An administrator's screens speak the worker's language and pass axe-core: every
administration page an administrator can reach from the index, with a row of each list."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from polku.core.models import Absence, Municipality, Role, Worker
from polku.network.models import PartnerKind, PartnerOrganisation
from polku.personas import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# Words that would only be on the page if a string were left in English.
ENGLISH = re.compile(r"\b(the|and|by|link|name|week|weeks|select|selected|choose|remove|Polku:)\b", re.I)

# axe-core on one page of each kind (it takes a second or two a page): the index, an app's
# index, a list with editable cells, a plain list, forms with checkboxes and dates.
AXE_CHECKED = {
    "/admin/",
    "/admin/intake/",
    "/admin/intake/notifiertype/",
    "/admin/core/absence/",
    "/admin/core/absence/add/",
    "/admin/core/team/add/",
    "/admin/core/worker/add/",
    "/admin/network/partnerorganisation/",
    "/admin/network/partnerorganisation/add/",
    "/admin/password_change/",
}


def admin_pages(page: Page, base: str) -> list[str]:
    page.goto(base + "/admin/")
    hrefs = page.eval_on_selector_all("#content-main a", "links => links.map(a => a.getAttribute('href'))")
    lists = sorted({h for h in hrefs if h.count("/") == 4 and not h.endswith("/add/")})
    pages = ["/admin/", *sorted({h for h in hrefs if h.endswith("/add/")})]
    for changelist in lists:
        pages.append(changelist)
        page.goto(base + changelist)
        rows = page.eval_on_selector_all(
            "#result_list tbody a", "links => links.map(a => a.getAttribute('href'))"
        )
        pages += [row for row in rows[:1] if row.startswith("/admin/")]
    app_indexes = sorted({"/".join(h.split("/")[:3]) + "/" for h in lists})
    return pages + app_indexes + ["/admin/password_change/"]


def test_the_administration_is_in_finnish_and_accessible(
    page: Page, live_server, admin_worker: Worker, lead: Worker, town: Municipality
) -> None:
    Absence.objects.create(worker=lead, starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 5))
    PartnerOrganisation.objects.create(
        organisation=lead.organisation, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )
    base = live_server.url
    page.goto(base + "/")
    page.get_by_label("Käyttäjätunnus").fill("aki_aalto")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    expect(page.get_by_role("heading", name=re.compile("Tervetuloa"))).to_be_visible()

    visited = admin_pages(page, base)
    assert len(visited) > 25, visited
    assert any(re.fullmatch(r"/admin/core/worker/\d+/change/", url) for url in visited), visited
    for url in visited:
        page.goto(base + url)
        # The interface's own words, without the data shown read-only (English code names).
        text = page.evaluate(
            "() => { const b = document.body.cloneNode(true);"
            " b.querySelectorAll('.readonly').forEach(e => e.remove()); return b.textContent; }"
        )
        assert not ENGLISH.search(text), (url, ENGLISH.findall(text))
        if url in AXE_CHECKED or re.fullmatch(
            r"/admin/(core/(worker|workerchange)|network/partnerorganisation)/\d+/change/", url
        ):
            assert_accessible(page, "admin" + url.replace("/", "-").rstrip("-"))

    # The role choices of a new worker do not offer "partner professional": team leads add them.
    page.goto(base + "/admin/core/worker/add/")
    roles = page.get_by_label("Rooli").locator("option").all_text_contents()
    assert str(Role.PARTNER.label) not in roles and "yhteistyökumppanin työntekijä" not in roles, roles

    page.goto(base + "/admin/")
    expect(page.get_by_role("table", name="Vireilletulo ja asiakkuuksien jako")).to_be_visible()
    expect(page.get_by_role("link", name="Päivystysviikot")).to_be_visible()
