"""Plans through the API: read on the record's basis, logged as the plan page logs them."""

from typing import Any

import pytest

from polku.access.models import AccessLogEntry, Basis, View
from polku.api.tests.conftest import api_as
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Worker
from polku.plans.models import ClientPlan, Goal, PlanVersion, Step
from polku.plans.services import plan_create

pytestmark = pytest.mark.django_db


def test_a_clients_plans_and_one_plans_current_version(
    social_worker: Worker, own_client: Client, plan: ClientPlan
) -> None:
    http = api_as(social_worker)
    listing = http.get(f"/api/clients/{own_client.pk}/plans").json()
    assert listing["count"] == 1
    summary = listing["items"][0]
    assert (summary["id"], summary["plan_type"], summary["versions"]) == (plan.pk, "working_age", 1)
    assert summary["current_version"]["status"] == "draft"
    one = http.get(f"/api/plans/{plan.pk}").json()
    assert one["current_version"]["number"] == 1
    [goal] = one["current_version"]["goals"]
    assert goal["client_words"] == "Haluan oman kodin." and goal["aim"] == "1"
    assert [(s["what"], s["who"], s["done"]) for s in goal["steps"]] == [
        ("Soitan asuntotoimistoon", "Eero", False)
    ]
    reads = AccessLogEntry.objects.filter(worker_id=social_worker.pk).values_list("view", "basis")
    assert list(reads) == [(View.PLAN, Basis.RESPONSIBLE_WORKER)] * 2


def test_the_team_lead_reads_and_the_guidance_worker_is_refused(
    lead: Worker, guidance: Worker, own_client: Client, plan: ClientPlan, intake: Any
) -> None:
    """The lead's basis covers the record; guidance covers the intake only (403, not 404:
    she may see the client, not the plan)."""
    assert api_as(lead).get(f"/api/plans/{plan.pk}").status_code == 200
    http = api_as(guidance)
    assert http.get(f"/api/plans/{plan.pk}").status_code == 403
    assert http.get(f"/api/clients/{own_client.pk}/plans").status_code == 403
    assert not AccessLogEntry.objects.filter(worker_id=guidance.pk, view=View.PLAN).exists()


def test_the_plan_list_is_a_constant_number_of_queries(
    social_worker: Worker,
    own_client: Client,
    relationship: ClientRelationship,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(27):
        plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
        PlanVersion.objects.create(plan=plan, number=2, author=social_worker)
    http = api_as(social_worker)
    http.get("/api/me")
    with django_assert_max_num_queries(9) as first:
        page = http.get(f"/api/clients/{own_client.pk}/plans").json()
    assert len(page["items"]) == 25 and {i["current_version"]["number"] for i in page["items"]} == {2}
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(http.get(f"/api/clients/{own_client.pk}/plans", {"page": 2}).json()["items"]) == 2


def test_the_plan_is_a_constant_number_of_queries(
    social_worker: Worker, plan: ClientPlan, django_assert_max_num_queries: Any
) -> None:
    http = api_as(social_worker)
    http.get("/api/me")
    with django_assert_max_num_queries(16) as few:
        http.get(f"/api/plans/{plan.pk}")
    version = plan.versions.get()
    for number in range(10):
        goal = Goal.objects.create(plan_version=version, client_words=f"Tavoite {number}")
        Step.objects.bulk_create(Step(goal=goal, what=f"Askel {n}", who="minä") for n in range(3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(http.get(f"/api/plans/{plan.pk}").json()["current_version"]["goals"]) == 11
