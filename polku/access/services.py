"""Writes of the access module: opening a client with break-glass, reviewing it."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.models import BreakGlass, BreakGlassReview
from polku.access.selectors import break_glass_reviewable, may_review
from polku.clients.identity_code import normalise
from polku.clients.models import Client
from polku.core.history import record_change
from polku.core.models import Worker

MIN_REASON_LENGTH = 20


@transaction.atomic
def break_glass_open(*, actor: Worker, identity_code: str, reason: str) -> BreakGlass:
    """Open a client's data without another basis. The reason is written down, the opening
    is time-limited, and the team leads of the client's team and of the actor's teams see it
    for review."""
    if not actor.does_client_work:
        raise Http404
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Write the reason in a full sentence (at least %(count)d characters).")
            % {"count": MIN_REASON_LENGTH}
        )
    client = Client.objects.filter(
        organisation_id=actor.organisation_id, identity_code=normalise(identity_code)
    ).first()
    if client is None:
        raise Http404
    now = timezone.now()
    return BreakGlass.objects.create(
        organisation_id=actor.organisation_id,
        worker=actor,
        client=client,
        reason=reason,
        opened_at=now,
        expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS),
    )


@transaction.atomic
def break_glass_mark_reviewed(*, actor: Worker, break_glass_id: int, note: str) -> BreakGlassReview:
    """Add the actor's review to an opening. Reviews are only added, never changed, so a
    second review keeps the first as written. Nobody reviews their own opening."""
    opening = break_glass_reviewable(lead=actor).filter(pk=break_glass_id).first()
    if opening is None:
        raise Http404
    if not may_review(lead=actor, opening=opening):
        raise PermissionDenied(_("Another team lead reviews your own break-glass access."))
    review = BreakGlassReview.objects.create(
        organisation_id=opening.organisation_id,
        break_glass=opening,
        reviewer=actor,
        reviewer_name=str(actor),
        note=note.strip(),
    )
    record_change(
        actor=actor,
        instance=review,
        client_id=opening.client_id,
        action="review",
        before={},
        after={"break_glass": opening.pk, "note": review.note},
    )
    return review
