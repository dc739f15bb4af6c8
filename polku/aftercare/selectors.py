"""Every read of the aftercare process goes through these selectors: the gate decides, and
the read is logged once as View.AFTERCARE. The relationship's readers (READ_RECORD) see the
meetings; its own workers (WRITE_DOCUMENTS) record them. Only an aftercare relationship has
the process: any other is 404."""

from dataclasses import dataclass, field

from django.http import Http404

from polku.access.capabilities import Capability
from polku.access.models import View
from polku.aftercare.models import AftercareMeeting, ServiceFollowUp, Stage
from polku.aftercare.services import THREE_X_TEN, order_refusal, previous_stage
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.casework.selectors import relationship_get_for, writes_record
from polku.core.models import Worker
from polku.measures.models import Instrument
from polku.measures.selectors import instruments_in_use
from polku.plans.models import PlannedService, PlanType, PlanVersion


def meetings_of(relationship: ClientRelationship) -> dict[str, AftercareMeeting]:
    """The recorded meetings by stage, in one query."""
    meetings = AftercareMeeting.objects.filter(relationship=relationship).select_related(
        "recorded_by", "plan_version__plan", "measure_answer"
    )
    return {m.stage: m for m in meetings}


@dataclass
class StagePage:
    relationship: ClientRelationship
    stage: Stage
    meetings: dict[str, AftercareMeeting]
    may_write: bool
    # The plan meeting: the relationship's aftercare plan versions (to make, go on or agree).
    plan_versions: list[PlanVersion] = field(default_factory=list)
    # The follow-up: the services agreed at the plan meeting, and what was recorded of them.
    services: list[PlannedService] = field(default_factory=list)
    follow_ups: list[ServiceFollowUp] = field(default_factory=list)

    @property
    def client(self) -> object:
        return self.relationship.client

    @property
    def meeting(self) -> AftercareMeeting | None:
        return self.meetings.get(self.stage)

    @property
    def waiting_for(self) -> Stage | None:
        """The earlier stage still to be recorded, if any."""
        previous = previous_stage(self.stage)
        return previous if previous is not None and previous not in self.meetings else None

    @property
    def waiting_text(self) -> str:
        return order_refusal(self.stage)

    @property
    def ready(self) -> bool:
        """Whether the stage can be recorded now: not yet recorded, the one before it is, and
        for the plan meeting an agreed aftercare plan exists."""
        if self.meeting is not None or self.waiting_for is not None:
            return False
        return self.stage != Stage.PLAN or bool(self.agreed_versions)

    @property
    def agreed_versions(self) -> list[PlanVersion]:
        agreed = [v for v in self.plan_versions if not v.is_draft]
        return sorted(agreed, key=lambda v: (v.agreed_at, v.pk), reverse=True)

    @property
    def draft(self) -> PlanVersion | None:
        return next((v for v in self.plan_versions if v.is_draft), None)


def stage_for(
    *, worker: Worker, relationship_id: int, stage: str, capability: Capability = Capability.READ_RECORD
) -> StagePage:
    """One stage's page: the meeting if recorded, what it needs, and whether the worker may
    record it. A constant number of queries, however many services the plan has."""
    if stage not in Stage.values:
        raise Http404
    relationship, _basis = relationship_get_for(
        worker=worker,
        relationship_id=relationship_id,
        capability=capability,
        view=View.AFTERCARE,
        kind=RelationshipKind.AFTERCARE,
    )
    page = StagePage(
        relationship=relationship,
        stage=Stage(stage),
        meetings=meetings_of(relationship),
        may_write=writes_record(worker=worker, relationship=relationship),
    )
    if page.stage == Stage.PLAN:
        page.plan_versions = list(
            PlanVersion.objects.filter(plan__relationship=relationship, plan__plan_type=PlanType.AFTERCARE)
            .select_related("plan")
            .order_by("plan__created_at", "number")
        )
    plan_meeting = page.meetings.get(Stage.PLAN)
    if page.stage == Stage.FOLLOW_UP and plan_meeting and plan_meeting.plan_version:
        page.services = list(plan_meeting.plan_version.services.select_related("service"))
    if page.stage == Stage.FOLLOW_UP and page.meeting:
        page.follow_ups = list(page.meeting.services.select_related("planned_service__service"))
    return page


def measure_form_for(
    *, worker: Worker, relationship_id: int, stage: str
) -> tuple[ClientRelationship, AftercareMeeting, Instrument]:
    """The recorded meeting of a stage and 3X10D's newest version in use, for the workers who
    write the record."""
    page = stage_for(
        worker=worker, relationship_id=relationship_id, stage=stage, capability=Capability.WRITE_DOCUMENTS
    )
    instrument = next((i for i in instruments_in_use() if i.key == THREE_X_TEN), None)
    if page.meeting is None or instrument is None:
        raise Http404
    return page.relationship, page.meeting, instrument
