"""Youth aftercare in the browser: the responsible worker marks the relationship as aftercare
and sees when it ends; the daily reminder job runs; on My clients she sees the reminder to
plan the move to adult services and an overdue step, and marks the first done. axe-core at
1280 px and 360 px."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_coordinator import check_360
from e2e.test_intake import sign_in
from polku.casework.aftercare import aftercare_ends_on, months_before
from polku.casework.models import Reminder
from polku.core.models import Organisation, Team, Worker
from polku.personas import make_client, make_relationship
from polku.plans.models import ClientPlan, Goal, PlanStatus, PlanType, PlanVersion, Step

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_marks_aftercare_and_acts_on_the_reminder_to_plan_adult_services(
    page: Page, live_server, org: Organisation, team: Team, social_worker: Worker
) -> None:
    today = timezone.localdate()
    # A young adult who turns 25 in about three months: the reminder is due.
    turns_25 = months_before(today.replace(day=min(today.day, 28)), -3)
    born = turns_25.replace(year=turns_25.year - 25)
    young = make_client(org, team, 7, first_names="Iida", last_name="Nuorinen", birth_date=born)
    relationship = make_relationship(young, social_worker)
    plan = ClientPlan.objects.create(
        organisation=org,
        client=young,
        relationship=relationship,
        plan_type=PlanType.AFTERCARE,
        created_by=social_worker,
    )
    version = PlanVersion.objects.create(
        plan=plan, number=1, status=PlanStatus.AGREED, agreed_at=timezone.now(), author=social_worker
    )
    goal = Goal.objects.create(plan_version=version, client_words="Haluan oman asunnon.")
    Step.objects.create(goal=goal, what="Hae asumistukea", who="Iida", due_on=today - timedelta(days=3))
    ends = f"{aftercare_ends_on(born):%-d.%-m.%Y}"
    base = live_server.url

    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_text("Muuta asiakkuuden lajia").click()
    assert_accessible(page, "aftercare-00-kind-form")
    page.get_by_label("nuoren jälkihuolto").check(force=True)
    page.get_by_role("button", name="Tallenna laji").click()
    expect(page.get_by_text(f"Jälkihuolto päättyy {ends}")).to_be_visible()
    assert_accessible(page, "aftercare-01-case")
    check_360(page, "aftercare-01-case")

    call_command("reminders", verbosity=0)
    assert Reminder.objects.filter(worker=social_worker).count() == 2

    page.get_by_role("link", name="Omat asiakkaat").first.click()
    reminders = page.get_by_role("region", name="Muistutukset")
    expect(reminders).to_contain_text(
        f"jälkihuolto päättyy {ends} – suunnittele siirtyminen aikuisten palveluihin"
    )
    expect(reminders).to_contain_text("askel ”Hae asumistukea” piti tehdä")
    expect(page.get_by_role("table").get_by_text(f"Jälkihuolto päättyy {ends}")).to_be_visible()
    assert_accessible(page, "aftercare-02-my-clients")
    check_360(page, "aftercare-02-my-clients")

    reminders.get_by_role("button", name=re.compile("Kuittaa tehdyksi – .*jälkihuolto päättymässä")).click()
    expect(page.get_by_text("Muistutus on kuitattu tehdyksi.")).to_be_visible()
    reminders = page.get_by_role("region", name="Muistutukset")
    expect(reminders).not_to_contain_text("suunnittele siirtyminen aikuisten palveluihin")
    expect(reminders).to_contain_text("Hae asumistukea")
    assert_accessible(page, "aftercare-03-marked-done")

    reminders.get_by_role("link", name="Iida Nuorinen").click()
    expect(page.get_by_role("heading", name="Iida Nuorinen", level=1)).to_be_visible()
