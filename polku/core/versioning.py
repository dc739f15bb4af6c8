"""Optimistic locking for client documents (architecture rule 4)."""

from collections.abc import Iterable

from django.db import models

from polku.core.errors import EditConflict


def save_if_current(instance: models.Model, *, version: int, fields: Iterable[str]) -> None:
    """Write `fields` of `instance` only if its row still has `version`, and step the
    version. The check and the write are one UPDATE, so of two workers saving at the same
    moment only one succeeds, on SQLite and PostgreSQL; the other gets EditConflict with
    the row as it is now."""
    model = type(instance)
    concrete = {field.name: field.attname for field in model._meta.concrete_fields}
    values = {concrete[name]: getattr(instance, concrete[name]) for name in fields}
    saved = model._default_manager.filter(pk=instance.pk, version=version).update(
        **values, version=version + 1
    )
    if not saved:
        raise EditConflict(model._default_manager.get(pk=instance.pk))
    instance.version = version + 1  # type: ignore[attr-defined]
