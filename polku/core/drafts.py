"""The server side of drafts.js, shared by every document saved in the background (the
assessment, the plan text): one answer for an autosave, and the "nothing is lost" page
after a conflict, reached by a redirect (Post/Redirect/Get) with what was typed kept in the
session until that page has shown it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.formats import date_format

from polku.core.errors import EditConflict
from polku.core.models import ChangeRecord

AUTOSAVE_HEADER = "X-Polku-Autosave"
# Not kept with the typed text: the token is the page's, the version is read again.
NOT_KEPT = ("csrfmiddlewaretoken", "version", "complete")


def is_autosave(request: HttpRequest) -> bool:
    return bool(request.headers.get(AUTOSAVE_HEADER))


@dataclass
class LastChange:
    """Who last changed a document, and when, from its history (core.ChangeRecord)."""

    by: str
    at: datetime

    @property
    def time(self) -> str:
        return date_format(timezone.localtime(self.at), "H.i")

    @property
    def day(self) -> str:
        return date_format(timezone.localtime(self.at), "j.n.Y")


def last_change(
    instance_model: type[models.Model], object_id: int, client_id: int, action: str | None = None
) -> LastChange | None:
    records = ChangeRecord.objects.filter(
        client_id=client_id, model=instance_model._meta.label, object_id=object_id
    )
    if action:
        records = records.filter(action=action)
    record = records.order_by("-at", "-id").only("actor_name", "at").first()
    return LastChange(record.actor_name, record.at) if record else None


def autosave(
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    client_id: int,
    warnings: Callable[[Any], list[str]] | None = None,
) -> JsonResponse:
    """Save a draft in the background through the same service as the Save button, and
    answer drafts.js in JSON: the new version (so that the next save is not refused as
    stale), the time, and any warnings; or who saved a newer version first."""
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        document = save(form.cleaned_data)
    except EditConflict as error:
        change = last_change(type(error.current), error.current.pk, client_id)
        return JsonResponse(
            {
                "conflict": True,
                "saved_by": change.by if change else "",
                "saved_at": change.time if change else "",
            },
            status=409,
        )
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    return JsonResponse(
        {
            "version": document.version,
            "saved_at": date_format(timezone.localtime(), "H.i"),
            "warnings": [str(w) for w in warnings(document)] if warnings else [],
        }
    )


def _key(name: str) -> str:
    return f"polku-unsaved:{name}"


def keep_unsaved(request: HttpRequest, name: str, data: QueryDict, **about: Any) -> None:
    """Keep what the worker typed over the redirect to the page that shows it."""
    typed = {k: v for k, v in data.lists() if k not in NOT_KEPT}
    request.session[_key(name)] = {"data": typed, **about}


def take_unsaved(request: HttpRequest, name: str) -> dict[str, Any] | None:
    """What was kept, once: the page that shows it removes it from the session."""
    kept = request.session.pop(_key(name), None)
    if not isinstance(kept, dict):
        return None
    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    kept["data"] = data
    return kept
