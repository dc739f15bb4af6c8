"""The archive's section in the browser: a completed assessment offers its JSON and PDF/A;
a plan version with a placeholder code says what keeps it from the archive. axe-core at
1280 px and 360 px."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_coordinator import check_360
from e2e.test_intake import sign_in
from polku.archive.tests.conftest import completed, evaluated, official_codes, relationship
from polku.assessment.models import Assessment
from polku.codes.loader import GOALS
from polku.codes.models import Code
from polku.plans.models import ClientPlan, Goal

__all__ = ["completed", "evaluated", "official_codes", "relationship"]

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_documents_for_the_archive(
    page: Page, live_server, completed: Assessment, evaluated: ClientPlan
) -> None:
    base = live_server.url
    sign_in(page, base, "sanna_salo")
    page.goto(base + reverse("assessment_detail", args=[completed.pk]))
    section = page.locator("#archive")
    expect(section.get_by_role("heading", name="Asiakirja arkistoon")).to_be_visible()
    with page.expect_download() as download:
        section.get_by_role("link", name="Rakenteinen asiakirja (JSON)").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["tyoikaisten_palvelutarpeen_arvio"]["asiakas"]["sukunimi"] == "Mäkelä"
    expect(section.get_by_role("link", name="Arkistokappale (PDF/A)")).to_be_visible()
    assert_accessible(page, "archive-01-assessment")
    check_360(page, "archive-01-assessment")

    goal = Goal.objects.get(plan_version__number=1, code__code="101")
    goal.code = Code.objects.get(code_set__oid=GOALS, code="1")  # a placeholder
    goal.save()
    page.goto(base + reverse("plan_version_detail", args=[evaluated.pk, 1]))
    section = page.locator("#archive")
    expect(section.get_by_text("Ei vielä valmis arkistoon:")).to_be_visible()
    expect(section.get_by_text("”Asumisen turvaaminen” on Polun väliaikainen arvo")).to_be_visible()
    expect(section.get_by_role("link")).to_have_count(0)
    assert_accessible(page, "archive-02-plan-not-ready")
    check_360(page, "archive-02-plan-not-ready")
