"""The demo's network: partner organisations, an employment-services professional who signs
in, and one client's consent covering her plan for them. Loaded once (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from polku.core.models import Organisation, Role, Worker
from polku.network.models import HowGiven, PartnerKind, PartnerOrganisation, PartnerProfessional
from polku.network.services import consent_record
from polku.plans.models import PlanStatus, PlanVersion

PARTNERS = [
    ("Järvilaakson työllisyyspalvelut", PartnerKind.EMPLOYMENT),
    ("Kela, Järvilaakson palvelupiste", PartnerKind.KELA),
    ("Järvilaakson psykiatrian poliklinikka", PartnerKind.MENTAL_HEALTH),
    ("Järvilaakson setlementti ry", PartnerKind.NGO),
]
PARTNER_USER = ("tero", "Tero", "Törmänen", "Työllisyysasiantuntija")


def load_demo_network(organisation: Organisation, password: str) -> None:
    if PartnerOrganisation.objects.filter(organisation=organisation).exists():
        return
    partners = [
        PartnerOrganisation.objects.create(organisation=organisation, name=name, kind=kind)
        for name, kind in PARTNERS
    ]
    username, first, last, title = PARTNER_USER
    partner_worker = Worker.objects.create_user(
        username=username,
        password=password,
        organisation=organisation,
        role=Role.PARTNER,
        first_name=first,
        last_name=last,
        title=title,
        email=f"{username}@tyollisyys.example",
    )
    PartnerProfessional.objects.create(worker=partner_worker, partner=partners[0])
    agreed_plans = PlanVersion.objects.filter(
        plan__organisation=organisation, status=PlanStatus.AGREED
    ).select_related("plan__client", "plan__relationship__responsible_worker")
    # Sanna's client, so that the README's tour follows one worker.
    agreed = (
        agreed_plans.filter(plan__relationship__responsible_worker__username="sanna").first()
        or agreed_plans.order_by("pk").first()
    )
    if agreed is None:
        return
    today = timezone.localdate()
    consent_record(
        actor=agreed.plan.relationship.responsible_worker,
        client=agreed.plan.client,
        data={
            "given_by": "client",
            "plan": True,
            "meetings": True,
            "purpose": "Työllistymistä tukevat palvelut yhdessä työllisyyspalvelujen kanssa.",
            "valid_from": today - timedelta(days=7),
            "valid_until": today + timedelta(days=358),
            "how_given": HowGiven.SIGNED,
        },
        partners=[partners[0]],
        kinds=[],
    )
