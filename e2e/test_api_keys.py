"""API keys in the browser: Sanna makes a key from her own menu, sees it once, a program
reads with it, and she revokes it; the API's docs page works under Polku's CSP with
nothing from outside. axe-core at 1280 px and 360 px on the keys page."""

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import assert_accessible
from e2e.test_coordinator import check_360
from e2e.test_intake import sign_in
from polku.api.models import ApiToken
from polku.clients.models import Client

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_makes_a_key_sees_it_once_and_revokes_it(
    page: Page, live_server, own_client: Client
) -> None:
    base = live_server.url
    sign_in(page, base, "sanna_salo")
    page.get_by_role("link", name="API-avaimet").click()
    expect(page.get_by_role("heading", name="API-avaimet", level=1)).to_be_visible()
    expect(page.get_by_text("Sinulla ei ole API-avaimia.")).to_be_visible()
    assert_accessible(page, "api-keys-01-empty")
    check_360(page, "api-keys-01-empty")

    page.get_by_label("Mihin avainta käytetään?").fill("Viikkoraportti")
    page.get_by_role("button", name="Tee avain").click()
    expect(page.get_by_role("heading", name="Uusi API-avaimesi ”Viikkoraportti”")).to_be_visible()
    key = page.get_by_label("API-avain").input_value()
    assert key.startswith("polku_")
    assert_accessible(page, "api-keys-02-shown-once")
    check_360(page, "api-keys-02-shown-once")

    # A program reads with the key (the browser's cookies go along and count for nothing).
    me = page.request.get(f"{base}/api/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status == 200 and me.json()["name"] == "Sanna Salo"
    client = page.request.get(
        f"{base}/api/clients/{own_client.pk}", headers={"Authorization": f"Bearer {key}"}
    )
    assert client.json()["last_name"] == "Mäkelä"
    assert page.request.get(f"{base}/api/me").status == 401

    page.goto(f"{base}/account/api-keys/")
    assert key not in page.content()
    row = page.get_by_role("row", name="Viikkoraportti")
    expect(row).to_contain_text("voimassa")
    row.get_by_role("button", name="Poista käytöstä").click()
    expect(page.get_by_text("API-avain ”Viikkoraportti” on poistettu käytöstä.")).to_be_visible()
    expect(page.get_by_role("row", name="Viikkoraportti")).to_contain_text("Työntekijä poisti käytöstä")
    assert_accessible(page, "api-keys-03-revoked")
    check_360(page, "api-keys-03-revoked")
    assert page.request.get(f"{base}/api/me", headers={"Authorization": f"Bearer {key}"}).status == 401
    assert not ApiToken.objects.filter(ended_at=None).exists()


def test_the_docs_page_works_under_the_csp_with_nothing_from_outside(
    browser: Browser, live_server, social_worker
) -> None:
    """No bypass of the CSP here: Swagger UI comes from Polku's own static files, runs no
    inline script, calls nowhere else, and a key put in "Authorize" reads through it."""
    from polku.api.tests.conftest import key_for

    key = key_for(social_worker)
    base = live_server.url
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(base) else problems.append(r.url))
    page.goto(f"{base}/api/docs")
    expect(page.get_by_role("heading", name="Polku API")).to_be_visible()
    operation = page.locator("#operations-you-me")
    expect(operation).to_be_visible()
    expect(page.get_by_text("/api/clients/{client_id}/plans")).to_be_visible()

    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".auth-container input").fill(key)
    page.get_by_role("button", name="Apply credentials").click()
    page.get_by_role("button", name="Close").first.click()
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text("Sanna Salo")
    page.screenshot(path="test-artifacts/api-docs.png", full_page=True)
    context.close()
    assert problems == []
