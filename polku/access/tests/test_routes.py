"""Every route is classified, and no route lets anyone past the gate without a basis."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.personas import make_worker, signed_in

# Routes of libraries, classified here because their views carry no rule of ours.
LIBRARY_ROUTES = {
    "admin": "administrators only (PolkuAdminSite.has_permission)",
    # Views made by django-ninja, asked with a worker's API key, not a session: classified and
    # tried by the outsider, every role and the fuzzer in polku/api/tests.
    "api": "a worker's API key (polku.api.auth)",
}


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in LIBRARY_ROUTES:
                continue
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_route_is_classified() -> None:
    unclassified = [
        route
        for route, pattern in walk(get_resolver().url_patterns)
        if not getattr(pattern.callback, "access_rule", None)
    ]
    assert unclassified == []


def test_the_classification_is_what_we_expect() -> None:
    rules = {pattern.name: pattern.callback.access_rule for _r, pattern in walk(get_resolver().url_patterns)}
    assert rules["login"] == "public"
    assert rules["client_detail"].startswith("roles:")
    assert "administrator" not in rules["client_detail"]
    assert rules["break_glass_review"] == "roles:team_lead"
    assert rules["team_workers"] == rules["worker_change"] == rules["enrolment_code"] == "roles:team_lead"
    assert rules["password_set"] == "public"
    partner_accounts = [
        "partner_professionals",
        "partner_professional_add",
        "partner_password_link",
        "partner_enrolment_code",
        "partner_professional_end",
    ]
    assert {rules[name] for name in partner_accounts} == {"roles:team_lead"}


def client_routes(client: Client) -> list[tuple[str, str]]:
    """Every URL that shows one client's data, with its method."""
    return [
        ("get", reverse("client_detail", args=[client.pk])),
        ("get", reverse("client_edit", args=[client.pk])),
        ("post", reverse("client_edit", args=[client.pk])),
        ("get", reverse("access_report", args=[client.pk])),
        ("get", reverse("access_report_pdf", args=[client.pk])),
    ]


@pytest.mark.django_db
def test_the_outsider_gets_404_on_every_client_url(outsider: Worker, client_of_team: Client) -> None:
    http = signed_in(outsider)
    for method, url in client_routes(client_of_team):
        assert getattr(http, method)(url).status_code == 404, url


@pytest.mark.django_db
def test_a_worker_without_basis_gets_404_on_every_client_url(
    social_worker: Worker, client_of_team: Client
) -> None:
    http = signed_in(social_worker)
    for method, url in client_routes(client_of_team):
        assert getattr(http, method)(url).status_code == 404, url


@pytest.mark.django_db
def test_the_administrator_gets_403_on_every_client_work_page(
    admin_worker: Worker, client_of_team: Client
) -> None:
    http = signed_in(admin_worker)
    urls = [reverse("client_search"), reverse("client_create"), reverse("break_glass_open")]
    urls += [url for _m, url in client_routes(client_of_team)]
    for url in urls:
        assert http.get(url).status_code == 403, url


@pytest.mark.django_db
def test_only_a_team_lead_reviews_break_glass(social_worker: Worker, lead: Worker) -> None:
    assert signed_in(social_worker).get(reverse("break_glass_review")).status_code == 403
    assert signed_in(lead).get(reverse("break_glass_review")).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client_of_team: Client) -> None:
    from django.test import Client as HttpClient

    for _method, url in client_routes(client_of_team):
        response = HttpClient().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.fixture
def world(org, team, other_team, lead, social_worker, counsellor, guidance, client_of_team) -> dict[str, str]:
    """One of everything a URL can point at, all in the organisation Järvilaakso."""
    from datetime import timedelta

    from django.utils import timezone

    from polku.access.models import BreakGlass
    from polku.casework.services import case_meeting_bring, consultation_ask, handover_offer
    from polku.intake.services import intake_assign
    from polku.personas import forward, make_intake, put_on_duty

    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client_of_team, guidance), guidance)
    relationship = intake_assign(
        actor=social_worker,
        intake=intake,
        complexity="low",
        resources="weak",
        note="",
        responsible=social_worker,
    )
    consultation = consultation_ask(
        actor=social_worker, relationship=relationship, consultant=lead, question="?", days=3
    )
    handover = handover_offer(
        actor=social_worker, relationship=relationship, to_worker=counsellor, note="Siirto"
    )
    item = case_meeting_bring(
        actor=social_worker, relationship=relationship, summary="Tilanne.", question="?"
    )
    glass = BreakGlass.objects.create(
        organisation=org,
        worker=counsellor,
        client=client_of_team,
        reason="Asiakas soitti päivystykseen ja tarvitsi apua heti.",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    from polku.assessment.services import assessment_start
    from polku.codes.models import Code
    from polku.plans.models import Goal, GoalEvaluation, PlanVersion, Step
    from polku.plans.services import plan_create

    assessment = assessment_start(actor=social_worker, relationship=relationship)
    plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
    version = PlanVersion.objects.get(plan=plan)
    goal = Goal.objects.create(plan_version=version, client_words="Haluan kodin.")
    step = Step.objects.create(goal=goal, what="Soitan", who="minä")
    evaluation = GoalEvaluation.objects.create(plan_version=version, goal=goal)
    from polku.casework.models import Reminder, ReminderKind

    reminder = Reminder.objects.create(
        organisation=org,
        worker=social_worker,
        client=client_of_team,
        relationship=relationship,
        kind=ReminderKind.PLAN_EVALUATION_DUE,
        due_on=timezone.localdate(),
        key="plan_evaluation_due:routes",
    )
    assert Code.objects.exists()
    from polku.core.models import Absence

    absence = Absence.objects.create(
        worker=counsellor, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    from polku.clients.services import transfer_offer

    transfer = transfer_offer(
        actor=lead, client=client_of_team, to_team=other_team, reason="Muutti Koskelaan."
    )
    from polku.core.models import Role
    from polku.core.services import worker_change_request
    from polku.personas import make_worker

    administrator = make_worker(org, "aila_admin", Role.ADMINISTRATOR, [])
    change = worker_change_request(
        actor=administrator,
        worker=guidance,
        role=Role.SOCIAL_COUNSELLOR,
        teams=[team],
        email="",
        is_active=True,
    )
    assert change is not None
    from polku.network.models import Consent, PartnerOrganisation

    consent = Consent.objects.create(
        organisation=org,
        client=client_of_team,
        given_by="client",
        plan=True,
        purpose="Työnhaku",
        valid_from=timezone.localdate(),
        how_given="signed",
        recorded_by=social_worker,
    )
    kela = PartnerOrganisation.objects.create(organisation=org, name="Kela", kind="kela")
    consent.partners.add(kela)
    from polku.network.models import PartnerProfessional

    professional = PartnerProfessional.objects.create(
        worker=make_worker(org, "kalle_kela", Role.PARTNER, []), partner=kela
    )
    from polku.codes.loader import SERVICES
    from polku.codes.models import Code
    from polku.network.models import ClientService

    mapped = ClientService.objects.create(
        organisation=org,
        client=client_of_team,
        service=Code.objects.get(code_set__oid=SERVICES, code="20"),
        provider_name="Työvalmennus Oy",
        purpose="Työvalmennus",
        recorded_by=social_worker,
    )
    from datetime import timedelta

    from polku.network.models import NetworkMeeting

    meeting = NetworkMeeting.objects.create(
        organisation=org,
        client=client_of_team,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
        place="home",
        planned_by=social_worker,
        recorded_by=social_worker,
        recorded_at=timezone.now(),
        client_came=True,
        discussed="Työnhaku",
    )
    from polku.network.models import Agreement, AgreementTask, CoordinationHandover, NetworkMember

    member = NetworkMember.objects.create(
        organisation=org,
        relationship=relationship,
        client=client_of_team,
        kind="worker",
        worker=social_worker,
        is_coordinator=True,
        added_by=social_worker,
    )
    sister = NetworkMember.objects.create(
        organisation=org,
        relationship=relationship,
        client=client_of_team,
        kind="supporter",
        name="Liisa",
        task="sisko",
        added_by=social_worker,
    )
    coordination = CoordinationHandover.objects.create(
        organisation=org,
        relationship=relationship,
        client=client_of_team,
        from_member=member,
        to_member=sister,
        note="?",
        offered_by=social_worker,
    )
    agreement = Agreement.objects.create(
        organisation=org, relationship=relationship, client=client_of_team, number=1, author=social_worker
    )
    task = AgreementTask.objects.create(agreement=agreement, what="Työkokeilu")
    return {
        "member_id": str(sister.pk),
        "coordination_id": str(coordination.pk),
        "agreement_id": str(agreement.pk),
        "task_id": str(task.pk),
        "meeting_id": str(meeting.pk),
        "professional_id": str(professional.pk),
        "service_id": str(mapped.pk),
        "consent_id": str(consent.pk),
        "transfer_id": str(transfer.pk),
        "absence_id": str(absence.pk),
        "change_id": str(change.pk),
        "worker_id": str(counsellor.pk),
        "assessment_id": str(assessment.pk),
        "plan_id": str(plan.pk),
        "number": "1",
        # item_id is also the case meeting item's: the outsider gets 404 whichever it names.
        "kind": "goal",
        "goal_id": str(goal.pk),
        "part": "step",
        "step_id": str(step.pk),
        "evaluation_id": str(evaluation.pk),
        "client_id": str(client_of_team.pk),
        "intake_id": str(intake.pk),
        "relationship_id": str(relationship.pk),
        "consultation_id": str(consultation.pk),
        "handover_id": str(handover.pk),
        "reminder_id": str(reminder.pk),
        "item_id": str(item.pk),
        "break_glass_id": str(glass.pk),
        "team_id": str(team.pk),
        "week": timezone.localdate().isoformat(),
        "stage": "guidance",
        "key": "3x10d",
    }


def routes_with_ids(world: dict[str, str]) -> list[str]:
    urls = []
    for _route, pattern in walk(get_resolver().url_patterns):
        params = list(pattern.pattern.converters)
        # Public routes (the password link) name no object behind the gate; the client's own
        # pages are tried by clients and workers in polku/participation/tests.
        if params and pattern.callback.access_rule not in ("public", "client"):
            urls.append(reverse(pattern.name, kwargs={name: world[name] for name in params}))
    return urls


@pytest.mark.django_db
def test_the_outsider_gets_404_on_every_url_that_names_an_object(
    outsider: Worker, world: dict[str, str]
) -> None:
    """The outsider is a team lead, so every worker's role rule lets her through, and the
    partner pages are tried by a partner professional of her organisation: the gate stops both."""
    from polku.network.models import PartnerOrganisation, PartnerProfessional

    outside_partner = make_worker(outsider.organisation, "pirjo_partneri", Role.PARTNER, [])
    PartnerProfessional.objects.create(
        worker=outside_partner,
        partner=PartnerOrganisation.objects.create(
            organisation=outsider.organisation, name="Kela", kind="kela"
        ),
    )
    urls = routes_with_ids(world)
    assert len(urls) >= 20
    for url in urls:
        rule = resolve(url).func.access_rule  # type: ignore[attr-defined]
        who = outsider if rule == "signed-in" or Role.TEAM_LEAD in rule else outside_partner
        http = signed_in(who)
        assert http.get(url).status_code in (404, 405), url
        assert http.post(url, {}).status_code in (404, 405), url


@pytest.mark.django_db
def test_the_administrator_gets_403_on_every_url_that_names_an_object(
    admin_worker: Worker, world: dict[str, str]
) -> None:
    http = signed_in(admin_worker)
    for url in routes_with_ids(world):
        assert http.get(url).status_code in (403, 405), url
