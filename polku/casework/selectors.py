"""Reads of client relationships, through the gate and logged."""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of, decide, log_reads
from polku.access.models import Basis, View
from polku.casework.bases import handover_cutoff
from polku.casework.models import (
    CaseMeetingItem,
    ClientRelationship,
    Consultation,
    Handover,
    JournalEntry,
    Reminder,
)
from polku.core.models import Team, Worker
from polku.intake.models import QuadrantRating

PAGE_SIZE = 25


def my_clients(*, worker: Worker, page_number: int | str = 1) -> Page[Any]:
    """The worker's open client relationships, as responsible or pair worker; new clients
    (assigned to them and not yet opened) first."""
    relationships = (
        ClientRelationship.objects.filter(Q(responsible_worker=worker) | Q(pair_worker=worker))
        .filter(organisation_id=worker.organisation_id, closed_at__isnull=True)
        .select_related("client", "responsible_worker", "pair_worker", "intake")
        .annotate(
            is_new=Case(
                When(responsible_worker=worker, seen_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_new", "client__last_name", "client__first_names", "pk")
    )
    page: Page[Any] = Paginator(relationships, PAGE_SIZE).get_page(page_number)
    _add_plan_dates(list(page.object_list))
    log_reads(
        worker=worker,
        reads=[
            (
                r.client,
                Basis.RESPONSIBLE_WORKER if r.responsible_worker_id == worker.pk else Basis.PAIR_WORKER,
            )
            for r in page.object_list
        ],
        view=View.CASE_LIST,
    )
    return page


def _add_plan_dates(relationships: list[Any]) -> None:
    """Each relationship's next plan evaluation and its overdue steps, in two queries for the
    whole page: the worker's own list shows what is coming and what is late."""
    from polku.plans.models import PlanVersion, Step

    latest: dict[int, Any] = {}
    for version in (
        PlanVersion.objects.filter(plan__relationship__in=relationships)
        .order_by("plan__created_at", "number")
        .select_related("plan")
    ):
        latest[version.plan.relationship_id] = version
    overdue: dict[int, int] = {}
    for step in Step.objects.filter(
        goal__plan_version__in=list(latest.values()), done=False, due_on__lt=timezone.localdate()
    ).select_related("goal__plan_version__plan"):
        key = step.goal.plan_version.plan.relationship_id
        overdue[key] = overdue.get(key, 0) + 1
    today = timezone.localdate()
    for relationship in relationships:
        current = latest.get(relationship.pk)
        relationship.next_review_on = current.next_review_on if current else None
        relationship.review_overdue = bool(
            current and current.next_review_on and current.next_review_on < today
        )
        relationship.overdue_steps = overdue.get(relationship.pk, 0)


REMINDERS_SHOWN = 20


def _reminders(worker: Worker) -> Any:
    """The worker's reminders that are not done, only while the relationship is open and
    they are still its responsible or pair worker: after a handover the old worker's
    reminders are no longer theirs. An overdue step done since is no longer a reminder."""
    return (
        Reminder.objects.filter(worker=worker, done_at__isnull=True, relationship__closed_at__isnull=True)
        .filter(Q(relationship__responsible_worker=worker) | Q(relationship__pair_worker=worker))
        .exclude(step__done=True)
    )


def reminders_for(*, worker: Worker) -> tuple[list[Reminder], bool]:
    """The first reminders by date, and whether there are more; each client's name shown is
    read on the worker's own basis."""
    found = list(
        _reminders(worker)
        .select_related("client", "relationship", "step")
        .order_by("due_on", "pk")[: REMINDERS_SHOWN + 1]
    )
    more = len(found) > REMINDERS_SHOWN
    found = found[:REMINDERS_SHOWN]
    log_reads(
        worker=worker,
        reads=[
            (
                r.client,
                Basis.RESPONSIBLE_WORKER
                if r.relationship.responsible_worker_id == worker.pk
                else Basis.PAIR_WORKER,
            )
            for r in found
        ],
        view=View.CASE_LIST,
    )
    return found, more


def reminder_get_for(*, worker: Worker, reminder_id: int) -> Reminder:
    """One of the worker's own open reminders; anyone else's is 404. Reads no client data."""
    reminder = _reminders(worker).filter(pk=reminder_id).first()
    if reminder is None:
        raise Http404
    return reminder


def relationship_get_for(
    *,
    worker: Worker,
    relationship_id: int,
    capability: Capability = Capability.READ_RECORD,
    view: View = View.CASE,
    kind: str | None = None,
) -> tuple[ClientRelationship, Basis]:
    """The relationship, if the worker may `capability` with its client; the read is logged as
    `view`. A page that exists only for one kind of relationship passes `kind`: any other is
    404, before anything is read."""
    found = ClientRelationship.objects.select_related(
        "client", "client__team", "responsible_worker", "pair_worker", "intake", "team", "opened_by"
    ).filter(pk=relationship_id, organisation_id=worker.organisation_id)
    relationship = (found.filter(kind=kind) if kind else found).first()
    if relationship is None:
        raise Http404
    basis = decide(worker=worker, client=relationship.client, capability=capability)
    log_reads(worker=worker, reads=[(relationship.client, basis)], view=view)
    return relationship, basis


def writes_record(*, worker: Worker, relationship: ClientRelationship) -> bool:
    """Whether the worker writes the client's documents on this relationship: its responsible
    or pair worker while it is open, with the gate's WRITE_DOCUMENTS (as the write services
    check, `services.check_worker`). For showing only the actions that will work."""
    return (
        relationship.is_open
        and worker.pk in (relationship.responsible_worker_id, relationship.pair_worker_id)
        and Capability.WRITE_DOCUMENTS in capabilities_of(worker, relationship.client)
    )


@dataclass
class CaseDetails:
    ratings: list[QuadrantRating]
    consultations: list[Consultation]
    handovers: list[Handover]
    case_meeting_items: list[CaseMeetingItem]
    assessments: list[Any]
    plans: list[Any]
    journal: list[Any]

    @property
    def has_draft_assessment(self) -> bool:
        return any(a.is_draft for a in self.assessments)


def case_details(*, relationship: ClientRelationship) -> CaseDetails:
    """Everything recorded on a relationship; call after relationship_get_for."""
    return CaseDetails(
        ratings=list(relationship.quadrant_ratings.select_related("rated_by")),
        consultations=list(relationship.consultations.select_related("consultant", "requested_by")),
        handovers=list(relationship.handovers.select_related("from_worker", "to_worker")),
        case_meeting_items=list(CaseMeetingItem.objects.filter(relationship=relationship)),
        assessments=list(relationship.assessments.all()),
        plans=list(relationship.plans.all()),
        journal=list(relationship.journal.select_related("author", "goal")[:20]),
    )


def current_goals(*, relationship: ClientRelationship) -> Any:
    """The goals of the latest version of the relationship's plans, for tying notes to."""
    from polku.plans.models import Goal, PlanVersion

    latest = PlanVersion.objects.filter(plan__relationship=relationship).order_by(
        "-plan__created_at", "-number"
    )
    first = latest.first()
    return Goal.objects.filter(plan_version=first) if first else Goal.objects.none()


def open_relationships_of_client(*, client_id: int) -> list[ClientRelationship]:
    """For the client page, after the gate has let the worker see the client."""
    return list(
        ClientRelationship.objects.filter(client_id=client_id, closed_at__isnull=True).select_related(
            "responsible_worker", "pair_worker", "intake"
        )
    )


def consultations_for(*, worker: Worker) -> list[Consultation]:
    """Consultations asked of the worker that are still open. Names the clients: the
    consultation is the worker's basis, and each is logged."""
    found = list(
        Consultation.objects.filter(consultant=worker, expires_at__gt=timezone.now())
        .select_related("client", "requested_by", "relationship")
        .order_by("expires_at")
    )
    log_reads(worker=worker, reads=[(c.client, Basis.CONSULTATION) for c in found], view=View.CASE_LIST)
    return found


def handovers_for(*, worker: Worker) -> list[Handover]:
    found = list(
        Handover.objects.filter(
            to_worker=worker,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            offered_at__gt=handover_cutoff(timezone.now()),
        )
        .select_related("client", "from_worker", "relationship")
        .order_by("offered_at")
    )
    log_reads(worker=worker, reads=[(h.client, Basis.HANDOVER) for h in found], view=View.CASE_LIST)
    return found


def case_meeting_items(*, team: Team) -> list[CaseMeetingItem]:
    """The team's case meeting list: anonymised, so no client is read."""
    return list(
        CaseMeetingItem.objects.filter(team=team).select_related("brought_by", "advice_recorded_by")[:50]
    )


def consultation_get_for(*, worker: Worker, consultation_id: int) -> Consultation:
    """A consultation asked of the worker, while it lasts; its client's name is read."""
    consultation = (
        Consultation.objects.select_related("client", "requested_by")
        .filter(pk=consultation_id, consultant=worker, expires_at__gt=timezone.now())
        .first()
    )
    if consultation is None:
        raise Http404
    log_reads(worker=worker, reads=[(consultation.client, Basis.CONSULTATION)], view=View.CASE)
    return consultation


def handover_get_for(*, worker: Worker, handover_id: int) -> Handover:
    handover = (
        Handover.objects.select_related("client", "from_worker")
        .filter(
            pk=handover_id,
            to_worker=worker,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            offered_at__gt=handover_cutoff(timezone.now()),
        )
        .first()
    )
    if handover is None:
        raise Http404
    log_reads(worker=worker, reads=[(handover.client, Basis.HANDOVER)], view=View.CASE)
    return handover


@dataclass
class Overview:
    """One view of the client's situation, for the client page."""

    relationships: list[ClientRelationship]
    plan: Any
    plan_version: Any
    next_steps: list[Any]
    journal: list[Any]
    open_intakes: list[Any]
    assessment_due: Any


def client_overview(*, client_id: int, include_record: bool) -> Overview:
    """Call only after the gate has let the worker see the client (the read is logged there).
    The plan and the journal only when the worker's basis covers the record."""
    from polku.assessment.models import Assessment
    from polku.intake.models import OPEN_STAGES, Intake
    from polku.plans.models import PlanVersion, Step

    relationships = open_relationships_of_client(client_id=client_id)
    version = None
    if include_record:
        version = (
            PlanVersion.objects.filter(plan__client_id=client_id, plan__relationship__closed_at__isnull=True)
            .select_related("plan")
            .prefetch_related("goals__steps", "services__service", "people")
            .order_by("-plan__created_at", "-number")
            .first()
        )
    steps = (
        list(
            Step.objects.filter(goal__plan_version=version, done=False)
            .select_related("goal")
            .order_by("due_on", "pk")[:8]
        )
        if version
        else []
    )
    assessed = set(
        Assessment.objects.filter(relationship__in=relationships).values_list("relationship_id", flat=True)
    )
    due = next((r.intake for r in relationships if r.intake_id and r.pk not in assessed), None)
    journal = (
        JournalEntry.objects.filter(client_id=client_id)
        .select_related("author")
        .order_by("-happened_on", "-pk")
    )
    return Overview(
        relationships=relationships,
        plan=version.plan if version else None,
        plan_version=version,
        next_steps=steps,
        journal=list(journal[:5]) if include_record else [],
        open_intakes=list(
            Intake.objects.filter(client_id=client_id, stage__in=OPEN_STAGES).order_by("start_by")
        ),
        assessment_due=due,
    )
