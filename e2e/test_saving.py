"""Saving never lies, in the browser: an autosave followed by Save is no conflict; a refused
completion followed by a corrected one completes; a goal removed by a colleague while a step
is typed for it loses nothing. axe-core checks each page at 1280 and 360 px."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import ARTIFACTS, assert_accessible
from e2e.test_intake import sign_in
from e2e.test_plan import choose, relationship
from polku.access.models import AccessLogEntry, View
from polku.assessment.models import Assessment, AssessmentStatus
from polku.casework.models import ClientRelationship
from polku.core.models import ChangeRecord, Worker
from polku.plans.models import ClientPlan, Goal, PlanVersion, Step
from polku.plans.services import plan_create, plan_item_add

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["relationship"]  # the fixture, shared with test_plan.py

SITUATION = "Asiakkaan tilanne"
SAVED = re.compile(r"Luonnos tallennettu klo \d")


def accessible_at_both_widths(page: Page, name: str, focus: str = "") -> None:
    """axe at a desktop and a phone width; `focus` also keeps a close-up of what changed."""
    for width, suffix in ((1280, ""), (360, "-360")):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page, f"{name}{suffix}")
        if focus:
            page.locator(focus).first.screenshot(path=str(ARTIFACTS / f"{name}{suffix}-focus.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


@pytest.fixture
def plan(relationship: ClientRelationship, counsellor: Worker) -> ClientPlan:
    return plan_create(actor=counsellor, relationship=relationship, plan_type="working_age")


def test_autosave_then_save_is_no_conflict_and_no_read(
    page: Page, live_server, settings, plan: ClientPlan, counsellor: Worker
) -> None:
    settings.DRAFT_AUTOSAVE_SECONDS = 1
    sign_in(page, live_server.url, "olli_ojala")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.wait_for_selector("form[data-draft-ready]", state="attached")
    status = page.locator("#plan-text [data-draft-status]")
    page.get_by_label(SITUATION, exact=True).fill("Vuokrat ovat myöhässä.")
    expect(status).to_have_text(SAVED)
    accessible_at_both_widths(page, "saving-01-autosaved", "#plan-text .draft-actions")
    version = PlanVersion.objects.get().version
    assert version == 2
    # The plan's other forms send the version the autosave returned.
    expect(page.locator("form[action$='/agree/'] input[name=version]")).to_have_value(str(version))
    page.get_by_label(SITUATION, exact=True).fill("Vuokrat ovat myöhässä. Maksusuunnitelma tehty.")
    page.get_by_role("button", name="Tallenna suunnitelman teksti").click()
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    saved = PlanVersion.objects.get()
    assert saved.situation == "Vuokrat ovat myöhässä. Maksusuunnitelma tehty."
    assert saved.version >= 3 and ClientPlan.objects.get().versions.count() == 1
    # Two pages were shown; the background saves and the save itself are writes, not reads.
    assert AccessLogEntry.objects.filter(worker=counsellor, view=View.PLAN).count() == 2
    assert ChangeRecord.objects.filter(model="plans.PlanVersion", action="update").count() >= 2


def test_a_refused_completion_and_then_a_corrected_one(
    page: Page, live_server, relationship: ClientRelationship
) -> None:
    sign_in(page, live_server.url, "olli_ojala")
    page.goto(f"{live_server.url}/cases/{relationship.pk}/")
    page.get_by_role("button", name="Aloita arviointi").click()
    page.wait_for_selector("form[data-draft-ready]", state="attached")
    page.get_by_label("Asiakkaan oma näkemys tilanteestaan ja tarpeistaan").fill("Haluan pitää kotini.")
    summary = page.get_by_label("Yhteenveto tilanteesta ja palvelutarpeesta")
    summary.fill("Vuokrarästejä ja päihteitä.")
    choose(page, "#id_special_support", "kyllä")
    page.get_by_label("Perustelut", exact=True).first.fill("Useita samanaikaisia tarpeita.")
    choose(page, "#id_relationship_needed", "kyllä")
    choose(page, "#id_own_worker_needed", "kyllä")
    choose(page, "#id_plan_to_make", "kyllä")
    page.get_by_label("Omatyöntekijä", exact=True).select_option(label="Olli Ojala")
    page.get_by_role("button", name="Merkitse arviointi valmiiksi").click()
    expect(page.get_by_text("omatyöntekijänsä on oltava sosiaalityöntekijä").first).to_be_visible()
    expect(summary).to_have_value("Vuokrarästejä ja päihteitä.")
    expect(page.locator("[data-draft-status]")).to_have_text(re.compile("Ei vielä tallennettu"))
    accessible_at_both_widths(page, "saving-02-completion-refused", ".draft-actions")
    assert Assessment.objects.get().version == 1  # the refusal saved nothing
    page.get_by_label("Omatyöntekijä", exact=True).select_option(label="Sanna Salo")
    page.get_by_role("button", name="Merkitse arviointi valmiiksi").click()
    expect(page.get_by_text("Arviointi on merkitty valmiiksi.")).to_be_visible()
    expect(page.get_by_text("Arvioinnista tallennettiin uudempi versio")).to_have_count(0)
    assert Assessment.objects.get().status == AssessmentStatus.COMPLETED


def test_a_goal_removed_while_a_colleague_types_a_step_loses_nothing(
    browser: Browser,
    page: Page,
    live_server,
    plan: ClientPlan,
    relationship: ClientRelationship,
    counsellor: Worker,
    social_worker: Worker,
) -> None:
    relationship.pair_worker = social_worker
    relationship.save()
    plan_item_add(
        actor=counsellor,
        plan_version=plan.versions.get(),
        item=Goal(client_words="Haluan päästä työpajaan.", scale="1"),
    )
    base = live_server.url
    sign_in(page, base, "olli_ojala")
    page.goto(f"{base}/plans/{plan.pk}/")
    page.locator("summary", has_text="Lisää askel").click()
    page.get_by_label("Mitä").fill("Käyn tutustumassa työpajaan torstaina")
    page.get_by_label("Kuka").fill("minä")

    colleague_context = browser.new_context(bypass_csp=True, locale="fi-FI")
    colleague = colleague_context.new_page()
    try:
        sign_in(colleague, base, "sanna_salo")
        colleague.goto(f"{base}/plans/{plan.pk}/")
        colleague.get_by_role("link", name=re.compile("Poista tavoite")).click()
        expect(colleague.get_by_role("heading", name="Poistetaanko tavoite?")).to_be_visible()
        accessible_at_both_widths(colleague, "saving-03-remove-goal")
        colleague.get_by_role("button", name="Poista tavoite").click()
        expect(colleague.get_by_text("Tavoite on poistettu.")).to_be_visible()
    finally:
        colleague_context.close()

    page.get_by_role("button", name="Lisää askel").click()
    expect(page.get_by_role("heading", name=re.compile("poistettiin sillä välin"))).to_be_visible()
    expect(page.get_by_text("Käyn tutustumassa työpajaan torstaina")).to_be_visible()
    expect(page.get_by_text(re.compile("Poistanut Sanna Salo"))).to_be_visible()
    assert page.url.endswith(f"/plans/{plan.pk}/#goals")  # not left on the POST
    accessible_at_both_widths(page, "saving-04-goal-removed", "#goals")
    assert not Step.objects.exists()


def test_a_real_conflict_says_who_saved_and_keeps_the_text_after_a_redirect(
    browser: Browser,
    page: Page,
    live_server,
    settings,
    plan: ClientPlan,
    relationship: ClientRelationship,
    social_worker: Worker,
) -> None:
    settings.DRAFT_AUTOSAVE_SECONDS = 1
    relationship.pair_worker = social_worker
    relationship.save()
    base = live_server.url
    sign_in(page, base, "olli_ojala")
    page.goto(f"{base}/plans/{plan.pk}/")
    page.wait_for_selector("form[data-draft-ready]", state="attached")

    colleague_context = browser.new_context(bypass_csp=True, locale="fi-FI")
    colleague = colleague_context.new_page()
    try:
        sign_in(colleague, base, "sanna_salo")
        colleague.goto(f"{base}/plans/{plan.pk}/")
        colleague.get_by_label(SITUATION, exact=True).fill("Työparin kirjaus.")
        colleague.get_by_role("button", name="Tallenna suunnitelman teksti").click()
        expect(colleague.get_by_text("Tallennettu.")).to_be_visible()
    finally:
        colleague_context.close()

    page.get_by_label(SITUATION, exact=True).fill("Oma kirjaukseni.")
    status = page.locator("#plan-text [data-draft-status]")
    expect(status).to_have_text(re.compile(r"Ei tallennettu: Sanna Salo tallensi uudemman version klo \d"))
    page.get_by_role("button", name="Tallenna suunnitelman teksti").click()
    expect(page.get_by_role("heading", name="Suunnitelmasta tallennettiin uudempi versio")).to_be_visible()
    expect(page.get_by_text(re.compile("Tallentanut Sanna Salo"))).to_be_visible()
    assert page.url.endswith(f"/plans/{plan.pk}/#plan-text")  # not left on the POST
    expect(page.get_by_label(SITUATION, exact=True)).to_have_value("Oma kirjaukseni.")
    expect(status).to_have_text(re.compile("Ei vielä tallennettu"))
    accessible_at_both_widths(page, "saving-05-conflict", "[role=alert]")
    assert PlanVersion.objects.get().situation == "Työparin kirjaus."
    page.get_by_role("button", name="Tallenna suunnitelman teksti").click()  # knowingly, with both seen
    expect(page.get_by_text("Tallennettu.")).to_be_visible()
    assert PlanVersion.objects.get().situation == "Oma kirjaukseni."
