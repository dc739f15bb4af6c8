"""AVAIN on the measures page: each goal of the plan followed through its evaluations, as the
client and as the worker rated its attainment, side by side; and the earlier ratings beside
the form when a goal is evaluated again."""

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from polku.access.models import AccessLogEntry, View
from polku.codes.loader import ATTAINMENT
from polku.codes.models import Code
from polku.core.models import Worker
from polku.personas import make_relationship, signed_in
from polku.plans.models import ClientPlan, Goal, GoalEvaluation, PlanVersion, Step
from polku.plans.services import evaluation_save, plan_agree, plan_create, plan_evaluate

pytestmark = pytest.mark.django_db
START = date(2026, 3, 2)

REACHED, PARTLY, NO_CHANGE = "1", "2", "3"


def attainment(value: str | None) -> Code | None:
    return Code.objects.get(code_set__oid=ATTAINMENT, code=value) if value else None


def agree(worker: Worker, version: PlanVersion, made_on: date) -> None:
    PlanVersion.objects.filter(pk=version.pk).update(
        made_on=made_on,
        next_review_on=made_on + timedelta(days=90),
        continues=True if version.number > 1 else None,
    )
    version.refresh_from_db()
    plan_agree(actor=worker, plan_version=version, version=version.version)


def make_plan(worker: Worker, relationship: Any, goals: list[str]) -> ClientPlan:
    plan = plan_create(actor=worker, relationship=relationship, plan_type="working_age")
    first = plan.versions.get()
    for n, words in enumerate(goals):
        goal = Goal.objects.create(plan_version=first, order=n, client_words=words)
        Step.objects.create(goal=goal, what="Soitan Kelaan.", who="minä")
    agree(worker, first, START)
    return plan


def evaluate(
    worker: Worker, plan: ClientPlan, ratings: list[tuple[str | None, str | None]], made_on: date
) -> PlanVersion:
    """Evaluate the latest version: one (client, worker) rating per goal, in goal order."""
    version = plan_evaluate(actor=worker, plan=plan)
    for evaluation, (by_client, by_worker) in zip(
        version.evaluations.order_by("goal__order", "pk"), ratings, strict=True
    ):
        evaluation_save(
            actor=worker,
            evaluation=evaluation,
            data={
                "client_attainment": attainment(by_client),
                "worker_attainment": attainment(by_worker),
                "client_text": "",
                "worker_text": "",
            },
        )
    agree(worker, version, made_on)
    return version


def page(worker: Worker, relationship: Any) -> str:
    response = signed_in(worker).get(reverse("measures_page", args=[relationship.pk]))
    assert response.status_code == 200
    return response.content.decode()


def rows_of(html: str, words: str) -> list[str]:
    """The rows of the table under the goal's heading, as text."""
    table = re.search(rf">{re.escape(words)}</h3>.*?<tbody>(.*?)</tbody>", html, re.S)
    assert table is not None, words
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_each_goal_shows_every_evaluation_as_the_client_and_the_worker_rated_it(
    social_worker: Worker, relationship: Any
) -> None:
    plan = make_plan(social_worker, relationship, ["Haluan pitää asuntoni.", "Haluan töihin."])
    evaluate(social_worker, plan, [(PARTLY, NO_CHANGE), (NO_CHANGE, NO_CHANGE)], date(2026, 6, 1))
    evaluate(social_worker, plan, [(REACHED, REACHED), (PARTLY, None)], date(2026, 9, 1))
    html = page(social_worker, relationship)
    assert 'id="avain"' in html
    assert rows_of(html, "Haluan pitää asuntoni.") == [
        "1.6.2026 (Versio 2) Tavoite saavutettu osittain Tilanne ennallaan",
        "1.9.2026 (Versio 3) Tavoite saavutettu Tavoite saavutettu",
    ]
    assert rows_of(html, "Haluan töihin.") == [
        "1.6.2026 (Versio 2) Tilanne ennallaan Tilanne ennallaan",
        "1.9.2026 (Versio 3) Tavoite saavutettu osittain – ei arvioitu",
    ]
    # Side by side, under the column headings, and each date opens that version.
    assert "Asiakkaan näkemys" in html and "Työntekijän arvio" in html
    assert reverse("plan_version_detail", args=[plan.pk, 3]) in html


def test_a_goal_reworded_later_is_followed_under_its_newest_words(
    social_worker: Worker, relationship: Any
) -> None:
    plan = make_plan(social_worker, relationship, ["Asunto."])
    evaluate(social_worker, plan, [(PARTLY, PARTLY)], date(2026, 6, 1))
    Goal.objects.filter(plan_version__number=2).update(client_words="Haluan pitää asuntoni.")
    evaluate(social_worker, plan, [(REACHED, PARTLY)], date(2026, 9, 1))
    html = page(social_worker, relationship)
    assert len(rows_of(html, "Haluan pitää asuntoni.")) == 2
    assert ">Asunto.</h3>" not in html


def test_an_evaluation_under_way_shows_once_something_is_rated_and_says_draft(
    social_worker: Worker, relationship: Any
) -> None:
    plan = make_plan(social_worker, relationship, ["Haluan töihin."])
    version = plan_evaluate(actor=social_worker, plan=plan)
    html = page(social_worker, relationship)
    assert "Asiakassuunnitelman tavoitteita ei ole vielä arvioitu." in html
    evaluation = version.evaluations.get()
    data = {"client_attainment": attainment(PARTLY), "client_text": "", "worker_text": ""}
    evaluation_save(actor=social_worker, evaluation=evaluation, data=data)
    rows = rows_of(page(social_worker, relationship), "Haluan töihin.")
    assert len(rows) == 1 and "luonnos" in rows[0] and "Tavoite saavutettu osittain" in rows[0]


def test_another_relationships_plan_is_not_shown(
    social_worker: Worker, counsellor: Worker, relationship: Any, org: Any, team: Any
) -> None:
    from polku.personas import make_client

    other = make_relationship(make_client(org, team, 8, last_name="Toinen"), social_worker)
    plan = make_plan(social_worker, other, ["Toisen asiakkaan tavoite."])
    evaluate(social_worker, plan, [(REACHED, REACHED)], date(2026, 6, 1))
    assert "Toisen asiakkaan tavoite." not in page(social_worker, relationship)
    assert "Toisen asiakkaan tavoite." in page(social_worker, other)


def test_the_lead_reads_it_the_outsider_gets_404_and_the_read_is_logged_once(
    social_worker: Worker, lead: Worker, outsider: Worker, guidance: Worker, relationship: Any
) -> None:
    plan = make_plan(social_worker, relationship, ["Haluan töihin."])
    evaluate(social_worker, plan, [(REACHED, PARTLY)], date(2026, 6, 1))
    assert "Haluan töihin." in page(lead, relationship)
    url = reverse("measures_page", args=[relationship.pk])
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(guidance).get(url).status_code == 404
    assert list(AccessLogEntry.objects.filter(worker=lead).values_list("view", flat=True)) == [View.MEASURES]


def test_the_page_takes_the_same_number_of_queries_for_one_evaluation_as_for_many(
    social_worker: Worker, relationship: Any, django_assert_max_num_queries: Any
) -> None:
    plan = make_plan(social_worker, relationship, ["Haluan töihin."])
    evaluate(social_worker, plan, [(PARTLY, PARTLY)], date(2026, 4, 1))
    http = signed_in(social_worker)
    url = reverse("measures_page", args=[relationship.pk])
    with django_assert_max_num_queries(20) as one:
        assert http.get(url).status_code == 200
    more = make_plan(social_worker, relationship, ["Yksi.", "Kaksi.", "Kolme."])
    for month in (5, 6, 7, 8):
        evaluate(social_worker, plan, [(REACHED, NO_CHANGE)], date(2026, month, 1))
        evaluate(social_worker, more, [(REACHED, PARTLY)] * 3, date(2026, month, 2))
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = http.get(url).content.decode()
    assert len(rows_of(html, "Haluan töihin.")) == 5
    assert len(rows_of(html, "Kolme.")) == 4


def test_evaluating_a_goal_again_shows_how_it_was_rated_before(
    social_worker: Worker, relationship: Any
) -> None:
    plan = make_plan(social_worker, relationship, ["Haluan töihin."])
    evaluate(social_worker, plan, [(PARTLY, NO_CHANGE)], date(2026, 6, 1))
    http = signed_in(social_worker)
    second_round = http.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Tämän tavoitteen aiemmat arvioinnit" not in second_round
    plan_evaluate(actor=social_worker, plan=plan)
    html = http.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "Tämän tavoitteen aiemmat arvioinnit:" in html
    assert (
        "1.6.2026 – asiakkaan näkemys: Tavoite saavutettu osittain; työntekijän arvio: Tilanne ennallaan"
        in html
    )
    assert reverse("measures_page", args=[relationship.pk]) + "#avain" in html
    assert GoalEvaluation.objects.filter(plan_version__number=3).count() == 1
