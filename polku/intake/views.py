from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.access.capabilities import Capability
from polku.access.gate import TooManyChecks, capabilities_of, client_get_for
from polku.access.models import View
from polku.access.rules import WorkerRequest, client_work, for_roles, team_lead_only
from polku.core.forms import show_refusal
from polku.core.limits import parse_day
from polku.core.models import Role, Team
from polku.intake import rota, selectors, services
from polku.intake.forms import (
    AssignForm,
    ContactAttemptForm,
    GuidanceForm,
    IntakeForm,
    OutcomeForm,
    PersonNamesForm,
    RotaGenerateForm,
    RotaWeekForm,
    UrgencyForm,
    UrgentHandlingForm,
)
from polku.intake.models import Complexity, Intake, Resources, Stage
from polku.intake.weeks import week_start_of

guidance_roles = for_roles(Role.GUIDANCE_WORKER, Role.TEAM_LEAD)
duty_roles = for_roles(Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR, Role.TEAM_LEAD)


@client_work
def intake_register(request: WorkerRequest) -> HttpResponse:
    client = None
    if "client" in request.GET:
        client_id = request.GET["client"]
        if not client_id.isdecimal() or len(client_id) > 18:
            raise Http404
        client, _basis = client_get_for(worker=request.user, client_id=int(client_id), view=View.CLIENT_PAGE)
    same_name: list[Any] = []
    refusal = None
    if request.method == "POST" and client is None and not request.POST.get("identity_code", "").strip():
        # Names are looked up only when fit to be (not too long, no null characters); if they
        # are not, the intake form below says what is wrong with them.
        names = PersonNamesForm(request.POST)
        try:
            if names.is_valid():
                same_name = selectors.same_name_clients(worker=request.user, **names.cleaned_data)
        except TooManyChecks as error:
            refusal = error
    triage = request.user.role in (Role.GUIDANCE_WORKER, Role.TEAM_LEAD)
    form = IntakeForm(
        request.POST or None, worker=request.user, client=client, same_name=same_name, triage=triage
    )
    if refusal is not None and form.is_valid():
        show_refusal(form, refusal)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("same_as")
        if chosen and chosen != "new":
            client = next(c for c in same_name if str(c.pk) == chosen)
        try:
            intake = services.intake_register_and_triage(
                actor=request.user, client=client, data=form.cleaned_data
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if intake.stage != Stage.GUIDANCE:
                # Screen 1 of a live call: the next call is registered on the same screen.
                messages.success(
                    request,
                    _("The intake has been registered and sent to the duty pair as urgent.")
                    if intake.stage == Stage.URGENT
                    else _("The intake has been registered and forwarded to the duty pair for distribution."),
                )
                return redirect("intake_register")
            messages.success(
                request, _("The intake has been registered and is in the service guidance queue.")
            )
            if not selectors.may_still_read(worker=request.user, intake=intake):
                return redirect("home")
            return redirect("intake_detail", intake_id=intake.pk)
    return render(request, "intake/register.html", {"form": form, "client": client})


def _intake_forms(intake: Intake, bound: dict[str, BaseForm]) -> dict[str, BaseForm]:
    org = intake.organisation_id
    forms: dict[str, BaseForm] = {
        "contact_form": ContactAttemptForm(),
        "urgency_form": UrgencyForm(
            organisation_id=org,
            initial={
                "is_urgent": intake.is_urgent,
                "criteria": list(intake.urgency_criteria.all()),
                "reason": intake.urgency_reason,
            },
        ),
        "guidance_form": GuidanceForm(
            organisation_id=org,
            initial={
                "guidance_given": intake.guidance_given,
                "categories": list(intake.guidance_categories.all()),
                "motivation": intake.motivation,
            },
        ),
        "outcome_form": OutcomeForm(),
        "handling_form": UrgentHandlingForm(initial={"handling": intake.urgent_handling}),
    }
    forms.update(bound)
    return forms


def _detail(
    request: WorkerRequest, intake_id: int, bound: dict[str, BaseForm] | None = None, **extra: Any
) -> HttpResponse:
    intake, basis = selectors.intake_get_for(worker=request.user, intake_id=intake_id)
    selectors.with_time_left([intake], request.user.organisation)
    history = selectors.intake_history(worker=request.user, intake=intake)
    can = capabilities_of(request.user, intake.client)
    context = {
        "intake": intake,
        "basis": basis,
        "can": can,
        "history": history,
        "not_reached": selectors.not_reached(history),
        "attempts": intake.contact_attempts.select_related("worker"),
        "can_guide": Capability.GUIDE in can and intake.stage == Stage.GUIDANCE,
        "can_distribute": Capability.DISTRIBUTE in can and intake.stage in (Stage.DISTRIBUTION, Stage.URGENT),
        "can_handle_urgent": Capability.HANDLE_URGENT in can and intake.stage == Stage.URGENT,
        **_intake_forms(intake, bound or {}),
        **extra,
    }
    return render(request, "intake/detail.html", context, status=400 if bound else 200)


@client_work
def intake_detail(request: WorkerRequest, intake_id: int) -> HttpResponse:
    return _detail(request, intake_id)


@client_work
@require_POST
def intake_notifier(request: WorkerRequest, intake_id: int) -> HttpResponse:
    intake, _basis = selectors.intake_get_for(worker=request.user, intake_id=intake_id)
    selectors.notifier_reveal(worker=request.user, intake=intake)
    return _detail(request, intake_id, show_notifier=True)


def _step(request: WorkerRequest, intake_id: int, name: str, form: BaseForm, act: Any) -> HttpResponse:
    """Run one guidance step: a valid form goes to its service; a refusal or bad input
    shows the page again with what was typed."""
    intake, _basis = selectors.intake_get_for(worker=request.user, intake_id=intake_id)
    if form.is_valid():
        try:
            act(intake, form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            intake.refresh_from_db(fields=["stage"])
            if not selectors.may_still_read(worker=request.user, intake=intake):
                # The step ended this worker's part (e.g. forwarded): back to their queue.
                return redirect("guidance_queue" if name == "outcome" else "distribution_queue")
            return redirect(f"{intake.get_absolute_url()}#{name}")
    return _detail(request, intake_id, {f"{name}_form": form})


@guidance_roles
@require_POST
def intake_contact(request: WorkerRequest, intake_id: int) -> HttpResponse:
    return _step(
        request,
        intake_id,
        "contact",
        ContactAttemptForm(request.POST),
        lambda intake, data: services.contact_attempt_add(actor=request.user, intake=intake, data=data),
    )


@guidance_roles
@require_POST
def intake_urgency(request: WorkerRequest, intake_id: int) -> HttpResponse:
    return _step(
        request,
        intake_id,
        "urgency",
        UrgencyForm(request.POST, organisation_id=request.user.organisation_id),
        lambda intake, data: services.intake_assess_urgency(actor=request.user, intake=intake, **data),
    )


@guidance_roles
@require_POST
def intake_guidance(request: WorkerRequest, intake_id: int) -> HttpResponse:
    return _step(
        request,
        intake_id,
        "guidance",
        GuidanceForm(request.POST, organisation_id=request.user.organisation_id),
        lambda intake, data: services.intake_record_guidance(actor=request.user, intake=intake, **data),
    )


@guidance_roles
@require_POST
def intake_outcome(request: WorkerRequest, intake_id: int) -> HttpResponse:
    return _step(
        request,
        intake_id,
        "outcome",
        OutcomeForm(request.POST),
        lambda intake, data: services.intake_decide(actor=request.user, intake=intake, **data),
    )


@duty_roles
@require_POST
def intake_urgent_handling(request: WorkerRequest, intake_id: int) -> HttpResponse:
    return _step(
        request,
        intake_id,
        "handling",
        UrgentHandlingForm(request.POST),
        lambda intake, data: services.intake_record_urgent_handling(
            actor=request.user, intake=intake, **data
        ),
    )


@guidance_roles
def guidance_queue(request: WorkerRequest) -> HttpResponse:
    page = selectors.guidance_queue(worker=request.user, page_number=request.GET.get("page", 1))
    return render(request, "intake/guidance_queue.html", {"page": page, "today": timezone.localdate()})


@duty_roles
def distribution_queue(request: WorkerRequest) -> HttpResponse:
    queue = selectors.distribution_queue(worker=request.user, page_number=request.GET.get("page", 1))
    pairs = [(team, rota.duty_pair_now(team)) for team in request.user.teams.all()]
    distributed = selectors.distributed_this_week(worker=request.user)
    return render(
        request,
        "intake/distribution_queue.html",
        {"queue": queue, "pairs": pairs, "distributed": distributed},
    )


@duty_roles
def intake_distribute(request: WorkerRequest, intake_id: int) -> HttpResponse:
    """Screen 3 of a live call: the pair sees the intake, its guidance and history and the
    workers who can take the client, classifies the need and assigns, on one page."""
    intake, _basis = selectors.intake_get_for(worker=request.user, intake_id=intake_id)
    if intake.stage not in (Stage.DISTRIBUTION, Stage.URGENT):
        messages.info(request, _("This intake is no longer waiting for distribution."))
        return redirect("distribution_queue")
    if Capability.DISTRIBUTE not in capabilities_of(request.user, intake.client):
        raise PermissionDenied
    quadrant = services.quadrant_of(request.user.organisation_id)
    picks = selectors.picker_for(intake=intake)

    def assign_form(data: Any) -> AssignForm:
        return AssignForm(data, quadrant=quadrant, picks=picks, team=intake.team)

    form = assign_form(request.POST or None)
    preview = request.POST.get("action") == "preview"
    if request.method == "POST" and not preview and form.is_valid():
        try:
            relationship = services.intake_assign(actor=request.user, intake=intake, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(client)s is now %(worker)s's client.")
                % {"client": intake.client.full_name, "worker": relationship.responsible_worker},
            )
            return redirect("distribution_queue")
    loads = [pick.load for pick in picks if pick.in_team]
    complexity, resources = form["complexity"].value(), form["resources"].value()
    chosen = complexity in Complexity.values and resources in Resources.values
    recommended = quadrant.role_for(complexity, resources) if chosen else None
    suggestion = selectors.suggest(loads, recommended) if recommended else None
    if preview and suggestion and not request.POST.get("responsible"):
        # The suggestion is pre-selected; the pair can still choose someone else.
        data = request.POST.copy()
        data["responsible"] = str(suggestion.worker.pk)
        form = assign_form(data)
    selectors.with_time_left([intake], request.user.organisation)
    history = selectors.intake_history(worker=request.user, intake=intake)
    context = {
        "intake": intake,
        "history": history,
        "not_reached": selectors.not_reached(history),
        "attempts": list(intake.contact_attempts.all()),
        "form": form,
        "quadrant": quadrant,
        "loads": loads,
        "may_take": services.roles_for(quadrant=quadrant, complexity=complexity, resources=resources)
        if chosen
        else None,
        "recommended": Role(recommended).label if recommended else None,
        "suggestion": suggestion,
    }
    if preview:
        form.errors.clear()
    return render(request, "intake/distribute.html", context, status=400 if form.errors else 200)


@client_work
def duty_rota(request: WorkerRequest) -> HttpResponse:
    teams = list(request.user.teams.all())
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0] if teams else None)
    weeks = rota.team_rota(team, timezone.localdate(), 12) if team else []
    is_lead = request.user.role == Role.TEAM_LEAD
    return render(
        request,
        "intake/duty_rota.html",
        {
            "teams": teams,
            "team": team,
            "weeks": weeks,
            "is_lead": is_lead,
            "generate_form": RotaGenerateForm(),
        },
    )


def _lead_team(request: WorkerRequest, team_id: int) -> Team:
    return get_object_or_404(request.user.teams.all(), pk=team_id)


@team_lead_only
def duty_week_edit(request: WorkerRequest, team_id: int, week: str) -> HttpResponse:
    team = _lead_team(request, team_id)
    try:
        week_start = week_start_of(parse_day(week))
    except ValueError as error:
        raise Http404 from error
    current = rota.team_rota(team, week_start, 1)[0].duty
    initial = (
        {"social_worker": current.social_worker, "social_counsellor": current.social_counsellor}
        if current
        else {}
    )
    form = RotaWeekForm(request.POST or None, team=team, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rota.duty_week_set(actor=request.user, team=team, week_start=week_start, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The duty pair has been saved."))
            return redirect(_rota_url(team))
    return render(
        request, "intake/duty_week_edit.html", {"form": form, "team": team, "week_start": week_start}
    )


def _rota_url(team: Team) -> str:
    return f"{reverse('duty_rota')}?team={team.pk}"


@team_lead_only
def duty_rota_generate(request: WorkerRequest, team_id: int) -> HttpResponse:
    team = _lead_team(request, team_id)
    form = RotaGenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = rota.duty_rota_generate(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, _("%(count)s duty weeks have been generated.") % {"count": len(result.weeks)}
            )
            for monday in result.unfilled:
                messages.warning(
                    request,
                    _(
                        "Week %(week)s has no duty pair: everyone of a role is absent. "
                        "Choose the pair by hand."
                    )
                    % {"week": monday.isocalendar()[1]},
                )
            return redirect(_rota_url(team))
    return render(
        request,
        "intake/duty_rota_generate.html",
        {"form": form, "team": team},
        status=400 if form.errors else 200,
    )
