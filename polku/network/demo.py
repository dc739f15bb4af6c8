"""The demo's network: partner organisations, an employment-services professional who signs
in, and one client's consent covering her plan for them. Loaded once (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from polku.clients.models import Client
from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.models import Organisation, Role, Worker
from polku.network.models import (
    HowGiven,
    MeetingPlace,
    PartnerKind,
    PartnerOrganisation,
    PartnerProfessional,
)
from polku.network.services import (
    consent_record,
    meeting_part_write,
    meeting_plan,
    meeting_record,
    service_add,
)
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
    worker = agreed.plan.relationship.responsible_worker
    client = agreed.plan.client
    consent_record(
        actor=agreed.plan.relationship.responsible_worker,
        client=agreed.plan.client,
        data={
            "given_by": "client",
            "plan": True,
            "meetings": True,
            "services": True,
            "purpose": "Työllistymistä tukevat palvelut yhdessä työllisyyspalvelujen kanssa.",
            "valid_from": today - timedelta(days=7),
            "valid_until": today + timedelta(days=358),
            "how_given": HowGiven.SIGNED,
        },
        partners=[partners[0]],
        kinds=[],
    )
    _services_and_meeting(worker, client, partners, partner_worker)


def _services_and_meeting(
    worker: Worker, client: Client, partners: list[PartnerOrganisation], partner_worker: Worker
) -> None:
    """Two job-coaching services of the same kind (flagged for review) and a debt adviser, and
    a joint meeting at the client's home held yesterday, with its record and the employment
    services' own part of it."""
    kinds = {code.code: code for code in Code.objects.filter(code_set__oid=SERVICES, code__in=["19", "20"])}
    today = timezone.localdate()
    for kind, provider, name, person, purpose in (
        ("20", partners[0], "", "Ville Valmentaja", "Työvalmennus"),
        ("20", None, "Valmennuspaja ry", "Paula Paja", "Työvalmennus pajalla"),
        ("19", None, "Talous- ja velkaneuvonta", "Vesa Velkaneuvoja", "Vuokrarästien maksusuunnitelma"),
    ):
        service_add(
            actor=worker,
            client=client,
            data={
                "service": kinds[kind],
                "provider": provider,
                "provider_name": name,
                "contact_person": person,
                "contact_how": "p. 040 000 0000",
                "since": today - timedelta(days=60),
                "purpose": purpose,
            },
        )
    yesterday = timezone.localtime().replace(hour=13, minute=0, second=0, microsecond=0) - timedelta(days=1)
    meeting = meeting_plan(
        actor=worker,
        client=client,
        data={
            "starts_at": yesterday,
            "ends_at": yesterday + timedelta(hours=1),
            "place": MeetingPlace.HOME,
            "place_details": "",
            "agenda": "Työnhaku ja asuminen",
            "supporters": "Sisko",
        },
        participants=[worker, partner_worker],
    )
    meeting = meeting_record(
        actor=worker,
        meeting=meeting,
        data={
            "client_came": True,
            "discussed": "Työvalmennusta on nyt kahdessa paikassa. Vuokrarästit.",
            "agreed": "Asiakas jatkaa pajalla; toisesta valmennuksesta puhutaan seuraavaksi.",
            "next_steps": f"{worker.get_full_name()} – soittaa valmennuspajalle – viikon sisällä",
        },
    )
    meeting_part_write(
        actor=partner_worker,
        meeting=meeting,
        text="Työllisyyspalvelut etsii työkokeilupaikan pajan rinnalle ja nimeää asiakkaalle valmentajan.",
    )
