"""Network personas: an employment-services partner, a Kela partner, and a consent helper."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from polku.clients.models import Client
from polku.core.models import Organisation, Role, Worker
from polku.network import services
from polku.network.models import Consent, HowGiven, PartnerKind, PartnerOrganisation, PartnerProfessional
from polku.personas import make_worker
from polku.plans.models import ClientPlan, PlanStatus, PlanType, PlanVersion


@pytest.fixture
def employment(org: Organisation) -> PartnerOrganisation:
    return PartnerOrganisation.objects.create(
        organisation=org, name="Järvilaakson työllisyyspalvelut", kind=PartnerKind.EMPLOYMENT
    )


@pytest.fixture
def kela(org: Organisation) -> PartnerOrganisation:
    return PartnerOrganisation.objects.create(
        organisation=org, name="Kela Järvilaakso", kind=PartnerKind.KELA
    )


def make_partner(org: Organisation, username: str, partner: PartnerOrganisation) -> Worker:
    worker = make_worker(org, username, Role.PARTNER, [])
    PartnerProfessional.objects.create(worker=worker, partner=partner)
    return worker


@pytest.fixture
def employment_partner(org: Organisation, employment: PartnerOrganisation) -> Worker:
    return make_partner(org, "tero_tyollisyys", employment)


@pytest.fixture
def kela_partner(org: Organisation, kela: PartnerOrganisation) -> Worker:
    return make_partner(org, "kaija_kela", kela)


def give_consent(
    actor: Worker, client: Client, partners: list[PartnerOrganisation], **fields: Any
) -> Consent:
    kinds = fields.pop("kinds", [])
    information = fields.pop("information", ["plan"])
    data = {
        "refused": False,
        "given_by": "client",
        "purpose": "Työllistymisen tuki yhdessä työllisyyspalvelujen kanssa.",
        "valid_from": timezone.localdate(),
        "valid_until": timezone.localdate() + timedelta(days=365),
        "how_given": HowGiven.SIGNED,
        **dict.fromkeys(information, True),
        **fields,
    }
    return services.consent_record(actor=actor, client=client, data=data, partners=partners, kinds=kinds)


@pytest.fixture
def agreed_plan(own_client: Client, social_worker: Worker) -> PlanVersion:
    relationship = own_client.relationships.get()
    plan = ClientPlan.objects.create(
        organisation_id=own_client.organisation_id,
        client=own_client,
        relationship=relationship,
        plan_type=PlanType.WORKING_AGE,
        created_by=social_worker,
    )
    return PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=PlanStatus.AGREED,
        agreed_at=timezone.now(),
        situation="Asiakas etsii työtä ja asuntoa.",
        author=social_worker,
    )
