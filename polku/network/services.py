"""Every write about the client's network: each asks the gate inside the service."""

import re
import unicodedata
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import require
from polku.clients.models import Client
from polku.core.history import record_change, snapshot
from polku.core.models import EnrolmentCode, Role, Worker, WorkerEvent
from polku.core.selectors import may_vouch_for_partner
from polku.core.services import record_event
from polku.network import files
from polku.network.models import (
    ClientService,
    Consent,
    ConsentGiver,
    ConsentKind,
    EndDecidedBy,
    HowGiven,
    Information,
    MeetingPlace,
    NetworkMeeting,
    PartnerOrganisation,
    PartnerProfessional,
)

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
    current = (
        Consent.objects.select_for_update()
        .select_related("client")
        .filter(pk=consent.pk, organisation_id=actor.organisation_id)
        .first()
    )
    if current is None:
        raise Http404
    require(actor=actor, client=current.client, capability=Capability.RECORD_REVOCATION)
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


def _locked_service(actor: Worker, item: ClientService) -> ClientService:
    current = (
        ClientService.objects.select_for_update()
        .select_related("client")
        .filter(pk=item.pk, organisation_id=actor.organisation_id)
        .first()
    )
    if current is None:
        raise Http404
    require(actor=actor, client=current.client, capability=Capability.EDIT_NETWORK)
    if current.ended_on is not None:
        raise ValidationError(_("This service has already ended."))
    return current


@transaction.atomic
def service_check(*, actor: Worker, item: ClientService, in_use: bool, checked_on: date) -> ClientService:
    """Record whether the client actually uses the service, as checked with the client."""
    current = _locked_service(actor, item)
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


@transaction.atomic
def service_end(
    *, actor: Worker, item: ClientService, ended_on: date, reason: str, decided_by: str
) -> ClientService:
    """End a service in the map: why, and who decided (the client's choice comes first)."""
    current = _locked_service(actor, item)
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
    current = (
        NetworkMeeting.objects.select_for_update()
        .select_related("client")
        .filter(pk=meeting.pk, organisation_id=actor.organisation_id)
        .first()
    )
    if current is None:
        raise Http404
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
