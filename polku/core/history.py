"""Recording who changed client data: old → new, in the caller's transaction."""

from datetime import date, datetime
from typing import Any

from django.db import models

from polku.core.models import ChangeRecord, Worker


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def record_change(
    *,
    actor: Worker,
    instance: models.Model,
    client_id: int,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> ChangeRecord | None:
    """Write one history row with the fields whose value changed; nothing if none did."""
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    if not changes:
        return None
    return ChangeRecord.objects.create(
        organisation_id=actor.organisation_id,
        actor=actor,
        actor_name=str(actor),
        client_id=client_id,
        model=instance._meta.label,
        object_id=instance.pk,
        action=action,
        changes=changes,
    )
