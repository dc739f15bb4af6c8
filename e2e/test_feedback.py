"""Feedback and measures in the browser: the team lead finds "Palaute ja mittarit" among the
team's pages, sees only "fewer than 5" while the feedback is few and the texts once there are
five; the client's worker reads the plan's goal attainment (AVAIN) on the measures page and
the earlier ratings beside the evaluation form. axe-core at 1280 px and 360 px."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible
from e2e.test_coordinator import check_360
from e2e.test_intake import sign_in
from polku.clients.models import Client
from polku.core.models import Organisation, Team, Worker
from polku.feedback.services import feedback_give
from polku.feedback.tests.conftest import clients_with_relationships
from polku.measures.models import AnsweredBy, Instrument
from polku.measures.services import answer_record
from polku.measures.tests.conftest import ten
from polku.measures.tests.test_attainment import NO_CHANGE, PARTLY, REACHED, evaluate, make_plan
from polku.plans.services import plan_evaluate

pytestmark = pytest.mark.django_db(transaction=True)

FEEDBACK = [
    ("Työntekijä soitti takaisin samana päivänä.", "", ""),
    ("", "Odotin ensimmäistä tapaamista kolme viikkoa.", ""),
    ("Sain selkeät ohjeet Kelan hakemukseen.", "Lomakkeita oli liikaa.", ""),
    ("", "", "Kiitos, että kuuntelitte."),
    ("Tapaaminen kotona oli helpompi kuin toimistolla.", "", "Toivoisin tekstiviestimuistutuksen."),
]


def test_the_lead_reads_the_teams_feedback_and_measures_only_when_there_are_five(
    page: Page, live_server, org: Organisation, team: Team, lead: Worker, social_worker: Worker
) -> None:
    relationships = clients_with_relationships(org, team, social_worker, 5)
    three_x_ten = Instrument.objects.get(key="3x10d", version=1)
    for n, (relationship, (roses, thorns, text)) in enumerate(zip(relationships, FEEDBACK, strict=True)):
        answer_record(
            actor=social_worker,
            relationship=relationship,
            instrument=three_x_ten,
            answered_on=timezone.localdate(),
            answered_by=AnsweredBy.TOGETHER,
            values=ten(*[4 + n] * 10),
        )
        if n < 4:
            feedback_give(
                client=relationship.client,
                relationship=relationship,
                roses=roses,
                thorns=thorns,
                text=text,
                anonymous=n % 2 == 1,
            )
    base = live_server.url
    sign_in(page, base, "tiina_toivonen")
    page.get_by_role("link", name="Tiimi", exact=True).click()
    page.get_by_role("link", name="Palaute ja mittarit").click()
    expect(page.get_by_role("heading", name="Palaute ja mittarit", level=1)).to_be_visible()
    expect(page.get_by_text("Ajanjaksolla annettiin alle 5 palautetta.")).to_be_visible()
    expect(page.get_by_text(FEEDBACK[0][0])).to_have_count(0)

    roses, thorns, text = FEEDBACK[4]
    last = relationships[4]
    feedback_give(
        client=last.client, relationship=last, roses=roses, thorns=thorns, text=text, anonymous=False
    )
    page.reload()
    expect(page.locator(".figure__number")).to_have_text("5")
    expect(page.locator(".feedback-list > li")).to_have_count(5)
    expect(page.get_by_text("Odotin ensimmäistä tapaamista kolme viikkoa.")).to_be_visible()
    for relationship in relationships:
        expect(page.get_by_text(relationship.client.last_name)).to_have_count(0)
    health = page.get_by_role("row", name=re.compile(r"^Terveys"))
    expect(health).to_contain_text("6,0")
    expect(health).to_contain_text("5 asiakasta")
    assert_accessible(page, "feedback-01-lead")
    check_360(page, "feedback-01-lead")

    page.get_by_role("link", name="viimeiset 3 kuukautta").click()
    expect(page.get_by_role("link", name="viimeiset 3 kuukautta")).to_have_attribute("aria-current", "page")
    expect(page.locator(".feedback-list > li")).to_have_count(5)


def test_the_worker_reads_each_goals_attainment_over_the_evaluations(
    page: Page, live_server, social_worker: Worker, own_client: Client
) -> None:
    relationship = own_client.relationships.get()
    plan = make_plan(social_worker, relationship, ["Haluan pitää asuntoni.", "Haluan löytää työpaikan."])
    evaluate(social_worker, plan, [(PARTLY, NO_CHANGE), (NO_CHANGE, NO_CHANGE)], date(2026, 6, 1))
    evaluate(social_worker, plan, [(REACHED, PARTLY), (PARTLY, PARTLY)], date(2026, 9, 1))
    base = live_server.url
    sign_in(page, base, "sanna_salo")
    page.goto(f"{base}/cases/{relationship.pk}/")
    page.get_by_role("link", name="Mittarit").click()
    section = page.locator("#avain")
    expect(
        section.get_by_role("heading", name="Tavoitteiden saavuttaminen suunnitelmassa (AVAIN)")
    ).to_be_visible()
    housing = section.get_by_role("table", name="Haluan pitää asuntoni.")
    expect(housing.get_by_role("row")).to_have_count(3)
    expect(housing.get_by_role("row").nth(2)).to_contain_text("Tavoite saavutettu")
    expect(housing.get_by_role("row").nth(2)).to_contain_text("Tavoite saavutettu osittain")
    assert_accessible(page, "feedback-02-avain")
    check_360(page, "feedback-02-avain")

    plan_evaluate(actor=social_worker, plan=plan)
    page.goto(f"{base}/plans/{plan.pk}/")
    card = page.locator("form.card").filter(has_text="Haluan pitää asuntoni.")
    expect(card.get_by_text("Tämän tavoitteen aiemmat arvioinnit:")).to_be_visible()
    expect(card.locator(".earlier-evaluations li")).to_have_count(2)
    expect(card.locator(".earlier-evaluations li").first).to_contain_text("1.6.2026")
    assert_accessible(page, "feedback-03-evaluation")
    check_360(page, "feedback-03-evaluation")
    page.get_by_role("link", name="Tavoitteiden saavuttaminen kaikissa arvioinneissa").click()
    expect(page.locator("#avain")).to_be_visible()
