"""Writes to the client register: validated, in a transaction, with history."""

from typing import Any

from django.db import transaction

from polku.clients.models import Client, index_name_words
from polku.core.errors import EditConflict
from polku.core.history import record_change, snapshot
from polku.core.models import Worker

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
    "team",
]


@transaction.atomic
def client_create(*, actor: Worker, data: dict[str, Any]) -> Client:
    client = Client(organisation_id=actor.organisation_id, registered_by=actor)
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
        after=snapshot(client, CLIENT_FIELDS),
    )
    return client


@transaction.atomic
def client_update(*, actor: Worker, client: Client, version: int, data: dict[str, Any]) -> Client:
    """Save new details if nobody saved since `version` was read; else EditConflict.

    The version check and the write are one UPDATE, so two workers saving at the same
    moment cannot both pass the check, on SQLite or PostgreSQL."""
    current = Client.objects.get(pk=client.pk, organisation_id=actor.organisation_id)
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
