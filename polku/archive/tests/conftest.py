"""A completed assessment and a plan evaluated into version 2, coded with official values:
the published ones Polku ships, and invented test values for the code sets whose values are
not published (loaded, as an organisation would, from files in the code server's format)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from polku.assessment.models import Assessment
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.codes.loader import (
    ATTAINMENT,
    GOALS,
    METHODS,
    NEED_NATURE,
    SERVICES,
    SITUATIONAL_FACTORS,
    SUPPORT_NEED,
    USED,
)
from polku.codes.models import Code
from polku.core.models import Team, Worker
from polku.intake.services import intake_assign
from polku.personas import forward, make_intake, put_on_duty, signed_in
from polku.plans.models import ClientPlan, Goal, GoalEvaluation, PlannedMethod, PlannedService

DATA = Path(__file__).parent / "data"


def code(oid: str, value: str) -> Code:
    return Code.objects.get(code_set__oid=oid, code=value)


@pytest.fixture
def official_codes(db: None) -> None:
    out = io.StringIO()
    call_command("load_code_sets", stdout=out)  # Polku's own, in case a browser test flushed them
    call_command("load_code_sets", str(DATA / "goals.json"), stdout=out)
    call_command(
        "load_code_sets", str(DATA / "attainment.json"), "--oid", ATTAINMENT, "--set-version", "t", stdout=out
    )
    call_command(
        "load_code_sets", str(DATA / "methods.json"), "--oid", METHODS, "--set-version", "t", stdout=out
    )


@pytest.fixture
def relationship(
    team: Team, social_worker: Worker, counsellor: Worker, guidance: Worker, client_of_team: Client
) -> ClientRelationship:
    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client_of_team, guidance, description="Vuokrat maksamatta."), guidance)
    return intake_assign(
        actor=social_worker,
        intake=intake,
        complexity="high",
        resources="weak",
        note="",
        responsible=social_worker,
    )


@pytest.fixture
def completed(social_worker: Worker, relationship: ClientRelationship, official_codes: None) -> Assessment:
    http = signed_in(social_worker)
    http.post(reverse("assessment_start", args=[relationship.pk]))
    assessment = Assessment.objects.get()
    data = {
        "version": str(assessment.version),
        "started_on": timezone.localdate().isoformat(),
        "how_done": "Kotikäynti ja kaksi tapaamista toimistolla.",
        "client_view": "Haluan pitää asuntoni.",
        "summary": "Vuokrarästit ja päihteet; tarvitsee sosiaalityön tukea.",
        "support_needs": [code(SUPPORT_NEED, "2").pk, code(SUPPORT_NEED, "8").pk],
        "need_nature": code(NEED_NATURE, "3").pk,
        "special_support": "True",
        "special_support_reasons": "Useita samanaikaisia tarpeita.",
        "relationship_needed": "True",
        "own_worker_needed": "True",
        "own_worker": social_worker.pk,
        "plan_to_make": "True",
        "life_housing": "Vuokra-asunto, häätöuhka.",
        "life_finances": "Vuokrarästiä kolme kuukautta.",
        "complete": "1",
    }
    response = http.post(reverse("assessment_detail", args=[assessment.pk]), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert not assessment.is_draft
    return assessment


def _plan_url(name: str, plan: ClientPlan, *args: object) -> str:
    return reverse(name, args=[plan.pk, *args])


def _goal(http, plan: ClientPlan, words: str, goal_code: str, step: str, factor: str, effect: str) -> Goal:
    http.post(
        _plan_url("plan_item_add", plan, "goal"),
        {"goal-client_words": words, "goal-code": code(GOALS, goal_code).pk, "goal-scale": "1"},
    )
    goal = Goal.objects.get(client_words=words, plan_version__number=1)
    http.post(
        _plan_url("goal_part_add", plan, goal.pk, "step"),
        {f"step-{goal.pk}-what": step, f"step-{goal.pk}-who": "minä", f"step-{goal.pk}-due_on": "2026-12-15"},
    )
    http.post(
        _plan_url("goal_part_add", plan, goal.pk, "factor"),
        {
            f"factor-{goal.pk}-factor": code(SITUATIONAL_FACTORS, factor).pk,
            f"factor-{goal.pk}-effect": effect,
            f"factor-{goal.pk}-note": "sisko auttaa" if effect == "1" else "",
        },
    )
    return goal


@pytest.fixture
def evaluated(social_worker: Worker, relationship: ClientRelationship, official_codes: None) -> ClientPlan:
    """Version 1 agreed with two goals, steps, factors, a service and a method; version 2
    made at evaluation, with the goals' attainment and the service marked used, agreed."""
    http = signed_in(social_worker)
    http.post(reverse("plan_create", args=[relationship.pk]), {"plan_type": "working_age"})
    plan = ClientPlan.objects.get()
    first = plan.versions.get()
    text = {
        "version": str(first.version),
        "made_on": "2026-11-20",
        "meeting_place": "Asiakkaan koti",
        "participants": "Aino Mäkelä, asiakas\nSanna Salo, sosiaalityöntekijä",
        "situation": "Vuokrat ovat myöhässä.",
        "client_strengths": "Minulla on hyvä ystävä.",
        "worker_strengths": "Asiakas hoitaa asioitaan, kun niistä sovitaan.",
        "meeting_frequency": "kahden viikon välein",
        "next_review_on": "2027-01-15",
        "informed_of_rights": "on",
        "differing_views": "Asiakas ei halua päihdepalveluihin.",
    }
    assert http.post(_plan_url("plan_save", plan), text).status_code == 302
    _goal(http, plan, "Haluan pitää asuntoni.", "101", "Soitan isännöitsijälle", "3", "1")
    _goal(http, plan, "Haluan, että päiviini tulee rytmiä.", "102", "Käyn työpajassa", "38", "2")
    http.post(
        _plan_url("plan_item_add", plan, "service"),
        {
            "service-service": code(SERVICES, "19").pk,
            "service-provider": "Järvilaakson talous- ja velkaneuvonta",
            "service-responsibility": "Maksusuunnitelma",
        },
    )
    http.post(
        _plan_url("plan_item_add", plan, "method"),
        {"method-method": code(METHODS, "11").pk, "method-description": "Viikoittain"},
    )
    first.refresh_from_db()
    assert http.post(_plan_url("plan_agree", plan), {"version": first.version}).status_code == 302
    assert http.post(_plan_url("plan_evaluate", plan)).status_code == 302
    second = plan.versions.get(number=2)
    for evaluation in GoalEvaluation.objects.filter(plan_version=second):
        prefix = f"e{evaluation.pk}"
        http.post(
            _plan_url("evaluation_save", plan, evaluation.pk),
            {
                f"{prefix}-client_attainment": code(ATTAINMENT, "1").pk,
                f"{prefix}-client_text": "Sain maksusuunnitelman.",
                f"{prefix}-worker_attainment": code(ATTAINMENT, "2").pk,
                f"{prefix}-worker_text": "Vuokrat on maksettu kahdelta kuukaudelta.",
            },
        )
    service = PlannedService.objects.get(plan_version=second)
    http.post(reverse("item_used", args=[plan.pk, "service", service.pk]), {"used": code(USED, "K").pk})
    method = PlannedMethod.objects.get(plan_version=second)
    http.post(reverse("item_used", args=[plan.pk, "method", method.pk]), {"used": code(USED, "3").pk})
    second.refresh_from_db()
    http.post(_plan_url("plan_save", plan), {**text, "version": str(second.version), "continues": "True"})
    second.refresh_from_db()
    assert http.post(_plan_url("plan_agree", plan), {"version": second.version}).status_code == 302
    second.refresh_from_db()
    assert not second.is_draft
    return plan
