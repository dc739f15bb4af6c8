"""What the client sees on their own pages, and what the client's worker sees of what the
client did there. The client's reads look only within the signed-in client's own data and
only at what is meant for them: the agreed plan, their own workers, upcoming meetings,
their own words and answers, and who has viewed their data."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of, require_own
from polku.access.models import AccessLogEntry, Basis
from polku.access.selectors import report_rows
from polku.casework.models import ClientRelationship
from polku.core.models import Worker
from polku.network.models import NetworkMeeting
from polku.participation.models import ActionKind, ClientAction, ClientCode, ClientSignIn
from polku.plans.models import ClientPlan, Factor, PlanStatus, PlanVersion

# Why someone could see the client's data, as the client reads it in their access report.
PLAIN_BASIS: dict[str, Any] = {
    Basis.RESPONSIBLE_WORKER: _("They are your own worker."),
    Basis.PAIR_WORKER: _("They work with you as the second worker."),
    Basis.TEAM_LEAD: _("They lead the team that works with you."),
    Basis.DUTY_PAIR: _("They were on duty and decided who helps you."),
    Basis.GUIDANCE: _("They gave service guidance about your contact."),
    Basis.CONSULTATION: _("Your worker asked them for advice."),
    Basis.HANDOVER: _("Your client relationship was offered to them."),
    Basis.TRANSFER: _("They lead a team your client relationship was offered to."),
    Basis.REGISTRAR: _("They recorded your contact or a notification about you."),
    Basis.BREAK_GLASS: _(
        "They opened your data for an urgent reason and wrote the reason down. This is checked afterwards."
    ),
    Basis.REGISTRATION_CHECK: _("They checked that you were not already registered."),
    Basis.BREAK_GLASS_REVIEW: _("They checked afterwards why your data was opened for an urgent reason."),
    Basis.EXISTENCE_CHECK: _("They checked whether you were registered."),
    Basis.OWN_DISTRIBUTION: _("They were on duty and looked at whom they had given a worker."),
    Basis.REVOCATION_NOTICE: _("They were told that you took back your consent."),
    Basis.CONSENT_PLAN: _("You gave your consent that they may see your plan."),
    Basis.CONSENT_ASSESSMENT: _("You gave your consent that they may see your service needs assessment."),
    Basis.CONSENT_MEETINGS: _("You gave your consent that they may see the records of joint meetings."),
    Basis.CONSENT_SERVICES: _("You gave your consent that they may see your services."),
    Basis.CONSENT_CONTACT: _("You gave your consent that they may see your contact details."),
}


def current_versions(client_id: int) -> QuerySet[PlanVersion]:
    """The plan versions the client follows now: the newest agreed version of each plan of an
    open client relationship. A draft under way (an evaluation) is not the client's yet."""
    newer = PlanVersion.objects.filter(
        plan_id=OuterRef("plan_id"), status=PlanStatus.AGREED, number__gt=OuterRef("number")
    )
    return PlanVersion.objects.filter(
        plan__client_id=client_id, plan__relationship__closed_at__isnull=True, status=PlanStatus.AGREED
    ).filter(~Exists(newer))


@dataclass
class Meeting:
    starts: date | datetime
    what: Any
    where: str


@dataclass
class Home:
    client: Any
    workers: list[Worker]
    meetings: list[Meeting]
    plans: list[PlanVersion]


def home(*, sign_in: ClientSignIn) -> Home:
    client = require_own(sign_in=sign_in, capability=Capability.READ_OWN)
    relationships = list(
        ClientRelationship.objects.filter(
            client=client, organisation_id=sign_in.organisation_id, closed_at__isnull=True
        ).select_related("responsible_worker", "pair_worker")
    )
    workers: list[Worker] = []
    for relationship in relationships:
        for worker in (relationship.responsible_worker, relationship.pair_worker):
            if worker is not None and worker not in workers:
                workers.append(worker)
    versions = list(current_versions(client.pk).select_related("plan").order_by("plan_id"))
    today, now = timezone.localdate(), timezone.now()
    meetings = [
        Meeting(v.next_review_on, _("We look at your plan together"), v.next_review_place)
        for v in versions
        if v.next_review_on and v.next_review_on >= today
    ]
    for meeting in NetworkMeeting.objects.filter(
        client=client, organisation_id=sign_in.organisation_id, starts_at__gte=now
    ).order_by("starts_at")[:5]:
        where = ", ".join(str(part) for part in (meeting.get_place_display(), meeting.place_details) if part)
        meetings.append(Meeting(meeting.starts_at, _("Meeting with your network"), where))
    meetings.sort(key=lambda m: m.starts if isinstance(m.starts, datetime) else _start_of(m.starts))
    return Home(client, workers, meetings, versions)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def plan(*, sign_in: ClientSignIn, plan_id: int) -> PlanVersion | None:
    """The plan version the client follows, with goals, helping and hindering factors and
    steps; None when the plan is not the client's or not agreed yet (the page says so)."""
    client = require_own(sign_in=sign_in, capability=Capability.READ_OWN)
    return (
        current_versions(client.pk)
        .filter(plan_id=plan_id)
        .select_related("plan__relationship__responsible_worker", "plan__relationship__pair_worker")
        .prefetch_related(
            "goals__steps",
            Prefetch("goals__factors", queryset=Factor.objects.select_related("factor")),
        )
        .first()
    )


def _latest_words(plan: ClientPlan) -> dict[tuple[str, int | None], ClientAction]:
    """The client's latest words about the plan, per kind and goal (the earlier are history)."""
    latest: dict[tuple[str, int | None], ClientAction] = {}
    for action in ClientAction.objects.filter(
        plan=plan, kind__in=[ActionKind.TOPICS, ActionKind.GOAL_VIEW]
    ).order_by("at", "pk"):
        latest[(action.kind, action.goal_id)] = action
    return latest


def own_words(plan: ClientPlan) -> dict[int | None, str]:
    """What the client wrote to talk about (key None) and their view of each goal (key: the
    goal's id), as the form shows them again."""
    return {
        None if kind == ActionKind.TOPICS else goal_id: action.text
        for (kind, goal_id), action in _latest_words(plan).items()
        if kind == ActionKind.TOPICS or goal_id is not None
    }


@dataclass
class ClientWords:
    about: str
    text: str
    at: datetime
    is_topics: bool


def words_for_worker(*, plan: ClientPlan) -> list[ClientWords]:
    """What the client wrote before the plan meeting, latest per goal, for the plan's page
    (the caller has already read the plan through the gate). A goal the evaluation carried
    into a new version is shown under its words as the client saw them."""
    latest = _latest_words(plan)
    return [
        ClientWords(a.about, a.text, a.at, a.kind == ActionKind.TOPICS)
        for a in sorted(latest.values(), key=lambda a: (a.kind != ActionKind.TOPICS, a.at))
        if a.text
    ]


def step_marks(*, plan: ClientPlan) -> dict[int, ClientAction]:
    """The client's latest tick of each step of the plan, for showing who marked it."""
    marks: dict[int, ClientAction] = {}
    for action in ClientAction.objects.filter(
        plan=plan, kind__in=[ActionKind.STEP_DONE, ActionKind.STEP_UNDONE], step__isnull=False
    ).order_by("at", "pk"):
        if action.step_id is not None:
            marks[action.step_id] = action
    return marks


@dataclass
class ReportLine:
    at: datetime
    who: str
    title: str
    what: str
    why: str
    times: int = 1


def access_report(*, sign_in: ClientSignIn, page_number: int | str = 1) -> Page[ReportLine]:
    """Who has viewed the client's data, when, what and why, in plain words (Act 703/2023 §
    11): the period the client may ask for without a special reason, newest first."""
    client = require_own(sign_in=sign_in, capability=Capability.READ_OWN_ACCESS_REPORT)
    since = timezone.now() - timedelta(days=settings.ACCESS_LOG_CLIENT_REPORT_DAYS)
    entries = AccessLogEntry.objects.filter(
        organisation_id=sign_in.organisation_id, client_id=client.pk, at__gte=since
    ).order_by("-at", "-id")
    page = Paginator(entries, 50).get_page(page_number)
    # A worker who opens the same page several times a day is one line (report_rows).
    lines = [
        ReportLine(
            r.at,
            r.worker_name,
            r.worker_title,
            r.get_view_display(),
            str(PLAIN_BASIS.get(r.basis, "")),
            r.times,
        )
        for r in report_rows(page.object_list)
    ]
    return Page(lines, page.number, page.paginator)  # type: ignore[arg-type]


@dataclass
class OwnPages:
    """The client's own pages as the client's worker sees them on the relationship's page."""

    may_invite: bool
    live_code: ClientCode | None
    last_sign_in: ClientSignIn | None
    signed_in_now: bool
    actions: list[ClientAction]


def own_pages_for(*, worker: Worker, relationship: ClientRelationship) -> OwnPages | None:
    """For the relationship's page (already read through the gate): the code in force, the
    latest sign-in and the latest things the client did. None for a reader of the page who
    does not read the client's record."""
    client = relationship.client
    capabilities = capabilities_of(worker, client)
    if Capability.READ_RECORD not in capabilities:
        return None
    may_invite = (
        relationship.is_open
        and worker.pk in (relationship.responsible_worker_id, relationship.pair_worker_id)
        and Capability.INVITE_CLIENT in capabilities
    )
    own = ClientAction.objects.filter(client=client, organisation_id=relationship.organisation_id)
    last = ClientSignIn.objects.filter(client=client, organisation_id=relationship.organisation_id).first()
    return OwnPages(
        may_invite=may_invite,
        live_code=ClientCode.objects.filter(
            client=client, used_at=None, voided_at=None, expires_at__gt=timezone.now()
        ).first(),
        last_sign_in=last,
        signed_in_now=last is not None and last.ended_at is None and last.expires_at > timezone.now(),
        actions=list(own.select_related("sign_in")[:5]),
    )
