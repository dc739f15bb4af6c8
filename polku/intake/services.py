"""Writes along the intake path: register → guidance (contacts, urgency, advice,
motivation) → outcome → distribution by the duty pair → a responsible worker.

Each step is a service that checks the stage, saves in a transaction and records history.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import bases_of, existence_checks, require
from polku.access.models import Basis, View
from polku.casework.models import ClientRelationship
from polku.clients.identity_code import parse_identity_code
from polku.clients.models import Client, search_key
from polku.clients.services import client_create
from polku.core.history import record_change, snapshot
from polku.core.models import Municipality, Role, Team, Worker
from polku.core.selectors import absence_on
from polku.core.working_days import calendar_of
from polku.intake.models import (
    CLOSING_OUTCOMES,
    OPEN_STAGES,
    SPECIAL_SUPPORT,
    Channel,
    ContactAttempt,
    ContactMethod,
    DeadlineRule,
    GuidanceCategory,
    Intake,
    Outcome,
    Quadrant,
    QuadrantRating,
    ReceivedHow,
    Stage,
    UrgencyCriterion,
    quadrant_code,
)
from polku.intake.rota import duty_weeks_of

INTAKE_FIELDS = [
    "channel",
    "received_at",
    "received_how",
    "description",
    "notifier_type",
    "notifier_name",
    "notifier_organisation",
    "notifier_contact",
    "deadline_rule",
    "start_by",
    "complete_by",
    "stage",
    "is_urgent",
    "urgency_reason",
    "guidance_given",
    "motivation",
    "outcome",
    "outcome_note",
    "urgent_handling",
    "other_team_reason",
]


REGISTER_FIELDS = INTAKE_FIELDS[:9]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def deadlines(*, rule: DeadlineRule, received: date) -> tuple[date, date | None]:
    """When the service needs assessment must start and, where the rule says, be complete."""
    start_by = calendar_of(rule.organisation).add_working_days(received, rule.start_working_days)
    complete_by = add_months(received, rule.complete_months) if rule.complete_months else None
    return start_by, complete_by


def _record(actor: Worker, intake: Intake, before: dict[str, Any], action: str) -> None:
    record_change(
        actor=actor,
        instance=intake,
        client_id=intake.client_id,
        action=action,
        before=before,
        after=snapshot(intake, INTAKE_FIELDS),
    )


def _locked(actor: Worker, intake: Intake, stages: Iterable[str], capability: Capability) -> Intake:
    """The intake, locked for this transaction, if the actor may `capability` with its client
    (the gate: 404 or 403) and it is still at one of `stages`.

    Two workers acting on the same intake: the second is told it has moved on, and nothing
    the first did is overwritten."""
    current = (
        Intake.objects.select_for_update()
        .select_related("client")
        .filter(pk=intake.pk, organisation_id=actor.organisation_id)
        .first()
    )
    if current is None:
        raise PermissionDenied
    basis = require(actor=actor, client=current.client, capability=capability)
    if not _basis_covers_intake(actor, current, basis):
        raise PermissionDenied
    if current.stage not in stages:
        raise ValidationError(
            _("This intake has already moved on: it is now %(stage)s. Reload the page to see it.")
            % {"stage": current.get_stage_display()}
        )
    return current


def _basis_covers_intake(actor: Worker, intake: Intake, basis: Basis) -> bool:
    """The duty pair's and the guidance worker's bases are about their team's intakes: a
    basis from one team's intake does not reach the same client's intake in another team."""
    if basis == Basis.DUTY_PAIR:
        return any(duty.team_id == intake.team_id for duty in duty_weeks_of(actor))
    if basis == Basis.GUIDANCE:
        return actor.teams.filter(pk=intake.team_id).exists()
    return True


@transaction.atomic
def intake_register(*, actor: Worker, client: Client, data: dict[str, Any]) -> Intake:
    """A contact or notification about a registered client. Anyone doing client work may
    receive one about anyone; it opens no more than the registrar's and the guidance basis
    (the basics and the intake, while it is in guidance)."""
    if not actor.does_client_work or client.organisation_id != actor.organisation_id:
        raise PermissionDenied
    rule: DeadlineRule = data["deadline_rule"]
    received_at = data["received_at"]
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("The time received cannot be in the future.")})
    start_by, complete_by = deadlines(rule=rule, received=timezone.localdate(received_at))
    intake = Intake(
        organisation_id=actor.organisation_id,
        client=client,
        team_id=client.team_id,
        registered_by=actor,
        start_by=start_by,
        complete_by=complete_by,
        **{name: data[name] for name in REGISTER_FIELDS if name in data},
    )
    if rule.organisation_id != actor.organisation_id:
        raise ValidationError({"deadline_rule": _("Choose a deadline rule of your own organisation.")})
    intake.full_clean()
    intake.save()
    _record(actor, intake, {}, "create")
    return intake


@transaction.atomic
def contact_attempt_add(*, actor: Worker, intake: Intake, data: dict[str, Any]) -> ContactAttempt:
    intake = _locked(actor, intake, OPEN_STAGES, Capability.GUIDE)
    attempt = ContactAttempt(intake=intake, worker=actor, **data)
    attempt.full_clean()
    attempt.save()
    if intake.guidance_worker_id is None and intake.stage == Stage.GUIDANCE:
        Intake.objects.filter(pk=intake.pk).update(guidance_worker=actor)
    record_change(
        actor=actor,
        instance=attempt,
        client_id=intake.client_id,
        action="create",
        before={},
        after=snapshot(attempt, ["at", "method", "reached", "note"]),
    )
    return attempt


@transaction.atomic
def intake_assess_urgency(
    *, actor: Worker, intake: Intake, is_urgent: bool, criteria: Iterable[UrgencyCriterion], reason: str
) -> Intake:
    """Urgency is assessed at once, against the team's written criteria (SHL 36 §)."""
    intake = _locked(actor, intake, [Stage.GUIDANCE], Capability.GUIDE)
    criteria = list(criteria)
    if is_urgent and not criteria:
        raise ValidationError({"criteria": _("Tick the urgency criteria that apply.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Write the reasons for your assessment.")})
    before = snapshot(intake, INTAKE_FIELDS)
    intake.is_urgent = is_urgent
    intake.urgency_reason = reason
    intake.urgency_assessed_at = timezone.now()
    intake.urgency_assessed_by = actor
    intake.guidance_worker = intake.guidance_worker or actor
    if is_urgent:
        urgent_rule = DeadlineRule.objects.filter(
            organisation_id=intake.organisation_id, for_urgent=True
        ).first()
        if urgent_rule:
            intake.deadline_rule = urgent_rule
            intake.start_by = timezone.localdate()
    intake.save()
    intake.urgency_criteria.set(criteria)
    _record(actor, intake, before, "assess_urgency")
    return intake


@transaction.atomic
def intake_record_guidance(
    *,
    actor: Worker,
    intake: Intake,
    guidance_given: str,
    categories: Iterable[GuidanceCategory],
    motivation: str,
) -> Intake:
    intake = _locked(actor, intake, [Stage.GUIDANCE], Capability.GUIDE)
    before = snapshot(intake, INTAKE_FIELDS)
    intake.guidance_given = guidance_given
    intake.motivation = motivation
    intake.guidance_worker = intake.guidance_worker or actor
    intake.full_clean()
    intake.save()
    intake.guidance_categories.set(list(categories))
    _record(actor, intake, before, "record_guidance")
    return intake


@transaction.atomic
def intake_decide(*, actor: Worker, intake: Intake, outcome: str, note: str) -> Intake:
    """The outcome of service guidance. What goes on needs an urgency assessment first."""
    intake = _locked(actor, intake, [Stage.GUIDANCE], Capability.GUIDE)
    if outcome in (Outcome.FORWARDED, Outcome.URGENT_DUTY) and intake.is_urgent is None:
        raise ValidationError(
            {
                "outcome": _(
                    "Assess the urgency before you forward the intake. The assessment is recorded above."
                )
            }
        )
    if outcome == Outcome.URGENT_DUTY and not intake.is_urgent:
        raise ValidationError(
            {"outcome": _("The urgency assessment says this is not urgent. Change the assessment first.")}
        )
    if outcome in CLOSING_OUTCOMES and intake.channel == Channel.NOTIFICATION and intake.is_urgent is None:
        # A notification without consent is made when the person evidently cannot look
        # after themselves (SHL 35 §): it is not closed before someone has judged whether
        # they need help at once.
        raise ValidationError(
            {"outcome": _("This is a notification without consent: assess the urgency before you close it.")}
        )
    if outcome == Outcome.GUIDANCE_ONLY and not intake.guidance_given.strip():
        raise ValidationError({"outcome": _("Record the guidance given before closing with guidance only.")})
    before = snapshot(intake, INTAKE_FIELDS)
    intake.outcome = outcome
    intake.outcome_note = note
    intake.decided_at = timezone.now()
    intake.guidance_worker = intake.guidance_worker or actor
    if outcome in CLOSING_OUTCOMES:
        intake.stage = Stage.CLOSED
        intake.closed_at = intake.decided_at
    else:
        intake.stage = Stage.URGENT if outcome == Outcome.URGENT_DUTY else Stage.DISTRIBUTION
    intake.save()
    _record(actor, intake, before, "decide")
    return intake


@transaction.atomic
def intake_record_urgent_handling(*, actor: Worker, intake: Intake, handling: str) -> Intake:
    intake = _locked(actor, intake, [Stage.URGENT], Capability.HANDLE_URGENT)
    if not handling.strip():
        raise ValidationError({"handling": _("Write what was done.")})
    before = snapshot(intake, INTAKE_FIELDS)
    intake.urgent_handling = handling
    intake.urgent_handled_at = timezone.now()
    intake.urgent_handled_by = actor
    intake.save()
    _record(actor, intake, before, "urgent_handling")
    return intake


def quadrant_of(organisation_id: int) -> Quadrant:
    quadrant, _created = Quadrant.objects.get_or_create(organisation_id=organisation_id)
    return quadrant


def quadrant_rate(
    *,
    actor: Worker,
    client: Client,
    complexity: str,
    resources: str,
    note: str,
    intake: Intake | None = None,
    relationship: ClientRelationship | None = None,
) -> QuadrantRating:
    rating = QuadrantRating(
        organisation_id=actor.organisation_id,
        client=client,
        intake=intake,
        relationship=relationship,
        complexity=complexity,
        resources=resources,
        recommended_role=quadrant_of(actor.organisation_id).role_for(complexity, resources),
        note=note,
        rated_by=actor,
    )
    rating.full_clean()
    rating.save()
    if relationship is not None:
        ClientRelationship.objects.filter(pk=relationship.pk).update(quadrant=rating.code)
    return rating


def check_assignable(
    *, rating: QuadrantRating, worker: Worker, role_field: str = "responsible", as_responsible: bool = True
) -> None:
    """The model's division of labour and the worker's presence, in words the pair reads."""
    today = timezone.localdate()
    absence = absence_on(worker, today)
    if absence is not None:
        raise ValidationError(
            {
                role_field: _("%(name)s is absent %(start)s–%(end)s. Choose another worker.")
                % {
                    "name": worker,
                    "start": dateformat.format(absence.starts_on, "j.n."),
                    "end": dateformat.format(absence.ends_on, "j.n.Y"),
                }
            }
        )
    if as_responsible and rating.code == SPECIAL_SUPPORT and worker.role != Role.SOCIAL_WORKER:
        raise ValidationError(
            {
                role_field: _(
                    "The client has a special support need, so the responsible worker must be a "
                    "social worker."
                )
            }
        )


# Who may take a client at distribution (the Pohjois-Savo division of labour): a social
# worker or a social counsellor, a guidance worker only where the organisation's quadrant
# sends the need to guidance; a special support need needs a social worker (SHL 3 §, 42 §).
TAKES_CLIENTS = (Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR)


def roles_for(
    *, quadrant: Quadrant, complexity: str, resources: str, as_responsible: bool = True
) -> list[str]:
    """The roles that may take the client as responsible (or pair) worker for this need."""
    if as_responsible and quadrant_code(complexity, resources) == SPECIAL_SUPPORT:
        return [Role.SOCIAL_WORKER]
    roles: list[str] = list(TAKES_CLIENTS)
    if not as_responsible or quadrant.role_for(complexity, resources) == Role.GUIDANCE_WORKER:
        roles.append(Role.GUIDANCE_WORKER)
    return roles


def check_role(*, worker: Worker, roles: list[str], role_field: str) -> None:
    """A special support need is refused earlier (check_assignable) in its own words."""
    if worker.role in roles:
        return
    raise ValidationError(
        {
            role_field: _(
                "%(name)s is a %(role)s and cannot take this client. Choose a social worker or a "
                "social counsellor."
            )
            % {"name": worker, "role": worker.get_role_display()}
        }
    )


def check_team(*, worker: Worker, intake: Intake, other_team: bool, reason: str, role_field: str) -> None:
    """A worker of another team takes the client only by an explicit choice with a reason,
    which is recorded: the team's own workers come first."""
    if worker.teams.filter(pk=intake.team_id).exists():
        return
    if not other_team:
        raise ValidationError(
            {
                role_field: _(
                    "%(name)s is not in %(team)s. To give the client to a worker of another team, "
                    'tick "Give the client to a worker of another team" and write why.'
                )
                % {"name": worker, "team": intake.team}
            }
        )
    if not reason.strip():
        raise ValidationError(
            {"other_team_reason": _("Write why the client is given to a worker of another team.")}
        )


@transaction.atomic
def intake_assign(
    *,
    actor: Worker,
    intake: Intake,
    complexity: str,
    resources: str,
    note: str,
    responsible: Worker,
    pair: Worker | None = None,
    other_team: bool = False,
    other_team_reason: str = "",
) -> ClientRelationship:
    """Distribution: the duty pair classifies the support need and opens the client
    relationship with a responsible (and optionally a pair) worker.

    Refused with a reason the pair reads: an absent worker, a worker whose role cannot take
    this need, and a worker of another team without an explicit choice and a reason."""
    intake = _locked(actor, intake, [Stage.DISTRIBUTION, Stage.URGENT], Capability.DISTRIBUTE)
    for worker in filter(None, [responsible, pair]):
        if worker.organisation_id != actor.organisation_id or not worker.does_client_work:
            raise ValidationError(_("Choose a worker of your own organisation."))
    if pair is not None and pair.pk == responsible.pk:
        raise ValidationError(
            {"pair": _("The pair worker must be someone else than the responsible worker.")}
        )
    rating = QuadrantRating(complexity=complexity, resources=resources)
    quadrant = quadrant_of(actor.organisation_id)
    outside = False
    chosen = [(responsible, "responsible", True)] + ([(pair, "pair", False)] if pair is not None else [])
    for worker, field, as_responsible in chosen:
        check_assignable(rating=rating, worker=worker, role_field=field, as_responsible=as_responsible)
        roles = roles_for(
            quadrant=quadrant, complexity=complexity, resources=resources, as_responsible=as_responsible
        )
        check_role(worker=worker, roles=roles, role_field=field)
        check_team(
            worker=worker, intake=intake, other_team=other_team, reason=other_team_reason, role_field=field
        )
        outside = outside or not worker.teams.filter(pk=intake.team_id).exists()
    relationship = ClientRelationship.objects.create(
        organisation_id=actor.organisation_id,
        client_id=intake.client_id,
        team_id=intake.team_id,
        intake=intake,
        responsible_worker=responsible,
        pair_worker=pair,
        quadrant=quadrant_code(complexity, resources),
        opened_by=actor,
    )
    quadrant_rate(
        actor=actor,
        client=intake.client,
        complexity=complexity,
        resources=resources,
        note=note,
        intake=intake,
        relationship=relationship,
    )
    before = snapshot(intake, INTAKE_FIELDS)
    intake.stage = Stage.ASSIGNED
    intake.other_team_reason = other_team_reason.strip() if outside else ""
    intake.closed_at = timezone.now()
    intake.save()
    _record(actor, intake, before, "assign")
    record_change(
        actor=actor,
        instance=relationship,
        client_id=intake.client_id,
        action="create",
        before={},
        after=snapshot(relationship, ["responsible_worker", "pair_worker", "quadrant"]),
    )
    return relationship


def team_for(*, actor: Worker, municipality: Municipality | None) -> Team:
    """The local team serving the municipality, else the registering worker's own team."""
    team = None
    if municipality is not None:
        team = Team.objects.filter(organisation_id=actor.organisation_id, municipalities=municipality).first()
    team = team or actor.teams.order_by("name").first()
    if team is None:
        raise ValidationError(_("You are not in any team. Ask the administrator to add you to one."))
    return team


@transaction.atomic
def intake_register_for_person(*, actor: Worker, client: Client | None, data: dict[str, Any]) -> Intake:
    """An intake about `client`, or about the person the form names: the registered client
    with the identity code, or a new client. One transaction: a refused intake leaves no
    new client behind."""
    return intake_register(actor=actor, client=client or client_for_intake(actor=actor, data=data), data=data)


CONTACT_METHOD: dict[str, str] = {
    ReceivedHow.PHONE: ContactMethod.PHONE,
    ReceivedHow.LETTER: ContactMethod.LETTER,
    ReceivedHow.E_SERVICE: ContactMethod.E_SERVICE,
    ReceivedHow.IN_PERSON: ContactMethod.VISIT,
}


@transaction.atomic
def intake_register_and_triage(*, actor: Worker, client: Client | None, data: dict[str, Any]) -> Intake:
    """A call taken live, on one screen: the intake registered, the call recorded as a
    contact, urgency assessed and the intake forwarded. Each step is the service the intake
    page uses, asking the gate for itself; a refused step leaves nothing behind."""
    intake = intake_register_for_person(actor=actor, client=client, data=data)
    if not (data.get("reached") or data.get("is_urgent") is not None or data.get("outcome")):
        return intake
    # Registering opened the guidance basis (the intake is in the team's guidance queue), so
    # the bases this request keeps are read again.
    bases_of(actor, fresh=True)
    try:
        return _triage(actor=actor, intake=intake, data=data)
    except (PermissionDenied, Http404) as refused:
        # Only the client's own team guides the intake (a guidance worker of another team
        # registers it for them).
        raise ValidationError(
            {
                "outcome": _(
                    "The client belongs to %(team)s, whose service guidance takes the intake from "
                    "here. Register it without the contact, urgency and forwarding."
                )
                % {"team": intake.team}
            }
        ) from refused


def _triage(*, actor: Worker, intake: Intake, data: dict[str, Any]) -> Intake:
    if data.get("reached"):
        contact_attempt_add(
            actor=actor,
            intake=intake,
            data={"at": intake.received_at, "method": CONTACT_METHOD[intake.received_how], "reached": True},
        )
    if data.get("is_urgent") is not None:
        intake_assess_urgency(
            actor=actor,
            intake=intake,
            is_urgent=data["is_urgent"],
            criteria=data.get("criteria") or [],
            reason=data.get("reason", ""),
        )
    if data.get("outcome"):
        intake = intake_decide(actor=actor, intake=intake, outcome=data["outcome"], note="")
    return intake


def _names_differ(client: Client, data: dict[str, Any]) -> bool:
    """A typo in an identity code must not file the intake on someone else: the last name,
    when given, must be the registered one."""
    typed = search_key(str(data.get("last_name", "")).strip())
    return bool(typed) and typed != search_key(client.last_name)


def client_for_intake(*, actor: Worker, data: dict[str, Any]) -> Client:
    """The registered client with the identity code, or a new client with what is known.

    A notification may name a person with only a name and a municipality: they are
    registered with those and completed later. Finding a registered client the worker has
    no basis for is an existence check: logged and limited per hour."""
    code = data.get("identity_code", "")
    if code:
        existing = Client.objects.filter(organisation_id=actor.organisation_id, identity_code=code).first()
        if existing is not None:
            if _names_differ(existing, data):
                raise ValidationError(
                    {
                        "identity_code": _(
                            "A client with this identity code is registered under another name. "
                            "Check the identity code and the name."
                        )
                    }
                )
            if bases_of(actor).for_client(existing) is None:
                existence_checks(
                    worker=actor, clients=[existing], view=View.EXISTENCE_CHECK, basis=Basis.EXISTENCE_CHECK
                )
            return existing
    municipality = data.get("municipality")
    return client_create(
        actor=actor,
        data={
            "identity_code": code,
            "birth_date": parse_identity_code(code).birth_date if code else None,
            "first_names": data.get("first_names", ""),
            "last_name": data.get("last_name", ""),
            "municipality": municipality,
            "phone": data.get("phone", ""),
            "team": team_for(actor=actor, municipality=municipality),
        },
    )
