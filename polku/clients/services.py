"""Writes to the client register: validated, in a transaction, with history. Each asks the
access gate for its capability; the client's team changes only by an accepted transfer."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import require
from polku.clients.bases import pending_transfers
from polku.clients.models import Client, TeamTransfer, index_name_words
from polku.core.errors import EditConflict
from polku.core.history import record_change, snapshot
from polku.core.models import Team, Worker

CLIENT_FIELDS = [
    "identity_code",
    "birth_date",
    "first_names",
    "last_name",
    "phone",
    "email",
    "street_address",
    "postal_code",
    "post_office",
    "municipality",
    "language",
    "other_language",
    "needs_interpreter",
    "address_ban",
]
# The team is set when the client is registered and changes only by transfer_answer.
HISTORY_FIELDS = [*CLIENT_FIELDS, "team"]


@transaction.atomic
def client_create(*, actor: Worker, data: dict[str, Any]) -> Client:
    """Register a person. Anyone doing client work may: a contact can reach any of them."""
    if not actor.does_client_work:
        raise PermissionDenied
    team = data.get("team")
    if not isinstance(team, Team) or team.organisation_id != actor.organisation_id:
        raise ValidationError({"team": _("Choose a team of your own organisation.")})
    client = Client(organisation_id=actor.organisation_id, registered_by=actor, team=team)
    for name in CLIENT_FIELDS:
        if name in data:
            setattr(client, name, data[name])
    client.refresh_search_name()
    client.full_clean()
    client.save()
    index_name_words(client)
    record_change(
        actor=actor,
        instance=client,
        client_id=client.pk,
        action="create",
        before={},
        after=snapshot(client, HISTORY_FIELDS),
    )
    return client


@transaction.atomic
def client_update(*, actor: Worker, client: Client, version: int, data: dict[str, Any]) -> Client:
    """Save new details if nobody saved since `version` was read; else EditConflict.

    The version check and the write are one UPDATE, so two workers saving at the same
    moment cannot both pass the check, on SQLite or PostgreSQL."""
    current = Client.objects.filter(pk=client.pk, organisation_id=actor.organisation_id).first()
    if current is None:
        raise Http404
    require(actor=actor, client=current, capability=Capability.EDIT_REGISTER)
    if current.version != version:
        raise EditConflict(current)
    before = snapshot(current, CLIENT_FIELDS)
    for name in CLIENT_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.refresh_search_name()
    current.full_clean()
    values = {f.attname: getattr(current, f.attname) for f in Client._meta.concrete_fields}
    values = {k: v for k, v in values.items() if k not in ("id", "version", "registered_at")}
    saved = Client.objects.filter(pk=current.pk, version=version).update(**values, version=version + 1)
    if not saved:
        raise EditConflict(Client.objects.get(pk=current.pk))
    current.version = version + 1
    index_name_words(current)
    record_change(
        actor=actor,
        instance=current,
        client_id=current.pk,
        action="update",
        before=before,
        after=snapshot(current, CLIENT_FIELDS),
    )
    return current


@transaction.atomic
def transfer_offer(*, actor: Worker, client: Client, to_team: Team, reason: str) -> TeamTransfer:
    """The lead of the client's team offers the client to another team."""
    locked = (
        Client.objects.select_for_update().filter(pk=client.pk, organisation_id=actor.organisation_id).first()
    )
    if locked is None:
        raise Http404
    client = locked
    require(actor=actor, client=client, capability=Capability.TRANSFER)
    if to_team.organisation_id != actor.organisation_id or to_team.pk == client.team_id:
        raise ValidationError({"to_team": _("Choose another team of your own organisation.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the client moves to this team.")})
    if pending_transfers(timezone.now()).filter(client=client).exists():
        raise ValidationError(_("A transfer of this client is already waiting for an answer."))
    transfer = TeamTransfer(
        organisation_id=actor.organisation_id,
        client=client,
        from_team_id=client.team_id,
        to_team=to_team,
        reason=reason.strip(),
        offered_by=actor,
    )
    transfer.full_clean()
    transfer.save()
    record_change(
        actor=actor,
        instance=transfer,
        client_id=client.pk,
        action="offer",
        before={},
        after={"from_team": str(client.team), "to_team": str(to_team), "reason": transfer.reason},
    )
    return transfer


@transaction.atomic
def transfer_answer(*, actor: Worker, transfer: TeamTransfer, accept: bool, reason: str = "") -> TeamTransfer:
    """A lead of the receiving team accepts (the client's team changes) or declines."""
    current = (
        TeamTransfer.objects.select_for_update()
        .select_related("client")
        .filter(pk=transfer.pk, organisation_id=actor.organisation_id)
        .first()
    )
    if current is None:
        raise Http404
    transfer, client = current, current.client
    require(actor=actor, client=client, capability=Capability.ANSWER_TRANSFER)
    if actor.pk == transfer.offered_by_id or not actor.teams.filter(pk=transfer.to_team_id).exists():
        raise PermissionDenied
    if not pending_transfers(timezone.now()).filter(pk=transfer.pk).exists():
        raise ValidationError(_("This transfer has already been answered or has lapsed."))
    transfer.answered_by = actor
    if not accept:
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Tell the other team lead why your team cannot take the client.")}
            )
        transfer.declined_at = timezone.now()
        transfer.decline_reason = reason.strip()
        transfer.save(update_fields=["answered_by", "declined_at", "decline_reason"])
        record_change(
            actor=actor,
            instance=transfer,
            client_id=client.pk,
            action="decline",
            before={},
            after={"decline_reason": transfer.decline_reason},
        )
        return transfer
    if client.team_id != transfer.from_team_id:
        raise ValidationError(_("The client's team has changed since the offer. Ask for a new transfer."))
    before = {"team": str(client.team)}
    Client.objects.filter(pk=client.pk).update(team_id=transfer.to_team_id, version=client.version + 1)
    transfer.accepted_at = timezone.now()
    transfer.save(update_fields=["answered_by", "accepted_at"])
    record_change(
        actor=actor,
        instance=client,
        client_id=client.pk,
        action="transfer",
        before=before,
        after={"team": str(transfer.to_team)},
    )
    return transfer
