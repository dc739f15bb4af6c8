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
    MemberKind,
    PartnerKind,
    PartnerOrganisation,
    PartnerProfessional,
)
from polku.network.services import (
    agreement_agree,
    agreement_draft,
    agreement_save,
    agreement_task_add,
    consent_record,
    coordinator_name,
    meeting_part_write,
    meeting_plan,
    meeting_record,
    member_add,
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
    # In Polku a team lead adds partner professionals (services.partner_professional_add);
    # the demo's has a known password, so it is made here and credited to the first lead.
    lead = Worker.objects.filter(organisation=organisation, role=Role.TEAM_LEAD).order_by("pk").first()
    PartnerProfessional.objects.create(
        worker=partner_worker,
        partner=partners[0],
        added_by=lead,
        added_by_name=str(lead) if lead else "",
        added_at=timezone.now() if lead else None,
    )
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
    _network_and_agreement(worker, agreed, partner_worker)


def _network_and_agreement(worker: Worker, agreed: PlanVersion, partner_worker: Worker) -> None:
    """The network of the same client: the worker as the client coordinator, the employment
    partner (covered by the consent), the client's sister; and an agreed agreement."""
    relationship = agreed.plan.relationship
    client = agreed.plan.client
    me = member_add(
        actor=worker, relationship=relationship, data={"kind": MemberKind.WORKER, "worker": worker}
    )
    partner = member_add(
        actor=worker,
        relationship=relationship,
        data={"kind": MemberKind.PARTNER, "worker": partner_worker, "task": "työllisyysasiantuntija"},
    )
    member_add(
        actor=worker,
        relationship=relationship,
        data={
            "kind": MemberKind.SUPPORTER,
            "name": f"Anna {client.last_name}",
            "task": "sisko",
            "contact": "040 000 0001",
        },
    )
    coordinator_name(actor=worker, member=me)
    draft = agreement_draft(actor=worker, relationship=relationship)
    goal = agreed.goals.order_by("order").first()
    for member, what, when in (
        (partner, "Etsii työkokeilupaikan ja sopii sen asiakkaan kanssa.", "tammikuun loppuun mennessä"),
        (None, "Käy valmennuspajalla kolmena päivänä viikossa.", "joka viikko"),
        (me, "Tekee vuokrarästeistä maksusuunnitelman velkaneuvonnan kanssa.", "kuukauden sisällä"),
    ):
        agreement_task_add(
            actor=worker,
            agreement=draft,
            data={"member": member, "what": what, "schedule": when, "goal": goal},
        )
    draft = agreement_save(
        actor=worker,
        agreement=draft,
        version=draft.version,
        data={
            "schedule": "Kerran kuussa asiakkaan kotona.",
            "returns_on": timezone.localdate() + timedelta(days=60),
        },
    )
    agreement_agree(actor=worker, agreement=draft, version=draft.version)


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
