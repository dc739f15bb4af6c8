from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of, client_get_for
from polku.access.models import View
from polku.access.pdf import pdf_response
from polku.access.rules import WorkerRequest, client_work, for_roles
from polku.core.forms import show_refusal
from polku.core.models import CLIENT_WORK_ROLES, Role
from polku.network import calendar, files, selectors, services
from polku.network.forms import (
    ConsentForm,
    MeetingForm,
    MeetingPartForm,
    MeetingRecordForm,
    OwnServiceEndForm,
    RevocationForm,
    ServiceCheckForm,
    ServiceEndForm,
    ServiceForm,
    StepLineForm,
)
from polku.network.models import Information, NetworkMeeting, PartnerOrganisation
from polku.network.steps import next_steps_of

# Workers and partner professionals both reach a client's consents; the gate decides which.
client_work_or_partner = for_roles(*CLIENT_WORK_ROLES, Role.PARTNER)
partner_only = for_roles(Role.PARTNER)


@client_work_or_partner
def consents(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, found = selectors.consents_for(worker=request.user, client_id=client_id)
    context = {
        "client": client,
        "consents": found,
        "can": capabilities_of(request.user, client),
        "revocation_form": RevocationForm(),
    }
    return render(request, "network/consents.html", context)


@client_work
def consent_new(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _basis = client_get_for(
        worker=request.user, client_id=client_id, view=View.CONSENTS, capability=Capability.MANAGE_CONSENTS
    )
    form = ConsentForm(request.POST or None, request.FILES or None, worker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_record(
                actor=request.user,
                client=client,
                data=form.service_data(),
                partners=list(form.cleaned_data["partners"]),
                kinds=form.cleaned_data["kinds"],
                form_file=form.cleaned_data["form_file"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("The refusal has been recorded.")
                if consent.refused
                else _("The consent has been recorded."),
            )
            return redirect("consents", client_id=client.pk)
    return render(request, "network/consent_new.html", {"client": client, "form": form})


@client_work
def consent_form_blank(request: WorkerRequest, client_id: int) -> HttpResponse:
    """A consent form pre-filled for signing, in the client's language."""
    client, _basis = client_get_for(
        worker=request.user, client_id=client_id, view=View.CONSENTS, capability=Capability.MANAGE_CONSENTS
    )
    partners = PartnerOrganisation.objects.filter(organisation_id=request.user.organisation_id, active=True)
    language = client.document_language
    context = {
        "client": client,
        "organisation": request.user.organisation,
        "partners": list(partners),
        "information": list(Information),
        "worker": request.user,
        "font_dir": (settings.BASE_DIR / "build" / "static" / "vendor" / "files").as_uri(),
    }
    name = gettext_lazy("consent-form.pdf")
    return pdf_response(request, "network/consent_form_pdf.html", context, name, language=language)


@client_work_or_partner
def consent_revoke(request: WorkerRequest, consent_id: int) -> HttpResponse:
    consent = selectors.consent_get_for(
        worker=request.user,
        consent_id=consent_id,
        view=View.CONSENTS,
        capability=Capability.RECORD_REVOCATION,
    )
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_revoke(
                actor=request.user,
                consent=consent,
                revoked_through=form.cleaned_data["revoked_through"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The consent has been revoked: nothing more is shared under it."))
            if request.user.role == Role.PARTNER:
                return redirect("partner_clients")
            return redirect("consents", client_id=consent.client_id)
    context = {"consent": consent, "consent_list": [consent], "form": form, "can": frozenset()}
    return render(request, "network/consent_revoke.html", context)


@client_work_or_partner
def consent_form(request: WorkerRequest, consent_id: int) -> FileResponse:
    """The signed form, only through the gate, never cached."""
    consent = selectors.consent_get_for(
        worker=request.user,
        consent_id=consent_id,
        view=View.CONSENT_FORM,
        capability=Capability.READ_CONSENTS,
    )
    try:
        handle = files.path_of(consent.form_file).open("rb")
    except OSError:
        raise Http404 from None
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[consent.form_type]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"suostumus-{consent.pk}.{extension}",
        content_type=consent.form_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@partner_only
def partner_clients(request: WorkerRequest) -> HttpResponse:
    found = selectors.partner_clients(worker=request.user)
    context = {
        "clients": found,
        "partner": selectors.partner_of(request.user),
        "revocations": selectors.revocations_for(worker=request.user),
    }
    return render(request, "network/partner_clients.html", context)


@partner_only
def partner_assessment(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _consents = selectors.consents_for(worker=request.user, client_id=client_id)
    assessment = selectors.completed_assessment_for(worker=request.user, client=client)
    return render(request, "network/partner_assessment.html", {"client": client, "assessment": assessment})


@partner_only
def partner_client(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, consents = selectors.consents_for(worker=request.user, client_id=client_id)
    can = capabilities_of(request.user, client)
    if Capability.READ_CONSENTS not in can:
        raise PermissionDenied
    plans = (
        selectors.agreed_plans_for(worker=request.user, client=client) if Capability.READ_PLAN in can else []
    )
    context = {"client": client, "consents": consents, "can": can, "plans": plans}
    return render(request, "network/partner_client.html", context)


@client_work_or_partner
def services_map(request: WorkerRequest, client_id: int) -> HttpResponse:
    found = selectors.services_map_for(worker=request.user, client_id=client_id)
    context = {
        "map": found,
        "client": found.client,
        "can": capabilities_of(request.user, found.client),
        "own_provider": selectors.partner_of(request.user),
    }
    return render(request, "network/services_map.html", context)


@client_work
def service_add(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _basis = client_get_for(
        worker=request.user, client_id=client_id, view=View.SERVICES_MAP, capability=Capability.EDIT_NETWORK
    )
    form = ServiceForm(request.POST or None, worker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_add(actor=request.user, client=client, data=form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The service has been added to the map."))
            return redirect("services_map", client_id=client.pk)
    return render(request, "network/service_add.html", {"client": client, "form": form})


@client_work
def service_check(request: WorkerRequest, service_id: int) -> HttpResponse:
    item = selectors.service_get_for(
        worker=request.user, service_id=service_id, capability=Capability.EDIT_NETWORK
    )
    form = ServiceCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_check(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("services_map", client_id=item.client_id)
    return render(request, "network/service_change.html", {"item": item, "form": form, "ending": False})


@client_work
def service_end(request: WorkerRequest, service_id: int) -> HttpResponse:
    item = selectors.service_get_for(
        worker=request.user, service_id=service_id, capability=Capability.EDIT_NETWORK
    )
    form = ServiceEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_end(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The service has ended in the map."))
            return redirect("services_map", client_id=item.client_id)
    return render(request, "network/service_change.html", {"item": item, "form": form, "ending": True})


@client_work_or_partner
def meetings(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, found = selectors.meetings_for(worker=request.user, client_id=client_id)
    context = {"client": client, "meetings": found, "can": capabilities_of(request.user, client)}
    return render(request, "network/meetings.html", context)


@client_work
def meeting_new(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _basis = client_get_for(
        worker=request.user, client_id=client_id, view=View.MEETING, capability=Capability.EDIT_NETWORK
    )
    form = MeetingForm(request.POST or None, worker=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_plan(
                actor=request.user, client=client, data=data, participants=list(data["participants"])
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The meeting has been planned."))
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return render(request, "network/meeting_new.html", {"client": client, "form": form})


def _record_form(meeting: NetworkMeeting) -> MeetingRecordForm:
    return MeetingRecordForm(
        initial={
            "client_came": "" if meeting.client_came is None else "yes" if meeting.client_came else "no",
            "discussed": meeting.discussed,
            "agreed": meeting.agreed,
            "next_steps": meeting.next_steps,
        }
    )


@client_work_or_partner
def meeting_detail(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(
        worker=request.user, meeting_id=meeting_id, capability=Capability.READ_MEETINGS
    )
    return _meeting_page(request, meeting)


@client_work
def meeting_record(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(
        worker=request.user, meeting_id=meeting_id, capability=Capability.EDIT_NETWORK
    )
    form = MeetingRecordForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_record(actor=request.user, meeting=meeting, data=form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The meeting has been recorded."))
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, form=form)


@client_work_or_partner
def meeting_ics(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(
        worker=request.user, meeting_id=meeting_id, capability=Capability.READ_MEETINGS
    )
    link = request.build_absolute_uri(reverse("meeting_detail", args=[meeting.pk]))
    body = calendar.meeting_ics(meeting, link, request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tapaaminen-{meeting.pk}.ics"'
    return response


def _record_text(meeting: NetworkMeeting) -> str:
    return render_to_string("network/meeting_record.txt", {"meeting": meeting})


@client_work_or_partner
def meeting_text(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    """The record as plain text, for another organisation's own system."""
    meeting = selectors.meeting_get_for(
        worker=request.user, meeting_id=meeting_id, capability=Capability.READ_MEETINGS
    )
    if not meeting.is_recorded:
        raise Http404
    response = HttpResponse(_record_text(meeting), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tapaamisen-muistio-{meeting.pk}.txt"'
    return response


@client_work_or_partner
def meeting_pdf(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for(
        worker=request.user, meeting_id=meeting_id, capability=Capability.READ_MEETINGS
    )
    if not meeting.is_recorded:
        raise Http404
    # For the participating organisations' own systems: in the language of the worker's screen.
    return pdf_response(
        request,
        "network/meeting_pdf.html",
        {"meeting": meeting},
        f"tapaamisen-muistio-{meeting.pk}.pdf",
        language=translation.get_language() or "fi",
    )


def _meeting_page(request: WorkerRequest, meeting: NetworkMeeting, **forms: Any) -> HttpResponse:
    can = capabilities_of(request.user, meeting.client)
    mine = next((p for p in meeting.contributions.all() if p.author_id == request.user.pk), None)
    refused_part = forms.get("part_form")
    writes_part = bool(refused_part and refused_part.errors) or (  # a refusal is always shown
        Capability.WRITE_MEETING_PART in can
        and meeting.starts_at <= timezone.now()
        and any(p.pk == request.user.pk for p in meeting.participants.all())
    )
    context = {
        "meeting": meeting,
        "client": meeting.client,
        "can": can,
        "now": timezone.now(),
        "form": forms.get("form") or _record_form(meeting),
        "part_form": forms.get("part_form") or MeetingPartForm(initial={"text": mine.text if mine else ""}),
        "writes_part": writes_part,
        "steps_left": bool(
            {line.line for line in next_steps_of(meeting.next_steps)}
            - {taken.line for taken in meeting.taken_steps.all()}
        ),
        "my_part": mine,
    }
    return render(request, "network/meeting.html", context)


@partner_only
@require_POST
def meeting_part(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    """A participating partner's own part of the record."""
    meeting = selectors.meeting_for_part(worker=request.user, meeting_id=meeting_id)
    form = MeetingPartForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_part_write(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Your organisation's part of the record has been saved."))
            return redirect("meeting_detail", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, part_form=form)


@partner_only
def own_service_check(request: WorkerRequest, service_id: int) -> HttpResponse:
    item = selectors.own_service_get_for(worker=request.user, service_id=service_id)
    form = ServiceCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.own_service_check(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("services_map", client_id=item.client_id)
    return render(request, "network/service_change.html", {"item": item, "form": form, "ending": False})


@partner_only
def own_service_end(request: WorkerRequest, service_id: int) -> HttpResponse:
    item = selectors.own_service_get_for(worker=request.user, service_id=service_id)
    form = OwnServiceEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.own_service_end(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The service has ended in the map."))
            return redirect("services_map", client_id=item.client_id)
    context = {"item": item, "form": form, "ending": True, "by_provider": True}
    return render(request, "network/service_change.html", context)


def _goal_choices(found: selectors.StepsToPlan) -> list[tuple[str, list[tuple[int, str]]]]:
    return [
        (
            _("%(plan)s, version %(number)s")
            % {"plan": version.plan.get_plan_type_display(), "number": version.number},
            [(goal.pk, Truncator(goal.client_words).chars(80)) for goal in version.goals.all()],
        )
        for version in found.drafts
    ]


@client_work
def meeting_steps(request: WorkerRequest, meeting_id: int) -> HttpResponse:
    """Agreed next steps of a meeting into the client's draft plan, in one submit."""
    found = selectors.meeting_steps_for(worker=request.user, meeting_id=meeting_id)
    goals = _goal_choices(found)
    data = request.POST if request.method == "POST" else None
    forms = [
        (
            line,
            StepLineForm(
                data,
                prefix=f"l{line.number}",
                goals=goals,
                initial={
                    "who": line.proposal.who,
                    "what": line.proposal.what,
                    "due_text": line.proposal.due_text,
                },
            ),
        )
        for line in found.lines
        if line.taken is None
    ]
    refusal = ""
    if data is not None and found.drafts and all(form.is_valid() for _line, form in forms):
        chosen = [(line, form) for line, form in forms if form.cleaned_data["take"]]
        goal_of = {goal.pk: goal for version in found.drafts for goal in version.goals.all()}
        proposals = [
            {**form.cleaned_data, "line": line.proposal.line, "goal": goal_of.get(form.cleaned_data["goal"])}
            for line, form in chosen
        ]
        try:
            steps = services.meeting_steps_to_plan(
                actor=request.user, meeting=found.meeting, proposals=proposals
            )
        except ValidationError as error:
            refusal = _show_line_refusals(error, [form for _line, form in chosen])
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d step has been added to the plan.",
                    "%(n)d steps have been added to the plan.",
                    len(steps),
                )
                % {"n": len(steps)},
            )
            return redirect("meeting_detail", meeting_id=found.meeting.pk)
    elif data is not None:
        refusal = _("Nothing was added: check the lines marked below.")
    context = {
        "found": found,
        "meeting": found.meeting,
        "client": found.meeting.client,
        "forms": forms,
        "taken": [line for line in found.lines if line.taken is not None],
        "refusal": refusal,
        "can": capabilities_of(request.user, found.meeting.client),
    }
    return render(request, "network/meeting_steps.html", context)


def _show_line_refusals(error: ValidationError, forms: list[StepLineForm]) -> str:
    """The service's refusals, by line: "<index>-<field>" names the chosen line and field."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    for key, errors in error.error_dict.items():
        index, name = key.split("-", 1)
        name = "due_text" if name == "due_on" else name  # the date typed as text
        form = forms[int(index)]
        form.add_error(name if name in form.fields else None, errors)
    return _("Nothing was added: check the lines marked below.")
