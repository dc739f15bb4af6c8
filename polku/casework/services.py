"""Writes on a client relationship once it is open: the need changes (quadrant again),
pair work, consultations, escorted handovers and the team's case meeting."""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import require
from polku.casework.aftercare import may_be_in_aftercare
from polku.casework.bases import handover_cutoff
from polku.casework.models import (
    CaseMeetingItem,
    CaseStage,
    ClientRelationship,
    Consultation,
    Handover,
    JournalEntry,
    RelationshipKind,
    Reminder,
)
from polku.clients.models import search_key
from polku.core.history import record_change, snapshot
from polku.core.models import Worker
from polku.intake.models import QuadrantRating
from polku.intake.services import check_assignable, quadrant_rate


def _check_responsible(actor: Worker, relationship: ClientRelationship) -> None:
    """Pair work, consultations, handovers, re-rating and closing are the responsible
    worker's, on an open relationship."""
    require(actor=actor, client=relationship.client, capability=Capability.MANAGE_CASE)
    if relationship.responsible_worker_id != actor.pk or not relationship.is_open:
        raise PermissionDenied


def check_worker(actor: Worker, relationship: ClientRelationship, capability: Capability) -> None:
    """The responsible and the pair worker of an open relationship write the client's record."""
    require(actor=actor, client=relationship.client, capability=capability)
    if actor.pk not in (relationship.responsible_worker_id, relationship.pair_worker_id):
        raise PermissionDenied
    if not relationship.is_open:
        raise PermissionDenied


def _record(actor: Worker, relationship: ClientRelationship, before: dict[str, object], action: str) -> None:
    record_change(
        actor=actor,
        instance=relationship,
        client_id=relationship.client_id,
        action=action,
        before=before,
        after=snapshot(relationship, ["responsible_worker", "pair_worker", "quadrant", "stage"]),
    )


def relationship_mark_seen(*, actor: Worker, relationship: ClientRelationship) -> None:
    """The responsible worker has opened the new client: it leaves their 'new' list."""
    if relationship.responsible_worker_id == actor.pk and relationship.seen_at is None:
        relationship.seen_at = timezone.now()
        ClientRelationship.objects.filter(pk=relationship.pk).update(seen_at=relationship.seen_at)


@transaction.atomic
def relationship_rate_quadrant(
    *, actor: Worker, relationship: ClientRelationship, complexity: str, resources: str, note: str
) -> QuadrantRating:
    """The support need can grow or shrink: a new rating, the earlier ones kept."""
    _check_responsible(actor, relationship)
    if not note.strip():
        raise ValidationError({"note": _("Write what has changed.")})
    before = snapshot(relationship, ["quadrant"])
    rating = quadrant_rate(
        actor=actor,
        client=relationship.client,
        complexity=complexity,
        resources=resources,
        note=note,
        relationship=relationship,
    )
    relationship.quadrant = rating.code
    record_change(
        actor=actor,
        instance=relationship,
        client_id=relationship.client_id,
        action="rate_quadrant",
        before=before,
        after={"quadrant": rating.code},
    )
    return rating


@transaction.atomic
def relationship_set_pair(*, actor: Worker, relationship: ClientRelationship, pair: Worker | None) -> None:
    _check_responsible(actor, relationship)
    if pair is not None:
        if pair.pk == actor.pk or pair.organisation_id != actor.organisation_id or not pair.does_client_work:
            raise ValidationError({"pair": _("Choose a colleague of your own organisation.")})
        check_assignable(rating=QuadrantRating(), worker=pair, role_field="pair", as_responsible=False)
    before = snapshot(relationship, ["pair_worker"])
    relationship.pair_worker = pair
    relationship.save(update_fields=["pair_worker"])
    _record(actor, relationship, before, "set_pair")


@transaction.atomic
def consultation_ask(
    *, actor: Worker, relationship: ClientRelationship, consultant: Worker, question: str, days: int
) -> Consultation:
    """Ask a colleague: they may read the client's data for `days` days, every read logged."""
    _check_responsible(actor, relationship)
    if consultant.pk == actor.pk or consultant.organisation_id != actor.organisation_id:
        raise ValidationError({"consultant": _("Choose a colleague of your own organisation.")})
    if not consultant.does_client_work:
        raise ValidationError({"consultant": _("This person does not do client work.")})
    if not 1 <= days <= settings.CONSULTATION_MAX_DAYS:
        raise ValidationError(
            {"days": _("Access can be given for 1–%(max)s days.") % {"max": settings.CONSULTATION_MAX_DAYS}}
        )
    consultation = Consultation(
        organisation_id=actor.organisation_id,
        relationship=relationship,
        client_id=relationship.client_id,
        requested_by=actor,
        consultant=consultant,
        question=question,
        expires_at=timezone.now() + timedelta(days=days),
    )
    consultation.full_clean()
    consultation.save()
    record_change(
        actor=actor,
        instance=consultation,
        client_id=relationship.client_id,
        action="create",
        before={},
        after=snapshot(consultation, ["consultant", "question", "expires_at"]),
    )
    return consultation


@transaction.atomic
def consultation_answer(*, actor: Worker, consultation: Consultation, answer: str) -> Consultation:
    require(actor=actor, client=consultation.client, capability=Capability.ANSWER_CONSULTATION)
    if consultation.consultant_id != actor.pk or not consultation.is_active:
        raise PermissionDenied
    if not answer.strip():
        raise ValidationError({"answer": _("Write your answer.")})
    consultation.answer = answer
    consultation.answered_at = timezone.now()
    consultation.save(update_fields=["answer", "answered_at"])
    record_change(
        actor=actor,
        instance=consultation,
        client_id=consultation.client_id,
        action="answer",
        before={},
        after={"answer": answer},
    )
    return consultation


@transaction.atomic
def handover_offer(
    *, actor: Worker, relationship: ClientRelationship, to_worker: Worker, note: str
) -> Handover:
    """Escorted handover: to a named colleague, who accepts before anything changes."""
    _check_responsible(actor, relationship)
    if to_worker.pk == actor.pk or to_worker.organisation_id != actor.organisation_id:
        raise ValidationError({"to_worker": _("Choose a colleague of your own organisation.")})
    waiting = relationship.handovers.filter(
        accepted_at__isnull=True, declined_at__isnull=True, offered_at__gt=handover_cutoff(timezone.now())
    )
    if waiting.exists():
        raise ValidationError(_("A handover of this client is already waiting for an answer."))
    latest = relationship.quadrant_ratings.first()
    check_assignable(rating=latest or QuadrantRating(), worker=to_worker, role_field="to_worker")
    handover = Handover(
        organisation_id=actor.organisation_id,
        relationship=relationship,
        client_id=relationship.client_id,
        from_worker=actor,
        to_worker=to_worker,
        note=note,
    )
    handover.full_clean()
    handover.save()
    record_change(
        actor=actor,
        instance=handover,
        client_id=relationship.client_id,
        action="offer",
        before={},
        after=snapshot(handover, ["to_worker", "note"]),
    )
    return handover


@transaction.atomic
def handover_answer(*, actor: Worker, handover: Handover, accept: bool, reason: str = "") -> Handover:
    require(actor=actor, client=handover.client, capability=Capability.ANSWER_HANDOVER)
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.to_worker_id != actor.pk or not handover.is_pending:
        raise PermissionDenied
    if handover.offered_at <= handover_cutoff(timezone.now()):
        raise ValidationError(_("This handover has lapsed. Ask your colleague to offer it again."))
    relationship = ClientRelationship.objects.select_for_update().get(pk=handover.relationship_id)
    if not relationship.is_open:
        raise ValidationError(_("The client relationship has ended."))
    if accept:
        before = snapshot(relationship, ["responsible_worker", "pair_worker"])
        relationship.responsible_worker = actor
        if relationship.pair_worker_id == actor.pk:
            relationship.pair_worker = None
        relationship.seen_at = timezone.now()
        relationship.save(update_fields=["responsible_worker", "pair_worker", "seen_at"])
        _record(actor, relationship, before, "handover")
        handover.accepted_at = timezone.now()
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Tell your colleague why you cannot take the client.")})
        handover.declined_at = timezone.now()
        handover.decline_reason = reason
        record_change(
            actor=actor,
            instance=handover,
            client_id=handover.client_id,
            action="decline",
            before={},
            after={"decline_reason": reason},
        )
    handover.save()
    return handover


def mentions_client(text: str, relationship: ClientRelationship) -> bool:
    """Whether an 'anonymised' text still names the client or gives their identity code."""
    client = relationship.client
    words = {search_key(w.strip(".,;:!?()\"'")) for w in text.split()}
    names = {search_key(n) for n in f"{client.first_names} {client.last_name}".split()}
    code = client.identity_code.upper()
    return bool(words & names) or bool(code and code[:6] in text.upper())


@transaction.atomic
def case_meeting_bring(
    *, actor: Worker, relationship: ClientRelationship, summary: str, question: str
) -> CaseMeetingItem:
    check_worker(actor, relationship, Capability.WRITE_JOURNAL)
    if mentions_client(summary + " " + question, relationship):
        raise ValidationError(
            {"summary": _("The summary names the client or gives their identity code. Remove them first.")}
        )
    item = CaseMeetingItem(
        organisation_id=actor.organisation_id,
        team_id=relationship.team_id,
        relationship=relationship,
        brought_by=actor,
        summary=summary,
        question=question,
    )
    item.full_clean()
    item.save()
    record_change(
        actor=actor,
        instance=item,
        client_id=relationship.client_id,
        action="bring",
        before={},
        after=snapshot(item, ["summary", "question"]),
    )
    return item


@transaction.atomic
def case_meeting_advise(*, actor: Worker, item: CaseMeetingItem, advice: str) -> CaseMeetingItem:
    """The team's advice on an anonymised item: any member of the team, without reading
    the client (the item does not name them)."""
    if not actor.does_client_work or not actor.teams.filter(pk=item.team_id).exists():
        raise PermissionDenied
    if not advice.strip():
        raise ValidationError({"advice": _("Write the team's advice.")})
    item.advice = advice
    item.advice_recorded_by = actor
    item.advice_recorded_at = timezone.now()
    item.save(update_fields=["advice", "advice_recorded_by", "advice_recorded_at"])
    record_change(
        actor=actor,
        instance=item,
        client_id=item.relationship.client_id,
        action="advise",
        before={},
        after={"advice": advice},
    )
    return item


@transaction.atomic
def journal_add(*, actor: Worker, relationship: ClientRelationship, data: dict[str, Any]) -> JournalEntry:
    check_worker(actor, relationship, Capability.WRITE_JOURNAL)
    goal = data.get("goal")
    if goal is not None and goal.plan_version.plan.relationship_id != relationship.pk:
        raise ValidationError({"goal": _("Choose a goal of this client's plan.")})
    entry = JournalEntry(
        organisation_id=actor.organisation_id,
        relationship=relationship,
        client_id=relationship.client_id,
        author=actor,
        **{name: data[name] for name in ("kind", "happened_on", "no_show", "text", "goal") if name in data},
    )
    if entry.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("The date cannot be in the future.")})
    entry.full_clean()
    entry.save()
    record_change(
        actor=actor,
        instance=entry,
        client_id=relationship.client_id,
        action="create",
        before={},
        after=snapshot(entry, ["kind", "happened_on", "no_show", "text"]),
    )
    return entry


@transaction.atomic
def relationship_close(
    *, actor: Worker, relationship: ClientRelationship, reason: str, guidance: str
) -> None:
    """The client relationship ends: why, and what guidance was given or to whom the client
    was handed over. The record stays (retention, not deletion)."""
    _check_responsible(actor, relationship)
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Write why the client relationship ends.")
    if not guidance.strip():
        errors["guidance"] = _("Write what guidance was given or to whom the client was handed over.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(relationship, ["stage", "closed_at"])
    relationship.closed_at = timezone.now()
    relationship.stage = CaseStage.CLOSING
    relationship.closing_reason = reason
    relationship.closing_guidance = guidance
    relationship.save(update_fields=["closed_at", "stage", "closing_reason", "closing_guidance"])
    _record(actor, relationship, before, "close")


@transaction.atomic
def relationship_set_kind(
    *, actor: Worker, relationship: ClientRelationship, kind: str, today: date | None = None
) -> None:
    """Youth aftercare (Child Welfare Act 75 §) is for a young adult aged 18–24 on the day it
    is recorded; it ends the day before the 25th birthday."""
    _check_responsible(actor, relationship)
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": _("Choose the kind of client relationship.")})
    today = today or timezone.localdate()
    if kind == RelationshipKind.AFTERCARE and not may_be_in_aftercare(relationship.client.birth_date, today):
        message = (
            _("Aftercare needs the client's date of birth. Add it to the client's details first.")
            if relationship.client.birth_date is None
            else _("Aftercare is for young adults aged 18–24. This client is not of that age.")
        )
        raise ValidationError({"kind": message})
    before = snapshot(relationship, ["kind"])
    relationship.kind = kind
    relationship.save(update_fields=["kind"])
    record_change(
        actor=actor,
        instance=relationship,
        client_id=relationship.client_id,
        action="set_kind",
        before=before,
        after={"kind": kind},
    )


def reminder_mark_done(*, actor: Worker, reminder: Reminder) -> None:
    """A reminder is the worker's own note of work to do: only they mark it done. It names a
    client but changes nothing in the client's record, so it asks no capability of the gate."""
    if reminder.worker_id != actor.pk:
        raise PermissionDenied
    if reminder.done_at is None:
        reminder.done_at = timezone.now()
        reminder.save(update_fields=["done_at"])
