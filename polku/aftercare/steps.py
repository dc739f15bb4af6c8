"""The aftercare process as the relationship page shows it: preparation meeting → plan
meeting → follow-up meeting, each done when it is recorded, with 3X10D at each. What is done
says when and by whom; the first stage not done says what it needs and links to it."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.access.capabilities import Capability
from polku.access.gate import decide, log_reads
from polku.access.models import View
from polku.aftercare.models import ORDER, AftercareMeeting, Delivery, Stage
from polku.aftercare.selectors import meetings_of
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.casework.process import Step, mark_current
from polku.casework.selectors import writes_record
from polku.core.models import Worker
from polku.plans.models import PlanStatus, PlanType, PlanVersion

RECORD = {
    Stage.PREPARATION: gettext_lazy("Record the preparation meeting"),
    Stage.PLAN: gettext_lazy("Record the plan meeting"),
    Stage.FOLLOW_UP: gettext_lazy("Record the follow-up meeting"),
}


def _measure(meeting: AftercareMeeting) -> str:
    if meeting.measure_answer is None:
        return _("3X10D not filled in yet")
    return _("3X10D filled in %(date)s") % {"date": date_format(meeting.measure_answer.answered_on, "j.n.Y")}


def _what_was_recorded(meeting: AftercareMeeting) -> str:
    if meeting.stage == Stage.PREPARATION:
        rights = (
            _("written information on rights given %(date)s")
            % {"date": date_format(meeting.rights_info_on, "j.n.Y")}
            if meeting.rights_info_on
            else _("written information on rights not recorded as given")
        )
        return f"{meeting.place} ({meeting.get_mode_display()}) · {rights}"
    if meeting.stage == Stage.PLAN and meeting.plan_version:
        return _("Aftercare plan, version %(number)s") % {"number": meeting.plan_version.number}
    rows = list(meeting.services.all())
    if not rows:
        return _("The plan named no services")
    counts = {d: sum(1 for r in rows if r.delivery == d) for d in Delivery.values}
    return _("Services: %(delivered)s delivered, %(partly)s partly, %(not)s not delivered") % {
        "delivered": counts[Delivery.DELIVERED],
        "partly": counts[Delivery.PARTLY],
        "not": counts[Delivery.NOT_DELIVERED],
    }


def _plan_waiting(relationship: ClientRelationship) -> str:
    """Before the plan meeting is recorded: where the aftercare plan is."""
    statuses = set(
        PlanVersion.objects.filter(
            plan__relationship=relationship, plan__plan_type=PlanType.AFTERCARE
        ).values_list("status", flat=True)
    )
    if PlanStatus.AGREED in statuses:
        return _("The aftercare plan has been agreed: record the meeting")
    if PlanStatus.DRAFT in statuses:
        return _("The aftercare plan is being drafted")
    return _("No aftercare plan yet")


def aftercare_steps(*, worker: Worker, relationship: ClientRelationship) -> list[Step]:
    """The three stages on an aftercare relationship, for a reader of the record; nothing on
    any other. The page's own read (View.CASE) covers it. Two queries at most."""
    if relationship.kind != RelationshipKind.AFTERCARE:
        return []
    client = relationship.client
    log_reads(
        worker=worker,
        reads=[(client, decide(worker=worker, client=client, capability=Capability.READ_RECORD))],
        view=View.CASE,
    )
    meetings = meetings_of(relationship)
    may_write = writes_record(worker=worker, relationship=relationship)
    steps = []
    for stage in ORDER:
        link = reverse("aftercare_stage", args=[relationship.pk, stage.value])
        meeting = meetings.get(stage)
        if meeting:
            detail = f"{_what_was_recorded(meeting)} · {_measure(meeting)}"
            steps.append(
                Step(
                    stage.value,
                    capfirst(stage.label),
                    done_on=meeting.held_on,
                    by=meeting.recorded_by,
                    detail=detail,
                    link=link,
                    link_label=_("The meeting"),
                )
            )
            continue
        is_next = not steps or steps[-1].done
        detail = _plan_waiting(relationship) if stage == Stage.PLAN and is_next else ""
        shown = may_write and is_next
        steps.append(
            Step(
                stage.value,
                capfirst(stage.label),
                detail=detail,
                link=link if shown else "",
                link_label=RECORD[stage],
            )
        )
    return mark_current(steps)
