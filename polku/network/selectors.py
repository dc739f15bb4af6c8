"""Every read about the client's network: only what the gate permits, each read logged."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.access.capabilities import Capability
from polku.access.gate import bases_of, client_get_for, decide, log_reads, permitted_clients
from polku.access.models import Basis, View
from polku.assessment.models import Assessment, AssessmentStatus
from polku.casework.models import ClientRelationship
from polku.casework.selectors import open_relationships_of_client
from polku.clients.models import Client
from polku.core.models import EnrolmentCode, Role, Worker, WorkerEvent
from polku.core.selectors import HISTORY_LENGTH, HistoryRow, describe, may_vouch_for_partner
from polku.network.bases import BASIS_OF
from polku.network.models import (
    Agreement,
    AgreementStatus,
    AgreementTask,
    ClientService,
    Consent,
    ConsentKind,
    ConsentQuerySet,
    CoordinationHandover,
    Information,
    MeetingStepTaken,
    MemberKind,
    NetworkMeeting,
    NetworkMember,
    PartnerOrganisation,
    PartnerProfessional,
)
from polku.network.steps import NextStep, next_steps_of
from polku.plans.models import ClientPlan, Goal, PlanStatus, PlanVersion
from polku.plans.selectors import version_of


def _with_parties(consents: QuerySet[Consent]) -> QuerySet[Consent]:
    return consents.select_related("recorded_by", "revoked_by").prefetch_related(
        "partners", Prefetch("partner_kinds", queryset=ConsentKind.objects.order_by("kind"))
    )


def partner_of(worker: Worker) -> PartnerOrganisation | None:
    membership = PartnerProfessional.objects.select_related("partner").filter(worker=worker).first()
    return membership.partner if membership else None


def consents_for(*, worker: Worker, client_id: int) -> tuple[Client, list[Consent]]:
    """The client's consents and refusals, newest first; a partner sees only those that
    cover their own organisation."""
    client, _basis = client_get_for(
        worker=worker, client_id=client_id, view=View.CONSENTS, capability=Capability.READ_CONSENTS
    )
    mine = Consent.objects.filter(client=client, organisation_id=worker.organisation_id)
    consents = cast(ConsentQuerySet, _with_parties(mine))
    partner = partner_of(worker)
    if partner is not None:
        consents = consents.covering(partner)
    return client, list(consents)


def consent_get_for(*, worker: Worker, consent_id: int, view: View, capability: Capability) -> Consent:
    consent = (
        Consent.objects.select_related("client")
        .filter(pk=consent_id, organisation_id=worker.organisation_id)
        .first()
    )
    if consent is None:
        raise Http404
    basis = decide(worker=worker, client=consent.client, capability=capability)
    partner = partner_of(worker)
    if partner is not None and not Consent.objects.covering(partner).filter(pk=consent.pk).exists():
        raise Http404
    log_reads(worker=worker, reads=[(consent.client, basis)], view=view)
    return consent


@dataclass
class PartnerClient:
    client: Client
    bases: list[Basis]
    valid_until: date | None

    @property
    def information(self) -> list[Information]:
        """What the partner may see of this client, as the consent names it."""
        return [item for item, basis in BASIS_OF.items() if basis in self.bases]


def partner_clients(*, worker: Worker) -> list[PartnerClient]:
    """The clients whose valid consent covers the partner's organisation, with what it covers."""
    bases = bases_of(worker)
    clients = list(permitted_clients(worker, Capability.READ_CONSENTS).order_by("last_name", "first_names"))
    log_reads(
        worker=worker,
        reads=[(c, bases.basis_for(c, Capability.READ_CONSENTS) or Basis.CONSENT_PLAN) for c in clients],
        view=View.PARTNER_CLIENTS,
    )
    partner = partner_of(worker)
    until: dict[int, date | None] = {}
    if partner is not None:
        valid = Consent.objects.valid_on(timezone.localdate()).covering(partner).filter(client__in=clients)
        for client_id, ends in valid.values_list("client_id", "valid_until"):
            if client_id in until and until[client_id] is None:
                continue  # an open-ended consent outlasts any dated one
            until[client_id] = None if ends is None else max(ends, until.get(client_id) or ends)
    return [PartnerClient(c, bases.all_for(c), until.get(c.pk)) for c in clients]


def completed_assessment_for(*, worker: Worker, client: Client) -> Assessment:
    """The client's latest completed assessment, for a partner whose consent covers it. To a
    partner whose consent does not, it does not exist (404): they learn nothing beyond it."""
    caps = bases_of(worker).capabilities(client)
    if Capability.READ_ASSESSMENT not in caps:
        raise Http404
    basis = decide(worker=worker, client=client, capability=Capability.READ_ASSESSMENT)
    assessment = (
        Assessment.objects.filter(client=client, status=AssessmentStatus.COMPLETED)
        .select_related("need_nature", "completed_by")
        .prefetch_related("support_needs")
        .order_by("-completed_at")
        .first()
    )
    if assessment is None:
        raise Http404
    log_reads(worker=worker, reads=[(client, basis)], view=View.ASSESSMENT)
    return assessment


REVOCATION_NOTICE_DAYS = 90


@dataclass
class Revocation:
    client_name: str
    revoked_at: datetime


def revocations_for(*, worker: Worker) -> list[Revocation]:
    """Consents covering the partner's organisation revoked in the last 90 days: the partner
    is told (consent law: the other parties are told of a revocation), by name and date only.
    The notice opens nothing; it is logged on a log-only basis."""
    partner = partner_of(worker)
    if partner is None:
        return []
    since = timezone.now() - timedelta(days=REVOCATION_NOTICE_DAYS)
    revoked = (
        Consent.objects.filter(organisation_id=worker.organisation_id, revoked_at__gte=since)
        .covering(partner)
        .select_related("client")
        .order_by("-revoked_at")
    )
    found = list(revoked)
    log_reads(
        worker=worker, reads=[(c.client, Basis.REVOCATION_NOTICE) for c in found], view=View.PARTNER_CLIENTS
    )
    return [Revocation(c.client.full_name, c.revoked_at) for c in found if c.revoked_at]


def agreed_plans_for(*, worker: Worker, client: Client) -> list[PlanVersion]:
    """The latest agreed version of each of the client's plans, for a reader with READ_PLAN."""
    basis = decide(worker=worker, client=client, capability=Capability.READ_PLAN)
    latest = (
        PlanVersion.objects.filter(plan__client=client, status=PlanStatus.AGREED)
        .order_by("plan_id", "-number")
        .values_list("plan_id", "number")
    )
    seen: dict[int, int] = {}
    for plan_id, number in latest:
        seen.setdefault(plan_id, number)
    versions = [version_of(PlanVersion.objects.get(plan_id=p, number=n).plan, n) for p, n in seen.items()]
    if versions:
        log_reads(worker=worker, reads=[(client, basis)], view=View.PLAN)
    return versions


@dataclass
class ServicesMap:
    client: Client
    current: list[ClientService]
    ended: list[ClientService]
    # Services of the same kind in use at once, to be reviewed with the client.
    overlapping: set[int]


def services_map_for(*, worker: Worker, client_id: int) -> ServicesMap:
    client, _basis = client_get_for(
        worker=worker, client_id=client_id, view=View.SERVICES_MAP, capability=Capability.READ_SERVICES
    )
    items = list(
        ClientService.objects.filter(client=client, organisation_id=worker.organisation_id).select_related(
            "service", "provider", "ended_by"
        )
    )
    current = [item for item in items if item.ended_on is None]
    by_kind: dict[int, list[ClientService]] = {}
    for item in current:
        by_kind.setdefault(item.service_id, []).append(item)
    overlapping = {item.pk for same in by_kind.values() if len(same) > 1 for item in same}
    ended = sorted(
        (item for item in items if item.ended_on), key=lambda i: i.ended_on or date.min, reverse=True
    )
    return ServicesMap(client, current, ended, overlapping)


def responsible_workers_of(*, client: Client) -> list[Worker]:
    """Who the client can ask about their services: the responsible workers of the open
    relationships. Call after services_map_for, whose read covers it."""
    return [r.responsible_worker for r in open_relationships_of_client(client_id=client.pk)]


def service_get_for(*, worker: Worker, service_id: int, capability: Capability) -> ClientService:
    item = (
        ClientService.objects.select_related("client", "service", "provider")
        .filter(pk=service_id, organisation_id=worker.organisation_id)
        .first()
    )
    if item is None:
        raise Http404
    basis = decide(worker=worker, client=item.client, capability=capability)
    log_reads(worker=worker, reads=[(item.client, basis)], view=View.SERVICES_MAP)
    return item


def meetings_for(*, worker: Worker, client_id: int) -> tuple[Client, list[NetworkMeeting]]:
    client, _basis = client_get_for(
        worker=worker, client_id=client_id, view=View.MEETING, capability=Capability.READ_MEETINGS
    )
    meetings = NetworkMeeting.objects.filter(client=client, organisation_id=worker.organisation_id)
    return client, list(meetings.select_related("planned_by", "recorded_by").prefetch_related("participants"))


# --- Partner professionals' accounts, for team leads (no client data) -------------------------


@dataclass
class PartnerGroup:
    partner: PartnerOrganisation
    professionals: list[PartnerProfessional]


@dataclass
class PartnerDirectory:
    groups: list[PartnerGroup]
    history: list[HistoryRow]


def _check_lead(lead: Worker) -> None:
    if not (lead.is_active and lead.role == Role.TEAM_LEAD):
        raise PermissionDenied


def partner_directory(lead: Worker) -> PartnerDirectory:
    """The organisation's partner organisations, in use first, each with its professionals
    (whose access is current first), and the history of the professionals' accounts: a
    constant number of queries."""
    _check_lead(lead)
    organisation_id = lead.organisation_id
    now = timezone.now()
    professionals = (
        PartnerProfessional.objects.filter(
            partner__organisation_id=organisation_id, worker__role=Role.PARTNER
        )
        .select_related("worker")
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("worker"), confirmed=True)),
            has_code=Exists(
                EnrolmentCode.objects.filter(
                    worker=OuterRef("worker"), used_at=None, voided_at=None, expires_at__gt=now
                )
            ),
        )
        .order_by("-worker__is_active", "worker__last_name", "worker__first_name")
    )
    by_partner: dict[int, list[PartnerProfessional]] = {}
    for professional in professionals:
        by_partner.setdefault(professional.partner_id, []).append(professional)
    partners = PartnerOrganisation.objects.filter(organisation_id=organisation_id).order_by("-active", "name")
    groups = [PartnerGroup(partner, by_partner.get(partner.pk, [])) for partner in partners]
    events = WorkerEvent.objects.filter(
        organisation_id=organisation_id, worker__partner__partner__organisation_id=organisation_id
    ).order_by("-at", "-id")[:HISTORY_LENGTH]
    return PartnerDirectory(groups, [HistoryRow(event, describe(event.changes)) for event in events])


def professional_for(*, lead: Worker, professional_id: int) -> PartnerProfessional:
    """A partner professional the lead vouches for: 404 for missing, another organisation's
    and a former partner who now has another role alike."""
    _check_lead(lead)
    professional = (
        PartnerProfessional.objects.select_related("worker", "partner")
        .filter(pk=professional_id, partner__organisation_id=lead.organisation_id)
        .first()
    )
    if professional is None or not may_vouch_for_partner(lead, professional.worker):
        raise Http404
    return professional


def meeting_get_for(*, worker: Worker, meeting_id: int, capability: Capability) -> NetworkMeeting:
    meeting = (
        NetworkMeeting.objects.select_related("client", "planned_by", "recorded_by")
        .prefetch_related(
            "participants__partner__partner",
            "contributions__author",
            Prefetch("taken_steps", queryset=MeetingStepTaken.objects.select_related("taken_by")),
        )
        .filter(pk=meeting_id, organisation_id=worker.organisation_id)
        .first()
    )
    if meeting is None:
        raise Http404
    basis = decide(worker=worker, client=meeting.client, capability=capability)
    log_reads(worker=worker, reads=[(meeting.client, basis)], view=View.MEETING)
    return meeting


def _partner_reads(worker: Worker, client: Client, capability: Capability) -> None:
    """What a partner's consent does not cover does not exist for them (decisions §53)."""
    if worker.role == Role.PARTNER and capability not in bases_of(worker).capabilities(client):
        raise Http404


def meeting_for_part(*, worker: Worker, meeting_id: int) -> NetworkMeeting:
    """A meeting whose record a participating partner adds their part to."""
    meeting = (
        NetworkMeeting.objects.select_related("client", "planned_by", "recorded_by")
        .prefetch_related("participants__partner__partner", "contributions__author", "taken_steps")
        .filter(pk=meeting_id, organisation_id=worker.organisation_id)
        .first()
    )
    if meeting is None:
        raise Http404
    _partner_reads(worker, meeting.client, Capability.READ_MEETINGS)
    basis = decide(worker=worker, client=meeting.client, capability=Capability.WRITE_MEETING_PART)
    log_reads(worker=worker, reads=[(meeting.client, basis)], view=View.MEETING)
    return meeting


def own_service_get_for(*, worker: Worker, service_id: int) -> ClientService:
    """A service of the partner's own organisation in the client's map, for its provider to
    update. Another provider's row they can see on the map, so it is 403, not 404."""
    item = (
        ClientService.objects.select_related("client", "service", "provider")
        .filter(pk=service_id, organisation_id=worker.organisation_id)
        .first()
    )
    if item is None:
        raise Http404
    _partner_reads(worker, item.client, Capability.READ_SERVICES)
    basis = decide(worker=worker, client=item.client, capability=Capability.UPDATE_OWN_SERVICE)
    partner = partner_of(worker)
    if partner is None or item.provider_id != partner.pk:
        raise PermissionDenied
    log_reads(worker=worker, reads=[(item.client, basis)], view=View.SERVICES_MAP)
    return item


@dataclass
class StepLine:
    """A line of the record's "who does what next", and whether it is already in the plan."""

    number: int
    proposal: NextStep
    taken: MeetingStepTaken | None


@dataclass
class StepsToPlan:
    meeting: NetworkMeeting
    lines: list[StepLine]
    drafts: list[PlanVersion]  # the client's draft plan versions, each with its goals
    has_plan: bool
    # Where the worker starts the evaluation, or makes the plan, when there is no draft:
    # only a plan or relationship they write (the responsible or pair worker, open).
    next_place: str | None = None


def meeting_steps_for(*, worker: Worker, meeting_id: int) -> StepsToPlan:
    """A recorded meeting's next steps beside the goals of the client's draft plan, for a
    worker who writes the plan."""
    meeting = meeting_get_for(worker=worker, meeting_id=meeting_id, capability=Capability.WRITE_DOCUMENTS)
    if not meeting.is_recorded:
        raise Http404
    taken = {t.line: t for t in meeting.taken_steps.select_related("taken_by", "step")}
    lines = [
        StepLine(number, proposal, taken.get(proposal.line))
        for number, proposal in enumerate(next_steps_of(meeting.next_steps))
    ]
    plans = PlanVersion.objects.filter(
        plan__client=meeting.client, plan__organisation_id=worker.organisation_id
    )
    drafts = list(
        plans.filter(status=PlanStatus.DRAFT)
        .select_related("plan")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("order", "pk")))
        .order_by("plan_id")
    )
    found = StepsToPlan(meeting, lines, drafts, has_plan=plans.exists())
    if not drafts:
        found.next_place = _where_to_start(worker, meeting.client)
    return found


def _where_to_start(worker: Worker, client: Client) -> str | None:
    relationships = ClientRelationship.objects.filter(client=client, closed_at__isnull=True).filter(
        Q(responsible_worker=worker) | Q(pair_worker=worker)
    )
    plan = ClientPlan.objects.filter(relationship__in=relationships).order_by("-created_at").first()
    if plan is not None:
        return reverse("plan_detail", args=[plan.pk]) + "#evaluation"
    relationship = relationships.first()
    return reverse("case_detail", args=[relationship.pk]) if relationship else None


def _members(queryset: QuerySet[NetworkMember]) -> QuerySet[NetworkMember]:
    return queryset.select_related("worker__partner__partner", "partner", "organisation")


@dataclass
class Network:
    relationship: ClientRelationship
    members: list[NetworkMember]
    handovers: list[CoordinationHandover]
    agreements: list[Agreement]
    # Partner members whose organisation no valid consent covers any more.
    uncovered: set[int]

    @property
    def client(self) -> Client:
        return self.relationship.client

    @property
    def coordinator(self) -> NetworkMember | None:
        return next((m for m in self.members if m.is_coordinator), None)

    @property
    def open_handover(self) -> CoordinationHandover | None:
        return next((h for h in self.handovers if h.is_open), None)

    @property
    def draft(self) -> Agreement | None:
        return next((a for a in self.agreements if a.is_draft), None)

    @property
    def agreed(self) -> Agreement | None:
        """The agreement in force: the latest agreed version."""
        return next((a for a in self.agreements if not a.is_draft), None)

    @property
    def earlier(self) -> list[Agreement]:
        """Agreed versions before the one in force, newest first."""
        return [a for a in self.agreements if not a.is_draft][1:]

    @property
    def last_declined(self) -> CoordinationHandover | None:
        """The latest handover, if it was declined: the sender needs to know."""
        latest = self.handovers[0] if self.handovers else None
        return latest if latest and latest.declined_at else None


def network_for(*, worker: Worker, relationship_id: int) -> Network:
    """The relationship's network: its members, the coordinator, handovers of the task and
    the agreement's versions. For the relationship's readers (READ_RECORD); the read is
    logged."""
    relationship = (
        ClientRelationship.objects.select_related("client", "responsible_worker", "pair_worker")
        .filter(pk=relationship_id, organisation_id=worker.organisation_id)
        .first()
    )
    if relationship is None:
        raise Http404
    basis = decide(worker=worker, client=relationship.client, capability=Capability.READ_RECORD)
    log_reads(worker=worker, reads=[(relationship.client, basis)], view=View.NETWORK)
    members = list(_members(NetworkMember.objects.filter(relationship=relationship, removed_at__isnull=True)))
    handovers = list(
        CoordinationHandover.objects.filter(relationship=relationship).select_related(
            "from_member__worker", "to_member__worker", "offered_by", "accepted_by"
        )
    )
    agreements = list(
        Agreement.objects.filter(relationship=relationship)
        .select_related("author", "agreed_by")
        .order_by("-number")
    )
    return Network(relationship, members, handovers, agreements, _uncovered(relationship.client, members))


def _uncovered(client: Client, members: list[NetworkMember]) -> set[int]:
    partners = [m for m in members if m.kind == MemberKind.PARTNER]
    if not partners:
        return set()
    valid = Consent.objects.filter(client=client, organisation_id=client.organisation_id).valid_on(
        timezone.localdate()
    )
    partner_ids = set(valid.values_list("partners", flat=True))
    kinds = set(ConsentKind.objects.filter(consent__in=valid).values_list("kind", flat=True))
    found = set()
    for member in partners:
        membership = getattr(member.worker, "partner", None)
        if membership is None or (
            membership.partner_id not in partner_ids and membership.partner.kind not in kinds
        ):
            found.add(member.pk)
    return found


def _partner_member(worker: Worker, relationship_id: int) -> bool:
    return NetworkMember.objects.filter(
        relationship_id=relationship_id, worker=worker, removed_at__isnull=True
    ).exists()


def agreement_get_for(*, worker: Worker, agreement_id: int, view: View = View.NETWORK) -> Agreement:
    """One version of the agreement with its lines. A partner sees an agreed version only,
    only as a member of the network, and only while the client's consent covers the plan;
    to anyone else it does not exist (404)."""
    agreement = (
        Agreement.objects.select_related("client", "relationship", "author", "agreed_by", "organisation")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=AgreementTask.objects.select_related(
                    "member__worker__partner__partner", "member__partner", "member__organisation", "goal"
                ),
            )
        )
        .filter(pk=agreement_id, organisation_id=worker.organisation_id)
        .first()
    )
    if agreement is None:
        raise Http404
    if worker.role == Role.PARTNER:
        covered = Capability.READ_AGREEMENT in bases_of(worker).capabilities(agreement.client)
        if not (
            covered
            and agreement.status == AgreementStatus.AGREED
            and _partner_member(worker, agreement.relationship_id)
        ):
            raise Http404
        basis = decide(worker=worker, client=agreement.client, capability=Capability.READ_AGREEMENT)
    else:
        basis = decide(worker=worker, client=agreement.client, capability=Capability.READ_RECORD)
    log_reads(worker=worker, reads=[(agreement.client, basis)], view=view)
    return agreement


def agreement_members(agreement: Agreement) -> list[dict[str, Any]]:
    """The network as the agreement shows it: as it was when agreed, or as it is now for a
    draft."""
    if not agreement.is_draft:
        return list(agreement.network)
    live = NetworkMember.objects.filter(relationship_id=agreement.relationship_id, removed_at__isnull=True)
    return [member.card() for member in _members(live)]


def coordinates(*, worker: Worker, client: Client) -> bool:
    """Whether the worker is the client coordinator of one of the client's relationships."""
    return NetworkMember.objects.filter(
        client=client, worker=worker, is_coordinator=True, removed_at__isnull=True
    ).exists()


def partner_agreements(*, worker: Worker, client: Client) -> list[Agreement]:
    """The agreed agreements in force that the partner may see for the client (as a member,
    within the consent). Nothing is logged here: opening one logs the read."""
    if Capability.READ_AGREEMENT not in bases_of(worker).capabilities(client):
        return []
    relationships = NetworkMember.objects.filter(
        client=client, worker=worker, removed_at__isnull=True
    ).values_list("relationship_id", flat=True)
    latest: dict[int, Agreement] = {}
    for agreement in Agreement.objects.filter(
        relationship_id__in=list(relationships), status=AgreementStatus.AGREED
    ).order_by("relationship_id", "-number"):
        latest.setdefault(agreement.relationship_id, agreement)
    return list(latest.values())


def coordination_offers_for(*, worker: Worker) -> list[CoordinationHandover]:
    """Coordinator tasks offered to the worker, waiting for their answer. A partner sees
    an offer only while the client's consent still covers their organisation."""
    offers = list(
        CoordinationHandover.objects.filter(
            organisation_id=worker.organisation_id,
            to_member__worker=worker,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            withdrawn_at__isnull=True,
        ).select_related("client", "from_member__worker", "offered_by")
    )
    bases = bases_of(worker)
    found = [o for o in offers if bases.basis_for(o.client, Capability.ANSWER_COORDINATION)]
    log_reads(
        worker=worker,
        reads=[
            (o.client, bases.basis_for(o.client, Capability.ANSWER_COORDINATION) or Basis.CONSENT_PLAN)
            for o in found
        ],
        view=View.NETWORK,
    )
    return found


def handover_get_for(*, worker: Worker, handover_id: int) -> CoordinationHandover:
    """A handover of the coordinator's task, for its named receiver or the relationship's
    workers."""
    handover = (
        CoordinationHandover.objects.select_related(
            "client", "relationship", "from_member__worker", "to_member__worker", "offered_by", "accepted_by"
        )
        .filter(pk=handover_id, organisation_id=worker.organisation_id)
        .first()
    )
    if handover is None:
        raise Http404
    bases = bases_of(worker)
    if handover.to_member.worker_id == worker.pk:
        capability = Capability.ANSWER_COORDINATION
    elif worker.role == Role.PARTNER:
        raise Http404
    else:
        capability = Capability.READ_RECORD
    if not bases.all_for(handover.client):
        raise Http404
    basis = decide(worker=worker, client=handover.client, capability=capability)
    log_reads(worker=worker, reads=[(handover.client, basis)], view=View.NETWORK)
    return handover
