"""The client plan: made with the client, agreed, evaluated into version 2, compared, printed."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from polku.access.models import AccessLogEntry, View
from polku.casework.models import CaseStage, ClientRelationship
from polku.clients.models import Client
from polku.codes.loader import ATTAINMENT, GOALS, SERVICES, SITUATIONAL_FACTORS
from polku.codes.models import Code
from polku.core.models import Team, Worker
from polku.intake.services import intake_assign
from polku.personas import forward, make_intake, put_on_duty, signed_in
from polku.plans.models import ClientPlan, Goal, GoalEvaluation, PlanStatus, PlanVersion

pytestmark = pytest.mark.django_db


def code(oid: str, value: str) -> Code:
    return Code.objects.get(code_set__oid=oid, code=value)


@pytest.fixture
def relationship(
    team: Team, social_worker: Worker, counsellor: Worker, guidance: Worker, client_of_team: Client
):
    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client_of_team, guidance), guidance)
    return intake_assign(
        actor=social_worker,
        intake=intake,
        complexity="low",
        resources="weak",
        note="",
        responsible=counsellor,
    )


@pytest.fixture
def plan(counsellor: Worker, relationship: ClientRelationship) -> ClientPlan:
    signed_in(counsellor).post(reverse("plan_create", args=[relationship.pk]), {"plan_type": "working_age"})
    return ClientPlan.objects.get()


def url(name: str, plan: ClientPlan, *args: object) -> str:
    return reverse(name, args=[plan.pk, *args])


def plan_text(plan_version: PlanVersion, **fields: str) -> dict[str, str]:
    return {
        "version": str(plan_version.version),
        "made_on": "2026-11-20",
        "meeting_place": "Asiakkaan koti",
        "situation": "Vuokrat ovat myöhässä.",
        "client_strengths": "Minulla on hyvä ystävä.",
        "worker_strengths": "Asiakas hoitaa asioitaan, kun niistä sovitaan.",
        "meeting_frequency": "kahden viikon välein",
        "meeting_where": "toimistolla",
        "next_review_on": "2027-01-15",
        "informed_of_rights": "on",
        **fields,
    }


def add_goal(http, plan: ClientPlan, words: str, step: str) -> Goal:
    http.post(
        url("plan_item_add", plan, "goal"),
        {"goal-client_words": words, "goal-code": code(GOALS, "1").pk, "goal-scale": "1"},
    )
    goal = Goal.objects.get(client_words=words)
    http.post(
        url("goal_part_add", plan, goal.pk, "step"),
        {f"step-{goal.pk}-what": step, f"step-{goal.pk}-who": "minä", f"step-{goal.pk}-due_on": "2026-12-15"},
    )
    http.post(
        url("goal_part_add", plan, goal.pk, "factor"),
        {
            f"factor-{goal.pk}-factor": code(SITUATIONAL_FACTORS, "4").pk,
            f"factor-{goal.pk}-effect": "1",
            f"factor-{goal.pk}-note": "sisko auttaa",
        },
    )
    return goal


@pytest.fixture
def agreed(counsellor: Worker, plan: ClientPlan) -> ClientPlan:
    http = signed_in(counsellor)
    first = plan.versions.get()
    assert http.post(url("plan_save", plan), plan_text(first)).status_code == 302
    add_goal(http, plan, "Haluan pitää asuntoni.", "Soitan isännöitsijälle maksusuunnitelmasta")
    add_goal(http, plan, "Haluan päästä kuntouttavaan työtoimintaan.", "Käyn tutustumassa työpajaan")
    http.post(
        url("plan_item_add", plan, "service"),
        {
            "service-service": code(SERVICES, "19").pk,
            "service-provider": "Järvilaakson talous- ja velkaneuvonta",
            "service-contact_person": "Maija Mäkinen",
            "service-contact": "029 123 4567",
        },
    )
    first.refresh_from_db()
    response = http.post(url("plan_agree", plan), {"version": first.version})
    assert response.status_code == 302
    return plan


def test_a_new_plan_is_pre_filled_from_the_completed_assessment(counsellor, relationship) -> None:
    from polku.assessment.models import Assessment

    Assessment.objects.create(
        organisation_id=relationship.organisation_id,
        client=relationship.client,
        relationship=relationship,
        author=counsellor,
        status="completed",
        summary="Vuokrarästit.",
        client_view="Haluan pitää kodin.",
    )
    signed_in(counsellor).post(reverse("plan_create", args=[relationship.pk]), {"plan_type": "working_age"})
    first = PlanVersion.objects.get()
    assert (first.situation, first.client_support_need) == ("Vuokrarästit.", "Haluan pitää kodin.")


def test_agreeing_needs_goals_with_steps(counsellor: Worker, plan: ClientPlan) -> None:
    http = signed_in(counsellor)
    first = plan.versions.get()
    http.post(url("plan_item_add", plan, "goal"), {"goal-client_words": "Haluan töihin.", "goal-scale": "1"})
    response = http.post(
        url("plan_agree", plan), {"version": first.version}, follow=True, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert "ei ole vielä konkreettisia askelia" in response.content.decode()
    first.refresh_from_db()
    assert first.status == PlanStatus.DRAFT


def test_an_agreed_plan_is_not_edited(counsellor: Worker, agreed: ClientPlan) -> None:
    first = agreed.versions.get()
    assert first.status == PlanStatus.AGREED
    response = signed_in(counsellor).post(url("plan_save", agreed), plan_text(first, situation="Muutettu."))
    assert response.status_code == 400
    first.refresh_from_db()
    assert first.situation == "Vuokrat ovat myöhässä."
    assert ClientRelationship.objects.get().stage == CaseStage.FOLLOW_UP


def test_evaluation_makes_version_2_and_keeps_version_1(counsellor: Worker, agreed: ClientPlan) -> None:
    http = signed_in(counsellor)
    first_goals = list(agreed.versions.get().goals.values_list("pk", flat=True))
    assert http.post(url("plan_evaluate", agreed)).status_code == 302
    second = agreed.versions.get(number=2)
    assert second.is_draft and second.situation == "Vuokrat ovat myöhässä."
    assert [g.carried_from_id for g in second.goals.all()] == first_goals
    assert second.services.count() == 1
    evaluation = GoalEvaluation.objects.filter(plan_version=second).first()
    assert evaluation is not None
    prefix = f"e{evaluation.pk}"
    http.post(
        url("evaluation_save", agreed, evaluation.pk),
        {
            f"{prefix}-client_attainment": code(ATTAINMENT, "1").pk,
            f"{prefix}-client_text": "Sain maksusuunnitelman.",
            f"{prefix}-worker_attainment": code(ATTAINMENT, "2").pk,
        },
    )
    evaluation.refresh_from_db()
    assert (evaluation.client_attainment.code, evaluation.worker_attainment.code) == ("1", "2")
    http.post(url("plan_save", agreed), plan_text(second, situation="Vuokrat maksettu.", continues="True"))
    second.refresh_from_db()
    assert second.situation == "Vuokrat maksettu."
    assert agreed.versions.get(number=1).situation == "Vuokrat ovat myöhässä."
    comparison = http.get(url("plan_compare", agreed) + "?a=1&b=2")
    html = comparison.content.decode()
    assert "Vuokrat maksettu." in html and "Vuokrat ovat myöhässä." in html
    assert [c.kind for c in comparison.context["comparison"].goals] == ["same", "same"]


def test_two_workers_saving_the_plan_never_overwrite_each_other(
    counsellor: Worker, social_worker: Worker, relationship: ClientRelationship, plan: ClientPlan
) -> None:
    relationship.pair_worker = social_worker
    relationship.save()
    first = plan.versions.get()
    theirs = plan_text(first, situation="Työparin kirjaus.")
    mine = plan_text(first, situation="Oma kirjaukseni.")
    assert signed_in(social_worker).post(url("plan_save", plan), theirs).status_code == 302
    http = signed_in(counsellor)
    response = http.post(url("plan_save", plan), mine)
    assert (response.status_code, response["Location"]) == (302, url("plan_detail", plan) + "#plan-text")
    html = http.get(url("plan_detail", plan), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Työparin kirjaus." in html and "Oma kirjaukseni." in html
    assert "Tallentanut Sanna Salo" in html
    first.refresh_from_db()
    assert first.situation == "Työparin kirjaus."


def test_the_clients_pdf_has_the_goals_and_steps_in_plain_words(
    counsellor: Worker, agreed: ClientPlan
) -> None:
    response = signed_in(counsellor).get(url("plan_worksheet_pdf", agreed))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Minun suunnitelmani",
        "Haluan pitää asuntoni.",
        "Soitan isännöitsijälle maksusuunnitelmasta",
        "Haluan päästä kuntouttavaan työtoimintaan.",
        "Mikä auttaa minua",
        "sisko auttaa",
        "Maija Mäkinen",
        "Olli Ojala",
    ):
        assert expected in text, expected
    for internal in ("PTA", "SHL", "AVAIN", "TYP", "1.2.246"):
        assert internal not in text, internal
    assert AccessLogEntry.objects.filter(worker=counsellor, view=View.PLAN_PDF).exists()


def test_a_swedish_client_gets_the_plan_in_swedish(counsellor: Worker, agreed: ClientPlan) -> None:
    Client.objects.filter(pk=agreed.client_id).update(language="sv")
    html = signed_in(counsellor).get(url("plan_worksheet", agreed)).content.decode()
    assert "Min plan" in html and "Mina nästa steg" in html


def test_who_may_see_and_write(
    counsellor: Worker,
    lead: Worker,
    outsider: Worker,
    guidance: Worker,
    admin_worker: Worker,
    agreed: ClientPlan,
) -> None:
    for name in ("plan_detail", "plan_compare", "plan_worksheet", "plan_worksheet_pdf"):
        assert signed_in(outsider).get(url(name, agreed)).status_code == 404, name
        assert signed_in(guidance).get(url(name, agreed)).status_code == 404, name
        assert signed_in(admin_worker).get(url(name, agreed)).status_code == 403, name
    assert signed_in(lead).get(url("plan_detail", agreed)).status_code == 200
    assert signed_in(lead).post(url("plan_evaluate", agreed)).status_code == 403


def test_at_evaluation_each_service_is_marked_used_or_not(counsellor: Worker, agreed: ClientPlan) -> None:
    from polku.codes.loader import USED

    http = signed_in(counsellor)
    http.post(url("plan_evaluate", agreed))
    service = agreed.versions.get(number=2).services.get()
    assert service.used is None
    yes = code(USED, "K")
    http.post(reverse("item_used", args=[agreed.pk, "service", service.pk]), {"used": yes.pk})
    service.refresh_from_db()
    assert service.used == yes
    assert agreed.versions.get(number=1).services.get().used is None


def test_a_refused_step_keeps_what_was_typed(counsellor: Worker, plan: ClientPlan) -> None:
    http = signed_in(counsellor)
    http.post(url("plan_item_add", plan, "goal"), {"goal-client_words": "Haluan töihin.", "goal-scale": "1"})
    goal = Goal.objects.get()
    response = http.post(
        url("goal_part_add", plan, goal.pk, "step"), {f"step-{goal.pk}-what": "Soitan työkkäriin"}
    )
    assert response.status_code == 400
    assert 'value="Soitan työkkäriin"' in response.content.decode()
    assert not goal.steps.exists()
