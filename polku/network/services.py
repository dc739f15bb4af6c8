"""Every write about the client's network: each asks the gate inside the service."""

import re
import unicodedata
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import bases_of, capabilities_of, require
from polku.casework.models import ClientRelationship
from polku.casework.services import check_worker
from polku.clients.models import Client
from polku.core.history import record_change, snapshot
from polku.core.models import CLIENT_WORK_ROLES, EnrolmentCode, Role, Worker, WorkerEvent
from polku.core.selectors import may_vouch_for_partner
from polku.core.services import record_event
from polku.core.versioning import save_if_current
from polku.network import files
from polku.network.models import (
    Agreement,
    AgreementStatus,
    AgreementTask,
    ClientService,
    Consent,
    ConsentGiver,
    ConsentKind,
    CoordinationHandover,
    EndDecidedBy,
    HowGiven,
    Information,
    MeetingContribution,
    MeetingPlace,
    MeetingStepTaken,
    MemberKind,
    NetworkMeeting,
    NetworkMember,
    PartnerOrganisation,
    PartnerProfessional,
)
from polku.network.selectors import partner_of
from polku.network.steps import NextStep, next_steps_of, parse_due
from polku.plans.models import Goal, PlanStatus, PlanVersion, Step
from polku.plans.services import check_draft, step_date_errors

Locked = TypeVar("Locked", bound=models.Model)

CONSENT_FIELDS = [
    "refused",
    "given_by",
    "given_by_name",
    *[item.value for item in Information],
    "purpose",
    "valid_from",
    "valid_until",
    "how_given",
    "witness",
]


def _client_for(actor: Worker, client: Client, capability: Capability) -> Client:
    current = Client.objects.filter(pk=client.pk, organisation_id=actor.organisation_id).first()
    if current is None:
        raise Http404
    require(actor=actor, client=current, capability=capability)
    return current


def _check(data: dict[str, Any], partners: list[PartnerOrganisation], kinds: list[str]) -> None:
    errors: dict[str, str] = {}
    if not partners and not kinds:
        errors["partners"] = _("Choose the organisations, or the kinds of organisation, the consent is for.")
    if not any(data.get(item.value) for item in Information):
        errors["plan"] = _("Choose what information the consent covers.")
    if not str(data.get("purpose", "")).strip():
        errors["purpose"] = _("Write what the information is shared for.")
    until = data.get("valid_until")
    if until and until < data["valid_from"]:
        errors["valid_until"] = _("The end date cannot be before the start date.")
    if data.get("given_by") != ConsentGiver.CLIENT and not str(data.get("given_by_name", "")).strip():
        errors["given_by_name"] = _("Write the name of the guardian or representative.")
    if data.get("how_given") == HowGiven.ORALLY and not str(data.get("witness", "")).strip():
        errors["witness"] = _("An oral consent needs a witness: write their name.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consent_record(
    *,
    actor: Worker,
    client: Client,
    data: dict[str, Any],
    partners: list[PartnerOrganisation],
    kinds: list[str],
    form_file: UploadedFile | None = None,
) -> Consent:
    """Record the client's consent, or refusal, as the client gave it."""
    current = _client_for(actor, client, Capability.MANAGE_CONSENTS)
    if any(p.organisation_id != actor.organisation_id for p in partners):
        raise Http404
    _check(data, partners, kinds)
    consent = Consent(
        organisation_id=actor.organisation_id,
        client=current,
        recorded_by=actor,
        **{name: data[name] for name in CONSENT_FIELDS if name in data},
    )
    if form_file is not None:
        consent.form_file, consent.form_type = files.store(form_file)
    consent.full_clean(exclude=["client", "organisation", "recorded_by"])
    consent.save()
    consent.partners.set(partners)
    ConsentKind.objects.bulk_create([ConsentKind(consent=consent, kind=kind) for kind in sorted(set(kinds))])
    after = snapshot(consent, CONSENT_FIELDS) | {
        "partners": sorted(str(p) for p in partners),
        "kinds": sorted(set(kinds)),
    }
    record_change(
        actor=actor, instance=consent, client_id=current.pk, action="create", before={}, after=after
    )
    return consent


@transaction.atomic
def consent_revoke(*, actor: Worker, consent: Consent, revoked_through: str, note: str = "") -> Consent:
    """The client revokes a consent, through any party: access ends on the next request."""
    current = _lock(Consent.objects.select_related("client"), consent.pk, actor)
    require(actor=actor, client=current.client, capability=Capability.RECORD_REVOCATION)
    partner = partner_of(actor)
    if partner is not None and not Consent.objects.covering(partner).filter(pk=current.pk).exists():
        raise Http404  # a partner records the revocation of a consent that covers them only
    if current.refused:
        raise ValidationError(_("A refusal cannot be revoked: record a new consent instead."))
    if current.revoked_at is not None:
        raise ValidationError(_("This consent has already been revoked."))
    if not revoked_through.strip():
        raise ValidationError({"revoked_through": _("Write through whom the client revoked the consent.")})
    before = snapshot(current, ["revoked_at", "revoked_through", "revocation_note"])
    current.revoked_at = timezone.now()
    current.revoked_by = actor
    current.revoked_through = revoked_through.strip()
    current.revocation_note = note.strip()
    current.save(update_fields=["revoked_at", "revoked_by", "revoked_through", "revocation_note"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="revoke",
        before=before,
        after=snapshot(current, ["revoked_at", "revoked_through", "revocation_note"]),
    )
    return current


SERVICE_FIELDS = [
    "service",
    "provider",
    "provider_name",
    "contact_person",
    "contact_how",
    "since",
    "purpose",
    "in_use",
    "checked_on",
]


def _check_service(actor: Worker, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    provider = data.get("provider")
    if provider is not None and provider.organisation_id != actor.organisation_id:
        raise Http404
    if provider is None and not str(data.get("provider_name", "")).strip():
        errors["provider_name"] = _("Choose the provider from the network or write its name.")
    if not str(data.get("purpose", "")).strip():
        errors["purpose"] = _("Write what the service is for.")
    today = timezone.localdate()
    if data.get("since") and data["since"] > today:
        errors["since"] = _("The start cannot be in the future.")
    if data.get("checked_on") and data["checked_on"] > today:
        errors["checked_on"] = _("The date it was checked with the client cannot be in the future.")
    if data.get("in_use") is not None and not data.get("checked_on"):
        errors["checked_on"] = _("Write when you checked this with the client.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def service_add(*, actor: Worker, client: Client, data: dict[str, Any]) -> ClientService:
    """Add a service or contact to the client's services map."""
    current = _client_for(actor, client, Capability.EDIT_NETWORK)
    _check_service(actor, data)
    item = ClientService(
        organisation_id=actor.organisation_id,
        client=current,
        recorded_by=actor,
        **{name: data.get(name) for name in SERVICE_FIELDS if name in data},
    )
    item.full_clean(exclude=["client", "organisation", "recorded_by"])
    item.save()
    record_change(
        actor=actor,
        instance=item,
        client_id=current.pk,
        action="create",
        before={},
        after=snapshot(item, SERVICE_FIELDS),
    )
    return item


def _lock(queryset: QuerySet[Locked], pk: int, actor: Worker) -> Locked:
    """The row as it is now, locked for this transaction (only its own table: a nullable
    join cannot be locked on PostgreSQL), if it is in the actor's organisation; 404 if not.
    The caller then asks the gate what the actor may do with it."""
    current = (
        queryset.select_for_update(of=("self",)).filter(pk=pk, organisation_id=actor.organisation_id).first()
    )
    if current is None:
        raise Http404
    return current


def _locked_service(actor: Worker, item: ClientService, capability: Capability) -> ClientService:
    current = _lock(ClientService.objects.select_related("client"), item.pk, actor)
    require(actor=actor, client=current.client, capability=capability)
    return current


def _not_ended(item: ClientService) -> None:
    if item.ended_on is not None:
        raise ValidationError(_("This service has already ended."))


def _record_use(actor: Worker, current: ClientService, in_use: bool, checked_on: date) -> ClientService:
    _not_ended(current)
    if checked_on > timezone.localdate():
        raise ValidationError(
            {"checked_on": _("The date it was checked with the client cannot be in the future.")}
        )
    before = snapshot(current, ["in_use", "checked_on"])
    current.in_use, current.checked_on = in_use, checked_on
    current.save(update_fields=["in_use", "checked_on"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="check",
        before=before,
        after=snapshot(current, ["in_use", "checked_on"]),
    )
    return current


def _end(
    actor: Worker, current: ClientService, ended_on: date, reason: str, decided_by: str
) -> ClientService:
    _not_ended(current)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Write why the service ends.")
    if decided_by not in EndDecidedBy.values:
        errors["decided_by"] = _("Choose who decided.")
    if ended_on > timezone.localdate():
        errors["ended_on"] = _("The end cannot be in the future.")
    elif current.since and ended_on < current.since:
        errors["ended_on"] = _("The end cannot be before the service began.")
    if errors:
        raise ValidationError(errors)
    fields = ["ended_on", "end_reason", "end_decided_by"]
    before = snapshot(current, fields)
    current.ended_on, current.end_reason, current.end_decided_by = ended_on, reason.strip(), decided_by
    current.ended_by = actor
    current.save(update_fields=[*fields, "ended_by"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="end",
        before=before,
        after=snapshot(current, fields),
    )
    return current


@transaction.atomic
def service_check(*, actor: Worker, item: ClientService, in_use: bool, checked_on: date) -> ClientService:
    """Record whether the client actually uses the service, as checked with the client."""
    current = _locked_service(actor, item, Capability.EDIT_NETWORK)
    return _record_use(actor, current, in_use, checked_on)


@transaction.atomic
def service_end(
    *, actor: Worker, item: ClientService, ended_on: date, reason: str, decided_by: str
) -> ClientService:
    """End a service in the map: why, and who decided (the client's choice comes first)."""
    current = _locked_service(actor, item, Capability.EDIT_NETWORK)
    return _end(actor, current, ended_on, reason, decided_by)


def _partner_may(actor: Worker, client: Client, *, read: Capability, write: Capability) -> None:
    """A partner's own write within a consent. What the consent does not cover does not exist
    for the partner (404, decisions §53); what they may see but not change is 403."""
    if actor.role == Role.PARTNER and read not in capabilities_of(actor, client):
        raise Http404
    require(actor=actor, client=client, capability=write)


def _own_service(actor: Worker, item: ClientService) -> ClientService:
    """The provider's professional changes only their own organisation's rows: the others'
    they see on the map (READ_SERVICES), so changing one is "may see, may not do" (403)."""
    current = _lock(ClientService.objects.select_related("client"), item.pk, actor)
    _partner_may(actor, current.client, read=Capability.READ_SERVICES, write=Capability.UPDATE_OWN_SERVICE)
    partner = partner_of(actor)
    if partner is None or current.provider_id != partner.pk:
        raise PermissionDenied
    return current


@transaction.atomic
def own_service_check(*, actor: Worker, item: ClientService, in_use: bool, checked_on: date) -> ClientService:
    """The provider records whether the client uses its service, as checked with the client."""
    return _record_use(actor, _own_service(actor, item), in_use, checked_on)


@transaction.atomic
def own_service_end(*, actor: Worker, item: ClientService, ended_on: date, reason: str) -> ClientService:
    """The provider ends its own service: the decision is the provider's, and it says why."""
    return _end(actor, _own_service(actor, item), ended_on, reason, EndDecidedBy.PROVIDER)


MEETING_FIELDS = ["starts_at", "ends_at", "place", "place_details", "agenda", "supporters"]


def _check_participants(actor: Worker, participants: list[Worker]) -> None:
    if any(p.organisation_id != actor.organisation_id for p in participants):
        raise Http404


@transaction.atomic
def meeting_plan(
    *, actor: Worker, client: Client, data: dict[str, Any], participants: list[Worker]
) -> NetworkMeeting:
    """Plan a joint outreach meeting: where the client chooses, with whom, about what."""
    current = _client_for(actor, client, Capability.EDIT_NETWORK)
    _check_participants(actor, participants)
    errors: dict[str, str] = {}
    if data["ends_at"] <= data["starts_at"]:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if (
        data["place"] in (MeetingPlace.CLIENT_CHOICE, MeetingPlace.REMOTE)
        and not data.get("place_details", "").strip()
    ):
        errors["place_details"] = _("Write the address, or the link of the remote meeting.")
    if errors:
        raise ValidationError(errors)
    meeting = NetworkMeeting.objects.create(
        organisation_id=actor.organisation_id,
        client=current,
        planned_by=actor,
        **{
            name: data.get(name, "")
            for name in ("starts_at", "ends_at", "place", "place_details", "agenda", "supporters")
        },
    )
    meeting.participants.set(participants)
    record_change(
        actor=actor,
        instance=meeting,
        client_id=current.pk,
        action="create",
        before={},
        after=snapshot(meeting, MEETING_FIELDS) | {"participants": sorted(str(p) for p in participants)},
    )
    return meeting


RECORD_FIELDS = ["client_came", "discussed", "agreed", "next_steps"]


@transaction.atomic
def meeting_record(*, actor: Worker, meeting: NetworkMeeting, data: dict[str, Any]) -> NetworkMeeting:
    """Record what happened: what was discussed and agreed, who does what next — or that the
    client did not come."""
    current = _lock(NetworkMeeting.objects.select_related("client"), meeting.pk, actor)
    require(actor=actor, client=current.client, capability=Capability.EDIT_NETWORK)
    if current.starts_at > timezone.now():
        raise ValidationError(_("A meeting is recorded after it has begun."))
    if data.get("client_came") is None:
        raise ValidationError({"client_came": _("Tell whether the client came.")})
    if data["client_came"] and not str(data.get("discussed", "")).strip():
        raise ValidationError({"discussed": _("Write what was discussed.")})
    before = snapshot(current, RECORD_FIELDS)
    for name in RECORD_FIELDS:
        setattr(current, name, data.get(name, "") if name != "client_came" else data["client_came"])
    current.recorded_by, current.recorded_at = actor, timezone.now()
    current.save(update_fields=[*RECORD_FIELDS, "recorded_by", "recorded_at"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="record",
        before=before,
        after=snapshot(current, RECORD_FIELDS),
    )
    return current


def _locked_meeting(actor: Worker, meeting: NetworkMeeting) -> NetworkMeeting:
    return _lock(NetworkMeeting.objects.select_related("client"), meeting.pk, actor)


@transaction.atomic
def meeting_part_write(*, actor: Worker, meeting: NetworkMeeting, text: str) -> MeetingContribution:
    """A participating partner writes, or corrects, their organisation's part of the record:
    what they bring and what their organisation agreed to do. Only a participant, only under
    a valid consent to meeting records, only after the meeting has begun."""
    current = _locked_meeting(actor, meeting)
    _partner_may(actor, current.client, read=Capability.READ_MEETINGS, write=Capability.WRITE_MEETING_PART)
    partner = partner_of(actor)
    if partner is None or not current.participants.filter(pk=actor.pk).exists():
        raise PermissionDenied
    if current.starts_at > timezone.now():
        raise ValidationError(_("Your part of the record is written after the meeting has begun."))
    if not text.strip():
        raise ValidationError({"text": _("Write your organisation's part of the meeting.")})
    part = MeetingContribution.objects.filter(meeting=current, author=actor).first()
    before = snapshot(part, ["partner_name", "text"]) if part else {}
    if part is None:
        part = MeetingContribution(organisation_id=actor.organisation_id, meeting=current, author=actor)
    part.partner_name, part.text = partner.name, text.strip()
    part.save()
    record_change(
        actor=actor,
        instance=part,
        client_id=current.client_id,
        action="update" if before else "create",
        before=before,
        after=snapshot(part, ["partner_name", "text"]),
    )
    return part


def _step_from(
    proposal: dict[str, Any], current: NetworkMeeting, lines: dict[str, NextStep], taken: set[str]
) -> tuple[Step | None, dict[str, str]]:
    """One chosen line as a step of a draft plan's goal, or why it cannot be."""
    line = proposal["line"]
    if line not in lines:
        return None, {"line": _("This line is no longer in the record. Reload the page.")}
    if line in taken:
        return None, {"line": _("This line has already been taken into the plan.")}
    goal = proposal.get("goal")
    if goal is None:
        return None, {"goal": _("Choose the goal the step goes under.")}
    if goal.pk is None:
        return None, {"goal": _("This goal has been removed from the plan meanwhile. Choose another.")}
    if goal.plan_version.status != PlanStatus.DRAFT:
        return None, {"goal": _("This goal's plan version has been agreed meanwhile. Choose another.")}
    due_text = proposal.get("due_text", "").strip()
    due_on = parse_due(due_text, after=current.starts_at.date()) if due_text else None
    what = proposal.get("what", "").strip()
    if due_text and due_on is None:
        what = f"{what} ({due_text})"  # a "by when" that is not a date stays in the step's text
    step = Step(goal=goal, who=proposal.get("who", "").strip(), what=what, due_on=due_on)
    errors: dict[str, str] = {}
    if not step.who:
        errors["who"] = _("Write who does it.")
    if not proposal.get("what", "").strip():
        errors["what"] = _("Write what is done.")
    elif len(step.what) > Step._meta.get_field("what").max_length:  # type: ignore[operator]
        errors["what"] = _("Shorten the text to at most 300 characters.")
    if len(step.who) > 200:
        errors["who"] = _("Shorten the text to at most 200 characters.")
    errors |= step_date_errors(step, goal.plan_version)
    return step, errors


def _with_current_goals(proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chosen goals as they are now, their plan versions locked: a version agreed or a
    goal removed since the page was shown is refused by line, not written into."""
    ids = {p["goal"].pk for p in proposals if p.get("goal") is not None}
    versions = PlanVersion.objects.select_for_update().filter(goals__pk__in=ids)
    locked = {version.pk: version for version in versions.select_related("plan__relationship")}
    goals = {goal.pk: goal for goal in Goal.objects.filter(pk__in=ids)}
    for goal in goals.values():
        goal.plan_version = locked[goal.plan_version_id]
    removed = Goal(client_words="")  # pk None: refused as removed
    return [
        {**p, "goal": goals.get(p["goal"].pk, removed) if p.get("goal") is not None else None}
        for p in proposals
    ]


@transaction.atomic
def meeting_steps_to_plan(
    *, actor: Worker, meeting: NetworkMeeting, proposals: list[dict[str, Any]]
) -> list[Step]:
    """Agreed next steps of a recorded meeting become steps of the client's draft plan in one
    action: all of them or, if one is refused, none (each refusal says why, by line).

    Each proposal: the record's `line`, the draft plan's `goal`, and `who`, `what` and
    `due_text` as the worker left them."""
    current = _locked_meeting(actor, meeting)
    require(actor=actor, client=current.client, capability=Capability.WRITE_DOCUMENTS)
    if not current.is_recorded:
        raise ValidationError(_("The meeting has not been recorded yet."))
    if not proposals:
        raise ValidationError(_("Choose at least one line to take into the plan."))
    lines = {item.line: item for item in next_steps_of(current.next_steps)}
    taken = set(current.taken_steps.values_list("line", flat=True))
    proposals = _with_current_goals(proposals)
    goals = [p["goal"] for p in proposals if p.get("goal") is not None and p["goal"].pk is not None]
    if any(goal.plan_version.plan.client_id != current.client_id for goal in goals):
        raise Http404
    for version in {goal.plan_version for goal in goals}:
        if version.is_draft:  # a version agreed meanwhile is refused by line, below
            check_draft(actor, version)
    steps: list[Step] = []
    errors: dict[str, list[str]] = {}
    for index, proposal in enumerate(proposals):
        step, refused = _step_from(proposal, current, lines, taken)
        for field, message in refused.items():
            errors.setdefault(f"{index}-{field}", []).append(message)
        if step is not None:
            steps.append(step)
        taken.add(proposal["line"])
    if errors:
        raise ValidationError(errors)
    for step, proposal in zip(steps, proposals, strict=True):  # no refusal: one step per line
        step.full_clean()
        step.save()
        record_change(
            actor=actor,
            instance=step,
            client_id=current.client_id,
            action="create",
            before={},
            after={"item": str(step), "from_meeting": current.pk},
        )
        MeetingStepTaken.objects.create(meeting=current, line=proposal["line"], step=step, taken_by=actor)
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="steps_to_plan",
        before={},
        after={"taken_into_plan": [p["line"] for p in proposals]},
    )
    return steps


def _relationship_for(actor: Worker, relationship: ClientRelationship) -> ClientRelationship:
    """The relationship as it is now; its own workers edit its network while it is open."""
    current = _lock(ClientRelationship.objects.select_related("client"), relationship.pk, actor)
    check_worker(actor, current, Capability.EDIT_NETWORK)
    return current


def covered(client: Client, member: NetworkMember) -> bool:
    """Whether a partner member's organisation is still covered by the client's consent."""
    membership = getattr(member.worker, "partner", None)
    return membership is not None and consent_covers(client, membership.partner)


def consent_covers(client: Client, partner: PartnerOrganisation) -> bool:
    """Whether a consent of the client, valid today, covers the partner organisation."""
    return (
        Consent.objects.filter(client=client, organisation_id=client.organisation_id)
        .valid_on(timezone.localdate())
        .covering(partner)
        .exists()
    )


MEMBER_FIELDS = ["kind", "worker", "partner", "name", "task", "contact"]


def _check_member(actor: Worker, relationship: ClientRelationship, data: dict[str, Any]) -> None:
    kind, worker, partner = data.get("kind"), data.get("worker"), data.get("partner")
    for other in (worker, partner):
        if other is not None and other.organisation_id != actor.organisation_id:
            raise Http404
    errors: dict[str, str] = {}
    if kind in (MemberKind.WORKER, MemberKind.PARTNER):
        if worker is None or not worker.is_active:
            errors["worker"] = _("Choose the person.")
        elif kind == MemberKind.WORKER and worker.role not in CLIENT_WORK_ROLES:
            errors["worker"] = _("Choose a worker of the county.")
        elif kind == MemberKind.PARTNER:
            membership = PartnerProfessional.objects.select_related("partner").filter(worker=worker).first()
            if worker.role != Role.PARTNER or membership is None:
                errors["worker"] = _("Choose a partner professional.")
            elif not consent_covers(relationship.client, membership.partner):
                errors["worker"] = _(
                    "The client's valid consent does not cover %(partner)s. Record the client's "
                    "consent first: without it nothing can be shared with them."
                ) % {"partner": membership.partner.name}
        if (
            "worker" not in errors
            and relationship.network_members.filter(worker=worker, removed_at__isnull=True).exists()
        ):
            errors["worker"] = _("This person is already in the network.")
    elif kind in (MemberKind.PROFESSIONAL, MemberKind.SUPPORTER):
        if not str(data.get("name", "")).strip():
            errors["name"] = _("Write the person's name.")
        if kind == MemberKind.SUPPORTER and not str(data.get("task", "")).strip():
            errors["task"] = _("Write who the person is to the client, e.g. mother or volunteer.")
    else:
        errors["kind"] = _("Choose who the member is.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_add(*, actor: Worker, relationship: ClientRelationship, data: dict[str, Any]) -> NetworkMember:
    """Add a member to the client's network: a worker, a partner professional, a
    professional without a sign-in, or a private supporter."""
    current = _relationship_for(actor, relationship)
    _check_member(actor, current, data)
    kind = data["kind"]
    signs_in = kind in (MemberKind.WORKER, MemberKind.PARTNER)
    member = NetworkMember.objects.create(
        organisation_id=actor.organisation_id,
        relationship=current,
        client=current.client,
        kind=kind,
        worker=data["worker"] if signs_in else None,
        partner=data.get("partner") if kind == MemberKind.PROFESSIONAL else None,
        name="" if signs_in else str(data.get("name", "")).strip(),
        task=str(data.get("task", "")).strip(),
        contact=str(data.get("contact", "")).strip(),
        added_by=actor,
    )
    record_change(
        actor=actor,
        instance=member,
        client_id=current.client_id,
        action="create",
        before={},
        after=snapshot(member, MEMBER_FIELDS),
    )
    return member


def _locked_member(actor: Worker, member: NetworkMember) -> NetworkMember:
    current = _lock(NetworkMember.objects.filter(removed_at__isnull=True), member.pk, actor)
    _relationship_for(actor, current.relationship)
    return current


def _open_handover(relationship_id: int) -> CoordinationHandover | None:
    return CoordinationHandover.objects.filter(
        relationship_id=relationship_id,
        accepted_at__isnull=True,
        declined_at__isnull=True,
        withdrawn_at__isnull=True,
    ).first()


@transaction.atomic
def member_remove(*, actor: Worker, member: NetworkMember) -> NetworkMember:
    """Take a member out of the network; the agreement's earlier versions keep their name."""
    current = _locked_member(actor, member)
    if current.is_coordinator:
        raise ValidationError(_("The client coordinator cannot be removed: hand the task over first."))
    handover = _open_handover(current.relationship_id)
    if handover is not None and current.pk in (handover.from_member_id, handover.to_member_id):
        raise ValidationError(
            _("The coordinator's task is being handed over to this member: withdraw it first.")
        )
    current.removed_at, current.removed_by = timezone.now(), actor
    current.save(update_fields=["removed_at", "removed_by"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="remove",
        before={"removed_at": None},
        after={"removed_at": current.removed_at.isoformat()},
    )
    return current


@transaction.atomic
def coordinator_name(*, actor: Worker, member: NetworkMember) -> NetworkMember:
    """Name the first client coordinator. Once there is one, the task changes only by an
    escorted handover, which the new coordinator accepts."""
    current = _locked_member(actor, member)
    if current.kind == MemberKind.SUPPORTER:
        raise ValidationError(_("A private supporter cannot be the client coordinator."))
    if current.relationship.network_members.filter(is_coordinator=True, removed_at__isnull=True).exists():
        raise ValidationError(
            _("The client already has a coordinator: the task changes by an escorted handover.")
        )
    if current.worker_id is not None and current.worker_id != actor.pk:
        # Someone who signs in takes the task themself: name yourself, then offer it to them.
        raise ValidationError(
            _(
                "Someone who signs in to Polku accepts the task themself: name yourself the "
                "coordinator first, then offer the task to them."
            )
        )
    current.is_coordinator = True
    current.save(update_fields=["is_coordinator"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="coordinator",
        before={"is_coordinator": False},
        after={"is_coordinator": True},
    )
    return current


@transaction.atomic
def coordination_offer(
    *, actor: Worker, relationship: ClientRelationship, to_member: NetworkMember, note: str
) -> CoordinationHandover:
    """Offer the coordinator's task to a named member (saattaen vaihtaen). Until the
    receiver accepts, the present coordinator stays responsible."""
    current = _relationship_for(actor, relationship)
    members = current.network_members.filter(removed_at__isnull=True)
    coordinator = members.filter(is_coordinator=True).first()
    receiver = members.filter(pk=to_member.pk).select_related("worker", "partner").first()
    if receiver is None:
        raise Http404
    if coordinator is None:
        raise ValidationError(_("Name the client coordinator first."))
    errors: dict[str, str] = {}
    if receiver.pk == coordinator.pk:
        errors["to_member"] = _("Choose someone other than the present coordinator.")
    elif receiver.kind == MemberKind.SUPPORTER:
        errors["to_member"] = _("A private supporter cannot be the client coordinator.")
    elif receiver.kind == MemberKind.WORKER and receiver.worker is not None:
        answers = Capability.ANSWER_COORDINATION in bases_of(receiver.worker).capabilities(current.client)
        if not answers:
            errors["to_member"] = _(
                "Of the county's workers, the task can be handed to the client's responsible or pair worker."
            )
    elif receiver.kind == MemberKind.PARTNER:
        membership = PartnerProfessional.objects.select_related("partner").get(worker=receiver.worker)
        if not consent_covers(current.client, membership.partner):
            errors["to_member"] = _(
                "The client's valid consent no longer covers %(partner)s: the task cannot be handed to them."
            ) % {"partner": membership.partner.name}
    if not note.strip():
        errors["note"] = _("Write what the new coordinator needs to know.")
    if _open_handover(current.pk) is not None:
        errors["to_member"] = _("The task is already being handed over: wait for the answer or withdraw it.")
    if errors:
        raise ValidationError(errors)
    handover = CoordinationHandover.objects.create(
        organisation_id=actor.organisation_id,
        relationship=current,
        client=current.client,
        from_member=coordinator,
        to_member=receiver,
        note=note.strip(),
        offered_by=actor,
    )
    record_change(
        actor=actor,
        instance=handover,
        client_id=current.client_id,
        action="offer",
        before={},
        after={"from": str(coordinator), "to": str(receiver)},
    )
    return handover


def _locked_handover(actor: Worker, handover: CoordinationHandover) -> CoordinationHandover:
    current = _lock(
        CoordinationHandover.objects.select_related("relationship", "client", "to_member", "from_member"),
        handover.pk,
        actor,
    )
    if not current.is_open:
        raise ValidationError(_("This handover has already been answered."))
    return current


def _check_answerer(actor: Worker, handover: CoordinationHandover) -> None:
    """The named receiver answers; for a receiver who does not sign in, the relationship's
    worker records the answer they gave."""
    if handover.to_member.worker_id is not None:
        require(actor=actor, client=handover.client, capability=Capability.ANSWER_COORDINATION)
        if handover.to_member.worker_id != actor.pk:
            raise PermissionDenied
    else:
        check_worker(actor, handover.relationship, Capability.EDIT_NETWORK)


@transaction.atomic
def coordination_accept(
    *, actor: Worker, handover: CoordinationHandover, confirmed_how: str = ""
) -> CoordinationHandover:
    """The receiver takes the task: from now on they are the client coordinator."""
    current = _locked_handover(actor, handover)
    _check_answerer(actor, current)
    if current.to_member.worker_id is None and not confirmed_how.strip():
        raise ValidationError(
            {"confirmed_how": _("Write how the new coordinator confirmed that they take the task.")}
        )
    if current.to_member.removed_at is not None:
        raise ValidationError(_("The receiver is no longer in the network."))
    NetworkMember.objects.filter(pk=current.from_member_id).update(is_coordinator=False)
    NetworkMember.objects.filter(pk=current.to_member_id).update(is_coordinator=True)
    current.accepted_at, current.accepted_by = timezone.now(), actor
    current.confirmed_how = confirmed_how.strip()
    current.save(update_fields=["accepted_at", "accepted_by", "confirmed_how"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="accept",
        before={"coordinator": str(current.from_member)},
        after={"coordinator": str(current.to_member)},
    )
    return current


@transaction.atomic
def coordination_decline(
    *, actor: Worker, handover: CoordinationHandover, reason: str
) -> CoordinationHandover:
    """The receiver declines; the present coordinator goes on."""
    current = _locked_handover(actor, handover)
    _check_answerer(actor, current)
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the task is declined.")})
    current.declined_at, current.decline_reason = timezone.now(), reason.strip()
    current.save(update_fields=["declined_at", "decline_reason"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="decline",
        before={},
        after={"decline_reason": current.decline_reason},
    )
    return current


@transaction.atomic
def coordination_withdraw(*, actor: Worker, handover: CoordinationHandover) -> CoordinationHandover:
    current = _locked_handover(actor, handover)
    check_worker(actor, current.relationship, Capability.EDIT_NETWORK)
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    record_change(
        actor=actor, instance=current, client_id=current.client_id, action="withdraw", before={}, after={}
    )
    return current


AGREEMENT_FIELDS = ["schedule", "returns_on"]


@transaction.atomic
def agreement_draft(*, actor: Worker, relationship: ClientRelationship) -> Agreement:
    """The agreement's draft: the existing one, or a new version that starts from the
    latest agreed one (its lines copied), or the first."""
    current = _relationship_for(actor, relationship)
    latest = Agreement.objects.filter(relationship=current).order_by("-number").first()
    if latest is not None and latest.is_draft:
        return latest
    draft = Agreement.objects.create(
        organisation_id=actor.organisation_id,
        relationship=current,
        client=current.client,
        number=latest.number + 1 if latest else 1,
        schedule=latest.schedule if latest else "",
        author=actor,
    )
    if latest is not None:
        live = set(current.network_members.filter(removed_at__isnull=True).values_list("pk", flat=True))
        AgreementTask.objects.bulk_create(
            AgreementTask(
                agreement=draft,
                member=task.member,
                what=task.what,
                schedule=task.schedule,
                goal=task.goal,
                order=task.order,
            )
            for task in latest.tasks.all()
            if task.member_id is None or task.member_id in live
        )
    record_change(
        actor=actor,
        instance=draft,
        client_id=current.client_id,
        action="create",
        before={},
        after={"number": draft.number},
    )
    return draft


def _locked_draft(actor: Worker, agreement: Agreement) -> Agreement:
    current = _lock(Agreement.objects.all(), agreement.pk, actor)
    _relationship_for(actor, current.relationship)
    if not current.is_draft:
        raise ValidationError(_("An agreed version is not changed: make a new version."))
    return current


@transaction.atomic
def agreement_save(*, actor: Worker, agreement: Agreement, version: int, data: dict[str, Any]) -> Agreement:
    current = _locked_draft(actor, agreement)
    returns_on = data.get("returns_on")
    if returns_on and returns_on < timezone.localdate():
        raise ValidationError(
            {"returns_on": _("The date the network returns to the matter cannot be in the past.")}
        )
    before = snapshot(current, AGREEMENT_FIELDS)
    current.schedule, current.returns_on = str(data.get("schedule", "")).strip(), returns_on
    save_if_current(current, version=version, fields=AGREEMENT_FIELDS)
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="update",
        before=before,
        after=snapshot(current, AGREEMENT_FIELDS),
    )
    return current


def agreement_goals(relationship: ClientRelationship) -> QuerySet[Goal]:
    """The goals an agreement can serve: those of the relationship's latest agreed plans."""
    return Goal.objects.filter(
        plan_version__plan__relationship=relationship, plan_version__status=PlanStatus.AGREED
    ).order_by("plan_version__plan_id", "-plan_version__number", "order")


@transaction.atomic
def agreement_task_add(*, actor: Worker, agreement: Agreement, data: dict[str, Any]) -> AgreementTask:
    current = _locked_draft(actor, agreement)
    member, goal = data.get("member"), data.get("goal")
    if (
        member is not None
        and not current.relationship.network_members.filter(pk=member.pk, removed_at__isnull=True).exists()
    ):
        raise Http404
    if goal is not None and not agreement_goals(current.relationship).filter(pk=goal.pk).exists():
        raise Http404
    if not str(data.get("what", "")).strip():
        raise ValidationError({"what": _("Write what they are responsible for.")})
    task = AgreementTask.objects.create(
        agreement=current,
        member=member,
        what=str(data["what"]).strip(),
        schedule=str(data.get("schedule", "")).strip(),
        goal=goal,
        order=current.tasks.count(),
    )
    record_change(
        actor=actor,
        instance=task,
        client_id=current.client_id,
        action="create",
        before={},
        after={"who": str(member) if member else "client", "what": task.what, "schedule": task.schedule},
    )
    return task


@transaction.atomic
def agreement_task_remove(*, actor: Worker, task: AgreementTask) -> None:
    current = AgreementTask.objects.filter(
        pk=task.pk, agreement__organisation_id=actor.organisation_id
    ).first()
    if current is None:
        raise Http404
    agreement = _locked_draft(actor, current.agreement)
    record_change(
        actor=actor,
        instance=current,
        client_id=agreement.client_id,
        action="delete",
        before={"what": current.what},
        after={},
    )
    current.delete()


@transaction.atomic
def agreement_agree(*, actor: Worker, agreement: Agreement, version: int) -> Agreement:
    """The network agrees: the version is fixed, given to the client and shown to the
    members whose consent covers it."""
    current = _locked_draft(actor, agreement)
    errors = []
    if not current.tasks.exists():
        errors.append(_("Write at least one line: who is responsible for what."))
    if current.returns_on is None:
        errors.append(_("Write the date the network returns to the matter."))
    live = list(
        current.relationship.network_members.filter(removed_at__isnull=True).select_related(
            "worker__partner__partner", "partner", "organisation"
        )
    )
    coordinator = next((m for m in live if m.is_coordinator), None)
    if coordinator is None:
        errors.append(_("Name the client coordinator."))
    elif coordinator.kind == MemberKind.PARTNER and not covered(current.client, coordinator):
        errors.append(
            _(
                "The client's consent no longer covers the coordinator's organisation: hand the task "
                "over before agreeing."
            )
        )
    tasks = list(current.tasks.select_related("member__worker__partner__partner", "member__partner"))
    gone = sorted({t.member.display_name for t in tasks if t.member and t.member.removed_at is not None})
    for name in gone:
        errors.append(
            _("%(name)s is no longer in the network: remove their line or give it to someone else.")
            % {"name": name}
        )
    if errors:
        raise ValidationError(errors)
    current.status, current.agreed_at, current.agreed_by = AgreementStatus.AGREED, timezone.now(), actor
    current.network = [member.card() for member in live]
    save_if_current(current, version=version, fields=["status", "agreed_at", "agreed_by", "network"])
    for task in tasks:
        task.who = task.who_label
    AgreementTask.objects.bulk_update(tasks, ["who"])
    record_change(
        actor=actor,
        instance=current,
        client_id=current.client_id,
        action="agree",
        before={"status": AgreementStatus.DRAFT},
        after={"status": AgreementStatus.AGREED},
    )
    return current


# --- Partner professionals' accounts (no client data) ----------------------------------------
#
# A partner professional reads what clients' consents share with their organisation, so the
# account is vouched for by a team lead, in Polku, never made by an administrator (Act
# 703/2023: an administrator does not give themself client access; decisions.md).


def _check_lead(actor: Worker) -> None:
    if not (actor.is_active and actor.role == Role.TEAM_LEAD):
        raise PermissionDenied


def _username_for(first_name: str, last_name: str) -> str:
    """firstname.lastname in plain letters, numbered if taken; the password link names it."""
    plain = unicodedata.normalize("NFKD", f"{first_name}.{last_name}".casefold())
    base = re.sub(r"[^a-z0-9.]+", "", plain).strip(".")[:140] or "partner"
    taken = set(Worker.objects.filter(username__istartswith=base).values_list("username", flat=True))
    taken = {name.casefold() for name in taken}
    candidates = [base, *(f"{base}{n}" for n in range(2, len(taken) + 3))]
    return next(name for name in candidates if name not in taken)


@transaction.atomic
def partner_professional_add(
    *, actor: Worker, partner: PartnerOrganisation, data: dict[str, Any]
) -> PartnerProfessional:
    """A team lead adds a professional of a partner organisation: a worker with the role
    "partner", no teams and no usable password (they set it through the link)."""
    _check_lead(actor)
    current = PartnerOrganisation.objects.filter(pk=partner.pk, organisation_id=actor.organisation_id).first()
    if current is None:
        raise Http404
    if not current.active:
        raise ValidationError({"partner": _("This partner organisation is no longer in use.")})
    email = str(data.get("email", "")).strip()
    if not email:
        raise ValidationError({"email": _("The professional needs an email address for the password link.")})
    in_use = Worker.objects.filter(organisation_id=actor.organisation_id, is_active=True, email__iexact=email)
    if in_use.exists():
        raise ValidationError({"email": _("A Polku user already has this email address.")})
    worker = Worker(
        organisation_id=actor.organisation_id,
        username=_username_for(data["first_name"], data["last_name"]),
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=email,
        phone=data.get("phone", ""),
        title=data.get("title", ""),
        role=Role.PARTNER,
        is_staff=False,
        is_superuser=False,
    )
    worker.set_unusable_password()
    worker.full_clean()
    worker.save()
    professional = PartnerProfessional.objects.create(
        worker=worker, partner=current, added_by=actor, added_by_name=str(actor), added_at=timezone.now()
    )
    record_event(
        worker=worker,
        actor=actor,
        action=WorkerEvent.Action.CREATED,
        teams=[],
        changes={"partner": [None, current.name], "email": [None, email]},
    )
    return professional


@transaction.atomic
def partner_professional_end(*, actor: Worker, professional: PartnerProfessional, reason: str) -> None:
    """A team lead ends a partner professional's access: from their next request on they are
    signed out, and their enrolment codes are void. A professional who moves to another
    organisation is added again there: the consents that open client data name the
    organisation, so an account never changes organisation."""
    _check_lead(actor)
    current = PartnerProfessional.objects.filter(
        pk=professional.pk, partner__organisation_id=actor.organisation_id
    ).first()
    if current is None:
        raise Http404
    worker = Worker.objects.select_for_update().get(pk=current.worker_id)
    if not may_vouch_for_partner(actor, worker):
        raise Http404
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the access ends.")})
    if not worker.is_active:
        raise ValidationError(_("The professional's access has already ended."))
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    EnrolmentCode.objects.filter(worker=worker, used_at=None, voided_at=None).update(voided_at=timezone.now())
    record_event(
        worker=worker,
        actor=actor,
        action=WorkerEvent.Action.DEACTIVATED,
        teams=[],
        changes={"is_active": [True, False]},
        reason=reason,
    )
