"""Every read about the client's network: only what the gate permits, each read logged."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import bases_of, client_get_for, decide, log_reads, permitted_clients
from polku.access.models import Basis, View
from polku.assessment.models import Assessment, AssessmentStatus
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.network.bases import BASIS_OF
from polku.network.models import (
    ClientService,
    Consent,
    ConsentKind,
    ConsentQuerySet,
    Information,
    MeetingStepTaken,
    NetworkMeeting,
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
