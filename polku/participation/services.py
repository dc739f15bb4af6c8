"""Every write about the client's own pages: the worker lets the client in with a one-time
code or ends their access; the client signs in and out, ticks steps, writes their own words
and fills in measures. The client's writes ask the gate (`require_own`) inside the service
and look things up only within the signed-in client's own data."""

import secrets
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import require_own
from polku.casework.models import ClientRelationship
from polku.casework.services import check_worker
from polku.core.history import record_change
from polku.core.models import Worker
from polku.feedback.services import feedback_give
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.participation.models import ActionKind, ClientAction, ClientCode, ClientSignIn, FailedCodeAttempt
from polku.participation.selectors import current_versions, own_words
from polku.plans.models import ClientPlan, Goal, PlanStatus, PlanVersion, Step

# No 0/O or 1/I to mistake; 10 characters of 32 are 50 bits, which no throttled guessing reaches.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
# Wrong codes from one address in this many minutes before it must wait.
MAX_FAILURES = 5
FAILURE_WINDOW_MINUTES = 15
OWN_WORDS_LENGTH = 4000


def code_days() -> int:
    return int(getattr(settings, "CLIENT_CODE_DAYS", 7))


def _code_hash(code: str) -> str:
    plain = "".join(code.split()).replace("-", "").upper()
    return salted_hmac("polku.participation.client_code", plain, algorithm="sha256").hexdigest()


def _end_access(client_id: int, now: Any) -> tuple[int, int]:
    codes = ClientCode.objects.filter(client_id=client_id, used_at=None, voided_at=None).update(voided_at=now)
    sign_ins = ClientSignIn.objects.filter(client_id=client_id, ended_at=None, expires_at__gt=now).update(
        ended_at=now
    )
    return codes, sign_ins


@transaction.atomic
def code_issue(*, actor: Worker, relationship: ClientRelationship) -> tuple[ClientCode, str]:
    """A one-time sign-in code for the client's own pages, given by their responsible or pair
    worker. Returned once and stored only as a keyed hash; earlier unused codes are void."""
    check_worker(actor, relationship, Capability.INVITE_CLIENT)
    if code_days() <= 0:
        raise ValidationError(_("Sign-in codes are not in use in this organisation."))
    now = timezone.now()
    ClientCode.objects.filter(client_id=relationship.client_id, used_at=None, voided_at=None).update(
        voided_at=now
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    issued = ClientCode.objects.create(
        organisation_id=relationship.organisation_id,
        client_id=relationship.client_id,
        relationship=relationship,
        code_hash=_code_hash(code),
        issued_by=actor,
        issued_at=now,
        # Valid through the last day written in the letter, not until the hour it was given.
        expires_at=timezone.make_aware(
            datetime.combine(timezone.localdate(now) + timedelta(days=code_days()), time.max)
        ),
    )
    record_change(
        actor=actor,
        instance=issued,
        client_id=relationship.client_id,
        action="create",
        before={},
        after={"expires_at": issued.expires_at.isoformat()},
    )
    half = CODE_LENGTH // 2
    return issued, f"{code[:half]}-{code[half:]}"


@transaction.atomic
def access_end(*, actor: Worker, relationship: ClientRelationship) -> None:
    """The worker ends the client's access now: unused codes are void and a client who is
    signed in is signed out on their next page."""
    check_worker(actor, relationship, Capability.INVITE_CLIENT)
    codes, sign_ins = _end_access(relationship.client_id, timezone.now())
    record_change(
        actor=actor,
        instance=relationship,
        client_id=relationship.client_id,
        action="end_own_pages",
        before={"codes": codes, "sign_ins": sign_ins},
        after={"codes": 0, "sign_ins": 0},
    )


def _wait_minutes(address: str, now: Any) -> int:
    """Minutes until the address may try again (0: it may try now)."""
    since = now - timedelta(minutes=FAILURE_WINDOW_MINUTES)
    failures = list(
        FailedCodeAttempt.objects.filter(address=address, at__gt=since)
        .order_by("-at")
        .values_list("at", flat=True)[:MAX_FAILURES]
    )
    if len(failures) < MAX_FAILURES:
        return 0
    # The oldest of the last few wrong codes leaves the window first.
    free_at = failures[-1] + timedelta(minutes=FAILURE_WINDOW_MINUTES)
    return max(1, -(-int((free_at - now).total_seconds()) // 60))


def sign_in(*, code: str, address: str) -> ClientSignIn:
    """The client signs in with the code: once, before it expires, and only while the
    relationship through which it was given is open. Wrong codes from one address are
    counted; after a few the address must wait, whatever code it tries."""
    now = timezone.now()
    wait = _wait_minutes(address, now)
    if wait:
        raise ValidationError(
            _("Too many wrong codes. Wait %(minutes)s minutes and try again.") % {"minutes": wait}
        )
    with transaction.atomic():
        issued = (
            ClientCode.objects.select_for_update(of=("self",))
            .select_related("relationship")
            .filter(code_hash=_code_hash(code), used_at=None, voided_at=None, expires_at__gt=now)
            .first()
        )
        if issued is not None and issued.relationship.is_open:
            issued.used_at = now
            issued.save(update_fields=["used_at"])
            return ClientSignIn.objects.create(
                organisation_id=issued.organisation_id,
                client_id=issued.client_id,
                code=issued,
                signed_in_at=now,
                expires_at=now + timedelta(hours=settings.CLIENT_SESSION_HOURS),
            )
    FailedCodeAttempt.objects.create(address=address, at=now)
    FailedCodeAttempt.objects.filter(at__lt=now - timedelta(days=1)).delete()
    raise ValidationError(
        _(
            "The code is not right, or it has already been used or has expired. "
            "Check the code, or ask your worker for a new one."
        )
    )


def sign_out(*, sign_in: ClientSignIn) -> None:
    ClientSignIn.objects.filter(pk=sign_in.pk, ended_at=None).update(ended_at=timezone.now())


def _act(sign_in: ClientSignIn, kind: str, **fields: Any) -> ClientAction:
    return ClientAction.objects.create(
        organisation_id=sign_in.organisation_id,
        client_id=sign_in.client_id,
        sign_in=sign_in,
        kind=kind,
        **fields,
    )


def current_steps(client_id: int) -> Any:
    """The steps of the plans the client follows now (see selectors.current_versions)."""
    return Step.objects.filter(goal__plan_version__in=current_versions(client_id))


@transaction.atomic
def step_tick(*, sign_in: ClientSignIn, step_id: int, done: bool) -> Step:
    client = require_own(sign_in=sign_in, capability=Capability.TICK_STEP)
    step = current_steps(client.pk).select_for_update(of=("self",)).filter(pk=step_id).first()
    if step is None:
        raise PermissionDenied
    if step.done != done:
        step.done = done
        step.save(update_fields=["done"])
        _act(
            sign_in,
            ActionKind.STEP_DONE if done else ActionKind.STEP_UNDONE,
            plan_id=Goal.objects.filter(pk=step.goal_id).values_list("plan_version__plan_id", flat=True)[0],
            step=step,
            about=step.what,
        )
    return step


def _clean_words(text: str) -> str:
    text = (text or "").strip()
    if len(text) > OWN_WORDS_LENGTH:
        raise ValidationError(
            _("Please write at most %(count)s characters here.") % {"count": OWN_WORDS_LENGTH}
        )
    return text


@transaction.atomic
def words_save(*, sign_in: ClientSignIn, plan_id: int, topics: str, goal_views: dict[int, str]) -> int:
    """Before a plan meeting, the client writes what they want to talk about and their own
    view of each goal. Only what changed is recorded; earlier words stay as history.
    Returns how many texts were saved."""
    client = require_own(sign_in=sign_in, capability=Capability.WRITE_OWN_WORDS)
    version = current_versions(client.pk).filter(plan_id=plan_id).first()
    if version is None:
        raise PermissionDenied
    plan = ClientPlan.objects.get(pk=plan_id)
    goals = {g.pk: g for g in version.goals.all()}
    if set(goal_views) - set(goals):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    cleaned: dict[int | None, str] = {}
    for key, text in [(None, topics), *goal_views.items()]:
        try:
            cleaned[key] = _clean_words(text)
        except ValidationError as error:
            errors["topics" if key is None else f"goal_{key}"] = error.messages
    if errors:
        raise ValidationError(errors)
    before = own_words(plan)
    saved = 0
    for key, text in cleaned.items():
        if text == before.get(key, ""):
            continue
        goal = goals.get(key) if key is not None else None
        _act(
            sign_in,
            ActionKind.GOAL_VIEW if goal else ActionKind.TOPICS,
            plan=plan,
            goal=goal,
            about=goal.client_words[:300] if goal else "",
            text=text,
        )
        saved += 1
    return saved


@transaction.atomic
def measure_fill(*, sign_in: ClientSignIn, instrument: Instrument, values: dict[str, Any]) -> MeasureAnswer:
    """The client answers a measure on their own: dated today, on the newest version in use,
    kept with the relationship through which they signed in, and tied to the plan's
    evaluation when one is under way."""
    client = require_own(sign_in=sign_in, capability=Capability.FILL_MEASURE)
    if not instrument.active:
        raise ValidationError(_("This instrument is no longer in use."))
    cleaned = instrument.read.clean_values(values)
    relationship = sign_in.code.relationship
    # An evaluation under way (a draft from version 2 on) is what the answer is for.
    evaluation = (
        PlanVersion.objects.filter(plan__relationship=relationship, status=PlanStatus.DRAFT, number__gte=2)
        .order_by("-number")
        .first()
    )
    answer = MeasureAnswer.objects.create(
        organisation_id=relationship.organisation_id,
        client_id=client.pk,
        relationship=relationship,
        instrument=instrument,
        answered_on=timezone.localdate(),
        answered_by=AnsweredBy.CLIENT,
        plan_version=evaluation,
        values=cleaned,
        recorded_by=None,
    )
    _act(sign_in, ActionKind.MEASURE, about=instrument.read.name)
    return answer


def feedback_send(*, sign_in: ClientSignIn, roses: str, thorns: str, text: str, anonymous: bool) -> None:
    """The client's feedback to the team whose work it is about ("roses and thorns"). Named
    feedback is also one of the client's own actions; anonymous feedback leaves nothing on
    the client's side that leads back to them (no action row, no time: polku.feedback)."""
    client = require_own(sign_in=sign_in, capability=Capability.GIVE_FEEDBACK)
    feedback_give(
        client=client,
        relationship=sign_in.code.relationship,
        roses=roses,
        thorns=thorns,
        text=text,
        anonymous=anonymous,
    )
    if not anonymous:
        _act(sign_in, ActionKind.FEEDBACK)
