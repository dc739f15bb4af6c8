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
from polku.access.rules import WorkerRequest, client_work, for_roles, team_lead_only
from polku.core import credentials
from polku.core.errors import EditConflict
from polku.core.forms import show_refusal
from polku.core.models import CLIENT_WORK_ROLES, Role
from polku.network import calendar, files, selectors, services
from polku.network.forms import (
    AgreementForm,
    AgreementTaskForm,
    ConsentForm,
    CoordinationAnswerForm,
    CoordinationConfirmForm,
    CoordinationOfferForm,
    CoordinatorForm,
    EndAccessForm,
    MeetingForm,
    MeetingPartForm,
    MeetingRecordForm,
    MemberForm,
    OwnServiceEndForm,
    PartnerProfessionalForm,
    RevocationForm,
    ServiceCheckForm,
    ServiceEndForm,
    ServiceForm,
    StepLineForm,
)
from polku.network.models import (
    AgreementTask,
    Information,
    NetworkMeeting,
    NetworkMember,
    PartnerOrganisation,
)
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
        "offers": selectors.coordination_offers_for(worker=request.user),
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
    agreements = selectors.partner_agreements(worker=request.user, client=client)
    context = {
        "client": client,
        "consents": consents,
        "can": can,
        "plans": plans,
        "agreements": agreements,
        "coordinating": selectors.coordinates(worker=request.user, client=client),
    }
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
def services_map_pdf(request: WorkerRequest, client_id: int) -> HttpResponse:
    """The services map for the client to keep: plain words, the client's language, none of
    the workers' own notes (domain.md §5: the agreement is given to the client)."""
    found = selectors.services_map_for(worker=request.user, client_id=client_id)
    context = {
        "map": found,
        "client": found.client,
        "organisation": request.user.organisation,
        "workers": selectors.responsible_workers_of(client=found.client),
        "today": timezone.localdate(),
        "font_dir": (settings.BASE_DIR / "build" / "static" / "vendor" / "files").as_uri(),
    }
    name = gettext_lazy("services-map.pdf")
    return pdf_response(
        request, "network/services_map_pdf.html", context, name, language=found.client.document_language
    )


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


def _may_edit(request: WorkerRequest, relationship: Any) -> bool:
    """The relationship's own workers change its network while it is open (the service
    decides; this only hides what would be refused)."""
    on_case = request.user.pk in (relationship.responsible_worker_id, relationship.pair_worker_id)
    can = capabilities_of(request.user, relationship.client)
    return on_case and relationship.is_open and "edit_network" in can


def _network_context(request: WorkerRequest, network: selectors.Network, **forms: Any) -> dict[str, Any]:
    live = NetworkMember.objects.filter(relationship=network.relationship, removed_at__isnull=True)
    return {
        "network": network,
        "client": network.client,
        "relationship": network.relationship,
        "may_edit": _may_edit(request, network.relationship),
        "coordinator_form": forms.get("coordinator_form") or CoordinatorForm(members=live),
        "offer_form": forms.get("offer_form") or CoordinationOfferForm(members=live),
    }


@client_work
def network_page(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    network = selectors.network_for(worker=request.user, relationship_id=relationship_id)
    return render(request, "network/network.html", _network_context(request, network))


@client_work
def member_new(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    network = selectors.network_for(worker=request.user, relationship_id=relationship_id)
    if not _may_edit(request, network.relationship):
        raise PermissionDenied
    present = [m.worker_id for m in network.members if m.worker_id]
    form = MemberForm(request.POST or None, worker=request.user, present=present)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(
                actor=request.user, relationship=network.relationship, data=form.service_data()
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The member has been added to the network."))
            return redirect("network_page", relationship_id=relationship_id)
    context = {"network": network, "client": network.client, "form": form}
    return render(request, "network/member_new.html", context)


def _member(request: WorkerRequest, member_id: int) -> NetworkMember:
    member = NetworkMember.objects.filter(pk=member_id, organisation_id=request.user.organisation_id).first()
    if member is None:
        raise Http404
    selectors.network_for(worker=request.user, relationship_id=member.relationship_id)
    return member


@client_work
@require_POST
def member_remove(request: WorkerRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    try:
        services.member_remove(actor=request.user, member=member)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The member has been taken out of the network."))
    return redirect("network_page", relationship_id=member.relationship_id)


@client_work
@require_POST
def coordinator_set(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    network = selectors.network_for(worker=request.user, relationship_id=relationship_id)
    live = NetworkMember.objects.filter(relationship=network.relationship, removed_at__isnull=True)
    form = CoordinatorForm(request.POST, members=live)
    if form.is_valid():
        try:
            services.coordinator_name(actor=request.user, member=form.cleaned_data["member"])
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The client coordinator has been named."))
            return redirect("network_page", relationship_id=relationship_id)
    context = _network_context(request, network, coordinator_form=form)
    return render(request, "network/network.html", context, status=400)


@client_work
@require_POST
def coordination_offer(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    network = selectors.network_for(worker=request.user, relationship_id=relationship_id)
    live = NetworkMember.objects.filter(relationship=network.relationship, removed_at__isnull=True)
    form = CoordinationOfferForm(request.POST, members=live)
    if form.is_valid():
        try:
            services.coordination_offer(
                actor=request.user,
                relationship=network.relationship,
                to_member=form.cleaned_data["to_member"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            stays = network.coordinator.display_name if network.coordinator else ""
            messages.success(
                request,
                _("The task has been offered. %(name)s stays the coordinator until the receiver accepts.")
                % {"name": stays},
            )
            return redirect("network_page", relationship_id=relationship_id)
    context = _network_context(request, network, offer_form=form)
    return render(request, "network/network.html", context, status=400)


@client_work_or_partner
def coordination_answer(request: WorkerRequest, coordination_id: int) -> HttpResponse:
    handover = selectors.handover_get_for(worker=request.user, handover_id=coordination_id)
    receiver_answers = handover.to_member.worker_id is not None
    if receiver_answers and handover.to_member.worker_id != request.user.pk:
        raise PermissionDenied
    if not receiver_answers and not _may_edit(request, handover.relationship):
        raise PermissionDenied
    form_class = CoordinationAnswerForm if receiver_answers else CoordinationConfirmForm
    form = form_class(request.POST or None)
    if request.method == "POST" and handover.is_open and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                services.coordination_accept(
                    actor=request.user, handover=handover, confirmed_how=data.get("confirmed_how", "")
                )
            else:
                services.coordination_decline(actor=request.user, handover=handover, reason=data["reason"])
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            accepted = data["decision"] == "accept"
            messages.success(
                request,
                _("The client coordinator's task has moved.")
                if accepted
                else _("The handover was declined."),
            )
            if request.user.role == Role.PARTNER:
                return redirect("partner_clients")
            return redirect("network_page", relationship_id=handover.relationship_id)
    context = {"handover": handover, "client": handover.client, "form": form}
    return render(request, "network/coordination_answer.html", context)


@client_work
@require_POST
def coordination_withdraw(request: WorkerRequest, coordination_id: int) -> HttpResponse:
    handover = selectors.handover_get_for(worker=request.user, handover_id=coordination_id)
    try:
        services.coordination_withdraw(actor=request.user, handover=handover)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The handover was withdrawn."))
    return redirect("network_page", relationship_id=handover.relationship_id)


@client_work
@require_POST
def agreement_start(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    network = selectors.network_for(worker=request.user, relationship_id=relationship_id)
    draft = services.agreement_draft(actor=request.user, relationship=network.relationship)
    return redirect("agreement_detail", agreement_id=draft.pk)


def _agreement_context(request: WorkerRequest, agreement: Any, **forms: Any) -> dict[str, Any]:
    relationship = agreement.relationship
    live = NetworkMember.objects.filter(relationship=relationship, removed_at__isnull=True).select_related(
        "worker__partner__partner", "partner", "organisation"
    )
    may_edit = agreement.is_draft and _may_edit(request, relationship)
    return {
        "agreement": agreement,
        "client": agreement.client,
        "members": selectors.agreement_members(agreement),
        "may_edit": may_edit,
        "form": forms.get("form") or AgreementForm(instance_data(agreement)),
        "task_form": forms.get("task_form")
        or AgreementTaskForm(members=live, goals=services.agreement_goals(relationship), prefix="task"),
    }


def _posted_version(request: WorkerRequest) -> int:
    """The version the form was read at; anything else counts as stale (a conflict)."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def instance_data(agreement: Any) -> dict[str, Any]:
    return {"schedule": agreement.schedule, "returns_on": agreement.returns_on}


@client_work_or_partner
def agreement_detail(request: WorkerRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for(worker=request.user, agreement_id=agreement_id)
    if request.user.role == Role.PARTNER:
        context = {
            "agreement": agreement,
            "client": agreement.client,
            "members": selectors.agreement_members(agreement),
        }
        return render(request, "network/agreement.html", context)
    return render(request, "network/agreement.html", _agreement_context(request, agreement))


@client_work
@require_POST
def agreement_save(request: WorkerRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for(worker=request.user, agreement_id=agreement_id)
    form = AgreementForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_save(
                actor=request.user,
                agreement=agreement,
                version=_posted_version(request),
                data=form.cleaned_data,
            )
        except EditConflict:
            form.add_error(
                None,
                _("Someone else saved the agreement while you were editing it. Check it and save again."),
            )
            agreement.refresh_from_db()
            # Not agreed from this page: the saved text differs from what is shown here.
            context = _agreement_context(request, agreement, form=form) | {"conflict": True}
            return render(request, "network/agreement.html", context, status=409)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("agreement_detail", agreement_id=agreement.pk)
    return render(
        request, "network/agreement.html", _agreement_context(request, agreement, form=form), status=400
    )


@client_work
@require_POST
def agreement_task_add(request: WorkerRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for(worker=request.user, agreement_id=agreement_id)
    live = NetworkMember.objects.filter(relationship_id=agreement.relationship_id, removed_at__isnull=True)
    form = AgreementTaskForm(
        request.POST, members=live, goals=services.agreement_goals(agreement.relationship), prefix="task"
    )
    if form.is_valid():
        try:
            services.agreement_task_add(actor=request.user, agreement=agreement, data=form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The line has been added to the agreement."))
            return redirect(reverse("agreement_detail", args=[agreement.pk]) + "#tasks")
    context = _agreement_context(request, agreement, task_form=form)
    return render(request, "network/agreement.html", context, status=400)


@client_work
@require_POST
def agreement_task_remove(request: WorkerRequest, task_id: int) -> HttpResponse:
    task = AgreementTask.objects.filter(
        pk=task_id, agreement__organisation_id=request.user.organisation_id
    ).first()
    if task is None:
        raise Http404
    agreement = selectors.agreement_get_for(worker=request.user, agreement_id=task.agreement_id)
    try:
        services.agreement_task_remove(actor=request.user, task=task)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The line has been removed."))
    return redirect(reverse("agreement_detail", args=[agreement.pk]) + "#tasks")


@client_work
@require_POST
def agreement_agree(request: WorkerRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_get_for(worker=request.user, agreement_id=agreement_id)
    try:
        services.agreement_agree(actor=request.user, agreement=agreement, version=_posted_version(request))
    except EditConflict:
        messages.error(request, _("Someone else saved the agreement meanwhile. Check it and agree again."))
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The agreement has been agreed. Give it to the client as PDF."))
    return redirect("agreement_detail", agreement_id=agreement.pk)


@client_work_or_partner
def agreement_pdf(request: WorkerRequest, agreement_id: int) -> HttpResponse:
    """The agreed version for the client, in the client's language."""
    agreement = selectors.agreement_get_for(
        worker=request.user, agreement_id=agreement_id, view=View.AGREEMENT_PDF
    )
    if agreement.is_draft:
        raise Http404
    context = {
        "agreement": agreement,
        "client": agreement.client,
        "members": selectors.agreement_members(agreement),
        "font_dir": (settings.BASE_DIR / "build" / "static" / "vendor" / "files").as_uri(),
    }
    name = gettext_lazy("network-agreement.pdf")
    return pdf_response(
        request, "network/agreement_pdf.html", context, name, language=agreement.client.document_language
    )


# --- Partner professionals' accounts, kept by team leads ----------------------------------


@team_lead_only
def partner_professionals(request: WorkerRequest) -> HttpResponse:
    directory = selectors.partner_directory(request.user)
    return render(request, "network/partner_professionals.html", {"directory": directory})


@team_lead_only
def partner_professional_add(request: WorkerRequest) -> HttpResponse:
    form = PartnerProfessionalForm(request.POST or None, worker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            professional = services.partner_professional_add(
                actor=request.user, partner=form.cleaned_data["partner"], data=form.service_data()
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("%(name)s has been added. Send them the link to set a password.")
                % {"name": professional.worker},
            )
            return redirect("partner_professionals")
    status = 400 if form.errors else 200
    return render(request, "network/partner_professional_add.html", {"form": form}, status=status)


@team_lead_only
@require_POST
def partner_password_link(request: WorkerRequest, professional_id: int) -> HttpResponse:
    professional = selectors.professional_for(lead=request.user, professional_id=professional_id)
    worker = professional.worker
    try:
        credentials.password_link_send(
            actor=request.user, worker=worker, domain=request.get_host(), use_https=request.is_secure()
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request,
            _("A link to set a password has been sent to %(email)s. The link is valid once.")
            % {"email": worker.email},
        )
    return redirect("partner_professionals")


@team_lead_only
def partner_enrolment_code(request: WorkerRequest, professional_id: int) -> HttpResponse:
    professional = selectors.professional_for(lead=request.user, professional_id=professional_id)
    code = None
    if request.method == "POST":
        code = credentials.enrolment_code_issue(actor=request.user, worker=professional.worker)
    context = {"professional": professional, "code": code, "hours": credentials.code_hours()}
    response = render(request, "network/partner_enrolment_code.html", context)
    add_never_cache_headers(response)
    return response


@team_lead_only
def partner_professional_end(request: WorkerRequest, professional_id: int) -> HttpResponse:
    professional = selectors.professional_for(lead=request.user, professional_id=professional_id)
    form = EndAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_professional_end(
                actor=request.user, professional=professional, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The access of %(name)s has ended.") % {"name": professional.worker})
            return redirect("partner_professionals")
    context = {"professional": professional, "form": form}
    status = 400 if form.errors else 200
    return render(request, "network/partner_professional_end.html", context, status=status)
