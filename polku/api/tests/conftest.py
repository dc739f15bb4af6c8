"""The API's world: Sanna Salo's client with an intake and a plan, and keys for everyone."""

from typing import Any

import pytest
from django.test import Client as HttpClient

from polku.api.services import api_token_create
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Worker
from polku.intake.models import Intake
from polku.personas import make_intake
from polku.plans.models import ClientPlan, Goal, PlanVersion, Step
from polku.plans.services import plan_create


def key_for(worker: Worker, name: str = "Raportointi") -> str:
    return api_token_create(actor=worker, name=name)[1]


def with_key(key: str) -> HttpClient:
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {key}")


def api_as(worker: Worker) -> HttpClient:
    """An HTTP client that sends a new key of `worker`'s and no cookie."""
    return with_key(key_for(worker))


@pytest.fixture
def relationship(own_client: Client, social_worker: Worker) -> ClientRelationship:
    return ClientRelationship.objects.get(client=own_client, responsible_worker=social_worker)


@pytest.fixture
def intake(own_client: Client, guidance: Worker) -> Intake:
    """An intake about Sanna's client, in service guidance (Noora guides it)."""
    return make_intake(own_client, guidance)


@pytest.fixture
def plan(relationship: ClientRelationship, social_worker: Worker) -> ClientPlan:
    plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
    version = PlanVersion.objects.get(plan=plan)
    goal = Goal.objects.create(plan_version=version, client_words="Haluan oman kodin.")
    Step.objects.create(goal=goal, what="Soitan asuntotoimistoon", who="Eero")
    return plan


@pytest.fixture
def api_world(own_client: Client, intake: Intake, plan: ClientPlan, team: Any) -> dict[str, int]:
    """The id of one of everything an API URL can name, all in Järvilaakso."""
    return {
        "client_id": own_client.pk,
        "intake_id": intake.pk,
        "plan_id": plan.pk,
        "team_id": team.pk,
    }
