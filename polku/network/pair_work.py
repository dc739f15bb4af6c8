"""The multi-sector pair-work process (domain.md §4) as the relationship page shows it: need →
written consent → services mapped → joint assessment → joint plan → joint outreach meetings
→ evaluation. Each step is derived from what was recorded, never ticked by hand, so the list
cannot say a step was done when nothing shows it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of, decide, log_reads
from polku.access.models import View
from polku.assessment.models import Assessment, AssessmentStatus
from polku.casework.models import ClientRelationship
from polku.casework.process import Step, mark_current
from polku.core.models import Worker
from polku.network.models import ClientService, Consent, NetworkMeeting
from polku.plans.models import PlanStatus, PlanType, PlanVersion


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _shown(day: date | datetime) -> str:
    return date_format(timezone.localdate(day) if isinstance(day, datetime) else day, "j.n.Y")


@dataclass(frozen=True)
class _Recorded:
    """What the client's record holds for the process: five queries, whatever its size."""

    consents: list[Consent]
    services: list[ClientService]
    assessments: list[Assessment]
    versions: list[PlanVersion]
    meetings: list[NetworkMeeting]


def _recorded(relationship: ClientRelationship) -> _Recorded:
    client, org = relationship.client, relationship.organisation_id
    return _Recorded(
        consents=list(
            Consent.objects.filter(client=client, organisation_id=org, refused=False)
            .select_related("recorded_by")
            .order_by("recorded_at", "pk")
        ),
        services=list(
            ClientService.objects.filter(client=client, organisation_id=org)
            .select_related("recorded_by")
            .order_by("recorded_at", "pk")
        ),
        assessments=list(
            relationship.assessments.select_related("completed_by").order_by("completed_at", "pk")
        ),
        versions=list(
            PlanVersion.objects.filter(plan__relationship=relationship)
            .select_related("plan", "author")
            .order_by("agreed_at", "plan_id", "number")
        ),
        meetings=list(
            NetworkMeeting.objects.filter(client=client, organisation_id=org)
            .select_related("recorded_by")
            .order_by("starts_at", "pk")
        ),
    )


def _consent_before(recorded: _Recorded, moment: datetime | None) -> bool:
    """Whether a written consent had been recorded by `moment`: then the work was joint."""
    return moment is not None and any(c.recorded_at <= moment for c in recorded.consents)


def _need(relationship: ClientRelationship) -> Step:
    intake = relationship.intake
    detail = (
        _("Intake %(received)s; client relationship opened") % {"received": _shown(intake.received_at)}
        if intake
        else _("Client relationship opened")
    )
    return Step(
        "need",
        _("Need"),
        done_on=_day(relationship.opened_at),
        by=relationship.opened_by,
        detail=str(detail),
    )


def _consent(recorded: _Recorded, can: frozenset[Capability], client_id: int) -> Step:
    name = _("Written consent")
    if not recorded.consents:
        if Capability.MANAGE_CONSENTS in can:
            return Step(
                "consent",
                name,
                link=reverse("consent_new", args=[client_id]),
                link_label=_("Record the consent"),
            )
        return Step("consent", name)
    first = recorded.consents[0]
    today = timezone.localdate()
    in_force = any(
        c.revoked_at is None and c.valid_from <= today and (c.valid_until is None or c.valid_until >= today)
        for c in recorded.consents
    )
    return Step(
        "consent",
        name,
        done_on=_day(first.recorded_at),
        by=first.recorded_by,
        detail="" if in_force else str(_("No consent is in force now.")),
        link=reverse("consents", args=[client_id]),
        link_label=_("Consents"),
    )


def _services(recorded: _Recorded, can: frozenset[Capability], client_id: int) -> Step:
    name = _("Services mapped")
    link = reverse("services_map", args=[client_id])
    if not recorded.services:
        if Capability.EDIT_NETWORK in can:
            return Step("services", name, link=link, link_label=_("Services map"))
        return Step("services", name)
    checked = [s for s in recorded.services if s.checked_on]
    if checked:
        first = min(checked, key=lambda s: (s.checked_on, s.pk))
        done_on = first.checked_on
    else:
        first = recorded.services[0]
        done_on = _day(first.recorded_at)
    count = len(recorded.services)
    if checked:
        detail = ngettext(
            "%(count)d service mapped, %(checked)d checked with the client",
            "%(count)d services mapped, %(checked)d checked with the client",
            count,
        ) % {"count": count, "checked": len(checked)}
    else:
        detail = ngettext(
            "%(count)d service mapped, not yet checked with the client",
            "%(count)d services mapped, not yet checked with the client",
            count,
        ) % {"count": count}
    return Step(
        "services",
        name,
        done_on=done_on,
        by=first.recorded_by,
        detail=detail,
        link=link,
        link_label=_("Services map"),
    )


def _assessment(recorded: _Recorded, can: frozenset[Capability]) -> Step:
    completed = [a for a in recorded.assessments if a.status == AssessmentStatus.COMPLETED and a.completed_at]
    if completed:
        first = completed[0]
        joint = _consent_before(recorded, first.completed_at)
        name = _("Joint assessment") if joint else _("Service needs assessment")
        return Step(
            "assessment",
            name,
            done_on=_day(first.completed_at),
            by=first.completed_by,
            link=reverse("assessment_detail", args=[first.pk]),
            link_label=_("The assessment"),
        )
    name = _("Joint assessment")
    draft = next((a for a in recorded.assessments if a.is_draft), None)
    if draft is None:
        if Capability.WRITE_DOCUMENTS in can:
            return Step("assessment", name, link="#assessment-title", link_label=_("Start the assessment"))
        return Step("assessment", name)
    detail = _("Started on %(date)s, not completed yet") % {"date": _shown(draft.started_on)}
    if Capability.WRITE_DOCUMENTS in can:
        return Step(
            "assessment",
            name,
            detail=detail,
            link=reverse("assessment_detail", args=[draft.pk]),
            link_label=_("Continue the assessment"),
        )
    return Step("assessment", name, detail=detail)


def _plan(recorded: _Recorded, can: frozenset[Capability]) -> Step:
    agreed = [v for v in recorded.versions if v.status == PlanStatus.AGREED and v.agreed_at]
    if agreed:
        first = agreed[0]
        joint = first.plan.plan_type == PlanType.MULTI_SECTOR or _consent_before(recorded, first.agreed_at)
        return Step(
            "plan",
            _("Joint plan") if joint else _("Client plan"),
            done_on=_day(first.agreed_at),
            by=first.author,
            detail=str(first.plan.get_plan_type_display()).capitalize(),
            link=reverse("plan_detail", args=[first.plan_id]),
            link_label=_("The plan"),
        )
    name = _("Joint plan")
    draft = next((v for v in recorded.versions if v.is_draft), None)
    if draft is None:
        if Capability.WRITE_DOCUMENTS in can:
            return Step("plan", name, link="#plans-title", link_label=_("Make a client plan"))
        return Step("plan", name)
    detail = _("A draft is being prepared")
    if Capability.WRITE_DOCUMENTS in can:
        return Step(
            "plan",
            name,
            detail=str(detail),
            link=reverse("plan_detail", args=[draft.plan_id]),
            link_label=_("Continue the plan"),
        )
    return Step("plan", name, detail=str(detail))


def _meetings(recorded: _Recorded, can: frozenset[Capability], client_id: int) -> Step:
    name = _("Joint outreach meetings")
    held = [m for m in recorded.meetings if m.is_recorded]
    if held:
        first = held[0]
        detail = ngettext("%(count)d meeting recorded", "%(count)d meetings recorded", len(held)) % {
            "count": len(held)
        }
        return Step(
            "meetings",
            name,
            done_on=_day(first.starts_at),
            by=first.recorded_by,
            detail=detail,
            link=reverse("meetings", args=[client_id]),
            link_label=_("Joint meetings"),
        )
    planned = recorded.meetings[0] if recorded.meetings else None
    detail = (
        _("Planned for %(date)s, not recorded yet") % {"date": _shown(planned.starts_at)} if planned else ""
    )
    if Capability.EDIT_NETWORK not in can:
        return Step("meetings", name, detail=detail)
    if planned:
        link, label = reverse("meeting_detail", args=[planned.pk]), _("Record the meeting")
    else:
        link, label = reverse("meeting_new", args=[client_id]), _("Plan a meeting")
    return Step("meetings", name, detail=detail, link=link, link_label=label)


def _evaluation(recorded: _Recorded, can: frozenset[Capability]) -> Step:
    """The latest agreed evaluation (a plan version after the first): whether the work goes on
    is what matters now. Before one, when the next is due."""
    name = _("Evaluation of the plan")
    evaluated = [
        v for v in recorded.versions if v.number > 1 and v.status == PlanStatus.AGREED and v.agreed_at
    ]
    if evaluated:
        latest = evaluated[-1]
        outcome = {True: _("The work continues."), False: _("The work ends."), None: ""}[latest.continues]
        return Step(
            "evaluation",
            name,
            done_on=_day(latest.agreed_at),
            by=latest.author,
            detail=str(outcome),
            link=reverse("plan_detail", args=[latest.plan_id]),
            link_label=_("The plan"),
        )
    started = next((v for v in recorded.versions if v.number > 1 and v.is_draft), None)
    agreed = [v for v in recorded.versions if v.status == PlanStatus.AGREED]
    due = agreed[-1].next_review_on if agreed else None
    if started:
        detail, target = str(_("The evaluation has been started")), started
    elif due:
        detail, target = _("Next evaluation on %(date)s") % {"date": _shown(due)}, agreed[-1]
    else:
        return Step("evaluation", name)
    if Capability.WRITE_DOCUMENTS in can:
        return Step(
            "evaluation",
            name,
            detail=detail,
            link=reverse("plan_detail", args=[target.plan_id]),
            link_label=_("The plan"),
        )
    return Step("evaluation", name, detail=detail)


def pair_work_steps(*, worker: Worker, relationship: ClientRelationship) -> list[Step]:
    """The process on one client relationship, for a reader of the record. The page's own read
    (View.CASE) covers it: logged once per request, it adds no row to the page's read."""
    client = relationship.client
    basis = decide(worker=worker, client=client, capability=Capability.READ_RECORD)
    log_reads(worker=worker, reads=[(client, basis)], view=View.CASE)
    can = capabilities_of(worker, client)
    recorded = _recorded(relationship)
    steps = [
        _need(relationship),
        _consent(recorded, can, client.pk),
        _services(recorded, can, client.pk),
        _assessment(recorded, can),
        _plan(recorded, can),
        _meetings(recorded, can, client.pk),
        _evaluation(recorded, can),
    ]
    return mark_current(steps)
