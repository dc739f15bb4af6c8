"""A young adult in aftercare, Iida Nuorinen (20), whose responsible worker is Sanna Salo, and
helpers that take her through the stages by the services."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from polku.aftercare import services
from polku.aftercare.models import AftercareMeeting
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.clients.models import Client
from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.models import Organisation, Team, Worker
from polku.personas import make_client, make_relationship
from polku.plans.models import ClientPlan, PlannedService, PlanStatus, PlanType, PlanVersion


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def young(org: Organisation, team: Team) -> Client:
    today = timezone.localdate()
    return make_client(
        org, team, 5, first_names="Iida", last_name="Nuorinen", birth_date=date(today.year - 20, 1, 15)
    )


def make_aftercare(client: Client, responsible: Worker, pair: Worker | None = None) -> ClientRelationship:
    relationship = make_relationship(client, responsible, pair=pair)
    ClientRelationship.objects.filter(pk=relationship.pk).update(kind=RelationshipKind.AFTERCARE)
    relationship.refresh_from_db()
    return relationship


@pytest.fixture
def case(young: Client, social_worker: Worker) -> ClientRelationship:
    """Sanna is the only worker: the counsellor persona has no basis for Iida."""
    return make_aftercare(young, social_worker)


PREPARATION = {
    "place": "Nuorisotalo Nuppu",
    "mode": "in_person",
    "invited": "Iida\nSanna Salo\nTukihenkilö Marja",
    "peer_invited": True,
    "rights_info_on": None,
    "rights_info_how": "",
    "wishes": "Haluan oman asunnon ja opiskelupaikan.",
    "notes": "",
}


def prepare(case: ClientRelationship, actor: Worker, held_on: date, **changes: Any) -> AftercareMeeting:
    return services.preparation_record(
        actor=actor, relationship=case, held_on=held_on, data={**PREPARATION, **changes}
    )


def service_code(value: str = "20") -> Code:
    return Code.objects.get(code_set__oid=SERVICES, code=value)


def agreed_plan(
    case: ClientRelationship, made_on: date, services_count: int = 2, plan_type: str = PlanType.AFTERCARE
) -> PlanVersion:
    plan = ClientPlan.objects.create(
        organisation_id=case.organisation_id,
        client_id=case.client_id,
        relationship=case,
        plan_type=plan_type,
        created_by=case.responsible_worker,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=PlanStatus.AGREED,
        agreed_at=timezone.now(),
        made_on=made_on,
        author=case.responsible_worker,
    )
    for n in range(services_count):
        PlannedService.objects.create(
            plan_version=version, service=service_code(), provider=f"Palvelu {n + 1}"
        )
    return version


def plan_meeting(case: ClientRelationship, actor: Worker, held_on: date, **kwargs: Any) -> AftercareMeeting:
    version = kwargs.pop("plan_version", None) or agreed_plan(case, held_on)
    return services.plan_meeting_record(
        actor=actor, relationship=case, held_on=held_on, plan_version=version, **kwargs
    )


def all_delivered(version: PlanVersion) -> dict[int, tuple[str, str]]:
    return {s.pk: ("delivered", "") for s in version.services.all()}
