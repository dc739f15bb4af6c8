"""Writes about API keys: made and revoked by the worker, ended with the worker's access.
Each is recorded in the worker's history like the other ways of signing in."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.api.models import API_ROLES, KEY_PREFIX, ApiToken, EndReason, key_hash
from polku.core.models import Worker, WorkerEvent
from polku.core.services import record_event

Action = WorkerEvent.Action

# A worker needs a key or two (a report, a test); more live keys are more to lose.
MAX_LIVE_KEYS = 5
# How often the time of last use is written, at most.
USE_NOTED_EVERY = timedelta(hours=1)


def may_hold_keys(worker: Worker) -> bool:
    return worker.is_active and worker.role in API_ROLES


def live_tokens_of(worker: Worker) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(worker=worker, ended_at=None, expires_at__gt=timezone.now())


@transaction.atomic
def api_token_create(*, actor: Worker, name: str) -> tuple[ApiToken, str]:
    """A new key for the worker themself; the key is returned once and stored only as its
    keyed hash."""
    # The worker's row is locked so that two requests at once cannot pass the limit together.
    actor = Worker.objects.select_for_update().get(pk=actor.pk)
    if not may_hold_keys(actor):
        raise PermissionDenied
    if live_tokens_of(actor).count() >= MAX_LIVE_KEYS:
        raise ValidationError(
            _("You already have %(count)s valid API keys. Revoke one you no longer need first.")
            % {"count": MAX_LIVE_KEYS}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        organisation_id=actor.organisation_id,
        worker=actor,
        name=name.strip(),
        key_hash=key_hash(key),
        created_at=now,
        expires_at=now + timedelta(days=settings.API_TOKEN_DAYS),
    )
    token.full_clean()
    token.save()
    record_event(
        worker=actor,
        actor=actor,
        action=Action.API_KEY_CREATED,
        teams=actor.teams.all(),
        changes={"api_key": [None, token.name], "expires_at": [None, token.expires_at.isoformat()]},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: Worker, token: ApiToken) -> None:
    """The worker ends one of their own keys. Revoking an ended key changes nothing."""
    if token.worker_id != actor.pk:
        raise PermissionDenied
    ended = ApiToken.objects.filter(pk=token.pk, ended_at=None).update(
        ended_at=timezone.now(), end_reason=EndReason.REVOKED
    )
    if ended:
        record_event(
            worker=actor,
            actor=actor,
            action=Action.API_KEY_REVOKED,
            teams=actor.teams.all(),
            changes={"api_key": [token.name, None]},
        )


def api_tokens_end(*, worker: Worker, reason: EndReason) -> int:
    """Every live key of the worker ends; the number ended. Called by the services that end
    a worker's access or make them an administrator, which record it in their own event."""
    return ApiToken.objects.filter(worker=worker, ended_at=None, expires_at__gt=timezone.now()).update(
        ended_at=timezone.now(), end_reason=reason
    )


def api_token_used(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= USE_NOTED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
