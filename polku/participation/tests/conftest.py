from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Organisation, Team, Worker
from polku.participation.services import code_issue
from polku.personas import make_client, make_relationship
from polku.plans.models import ClientPlan, Goal, PlanStatus, PlanType, PlanVersion, Step


@pytest.fixture
def relationship(client_of_team: Client, social_worker: Worker, counsellor: Worker) -> ClientRelationship:
    return make_relationship(client_of_team, social_worker, pair=counsellor)


def make_plan(
    relationship: Any, worker: Worker, *, status: str = PlanStatus.AGREED, number: int = 1, **fields: Any
) -> PlanVersion:
    plan = ClientPlan.objects.filter(relationship=relationship).first() or ClientPlan.objects.create(
        organisation_id=relationship.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        plan_type=PlanType.WORKING_AGE,
        created_by=worker,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        status=status,
        agreed_at=timezone.now() if status == PlanStatus.AGREED else None,
        author=worker,
        next_review_on=timezone.localdate() + timedelta(days=30),
        next_review_place="Sosiaalitoimisto",
        worker_support_need="TYÖNTEKIJÄN SISÄINEN ARVIO",
        **fields,
    )
    goal = Goal.objects.create(plan_version=version, client_words="Haluan pitää kotini.")
    Step.objects.create(goal=goal, what="Soitan vuokranantajalle", who="Minä", due_on=date.today())
    Step.objects.create(goal=goal, what="Haetaan asumistukea", who="Sanna ja minä")
    return version


@pytest.fixture
def agreed(relationship: ClientRelationship, social_worker: Worker) -> PlanVersion:
    return make_plan(relationship, social_worker)


def code_for(relationship: Any, worker: Worker) -> str:
    return code_issue(actor=worker, relationship=relationship)[1]


def sign_in_with(code: str, address: str = "10.0.0.1") -> HttpClient:
    http = HttpClient(REMOTE_ADDR=address)
    response = http.post(reverse("own_sign_in"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("own_home")
    return http


@pytest.fixture
def client_http(relationship: ClientRelationship, social_worker: Worker, agreed: PlanVersion) -> HttpClient:
    return sign_in_with(code_for(relationship, social_worker))


@pytest.fixture
def other_client(
    org: Organisation, team: Team, social_worker: Worker
) -> tuple[ClientRelationship, PlanVersion]:
    someone = make_client(org, team, 9, first_names="Olli", last_name="Toinen")
    rel = make_relationship(someone, social_worker)
    return rel, make_plan(rel, social_worker)
