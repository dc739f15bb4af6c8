from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import TooManyChecks, capabilities_of, client_get_for
from polku.access.models import View
from polku.access.rules import WorkerRequest, client_work, team_lead_only
from polku.casework.selectors import client_overview
from polku.clients import selectors, services
from polku.clients.forms import ClientCreateForm, ClientEditForm, SearchForm, TransferAnswerForm, TransferForm
from polku.core.errors import EditConflict
from polku.core.forms import show_refusal
from polku.intake.selectors import client_intakes


@client_work
def client_search(request: WorkerRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    # A query the form refuses (too long, a null character) is not searched; the form says why.
    query = form.cleaned_data["q"] if form.is_valid() else ""
    result = selectors.client_search(worker=request.user, query=query, page_number=request.GET.get("page", 1))
    return render(request, "clients/search.html", {"form": form, "query": query, "result": result})


@client_work
def client_create(request: WorkerRequest) -> HttpResponse:
    form = ClientCreateForm(request.POST if request.method == "POST" else None, worker=request.user)
    duplicates = []
    if request.method == "POST":
        valid = form.is_valid()
        data = form.cleaned_data
        try:
            duplicates = selectors.likely_duplicates(
                worker=request.user,
                identity_code=data.get("identity_code", ""),
                birth_date=data.get("birth_date"),
                last_name=data.get("last_name", ""),
                first_names=data.get("first_names", ""),
            )
        except TooManyChecks as refusal:
            show_refusal(form, refusal)
            valid = False
        if valid and (not duplicates or data["confirm_new"]):
            client = services.client_create(actor=request.user, data=data)
            messages.success(request, _("The client has been registered."))
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/create.html", {"form": form, "duplicates": duplicates})


@client_work
def client_detail(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, basis = client_get_for(worker=request.user, client_id=client_id, view=View.CLIENT_PAGE)
    can = capabilities_of(request.user, client)
    context = {
        "client": client,
        "basis": basis,
        "can": can,
        "changes": selectors.client_changes(client=client),
        "overview": client_overview(client_id=client.pk, include_record=Capability.READ_RECORD in can)
        if Capability.READ_CASE in can
        else None,
        "intakes": client_intakes(client_id=client.pk) if Capability.READ_INTAKE in can else [],
        "transfer": selectors.pending_transfer_of(client=client),
    }
    return render(request, "clients/detail.html", context)


@client_work
def client_edit(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _basis = client_get_for(
        worker=request.user, client_id=client_id, view=View.CLIENT_EDIT, capability=Capability.EDIT_REGISTER
    )
    form = ClientEditForm(
        request.POST or None, instance=client, worker=request.user, initial={"version": client.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(
                actor=request.user,
                client=client,
                version=form.cleaned_data["version"],
                data=form.cleaned_data,
            )
        except EditConflict as error:
            conflict = error.current
            # What was typed stays in the form; saving again now replaces the newer version
            # knowingly, because both are on the screen.
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = ClientEditForm(data, instance=conflict, worker=request.user)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/edit.html", {"form": form, "client": client, "conflict": conflict})


@team_lead_only
def client_transfer(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _basis = client_get_for(
        worker=request.user, client_id=client_id, view=View.TRANSFER, capability=Capability.TRANSFER
    )
    form = TransferForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_offer(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The transfer has been offered. The other team's lead answers it."))
            return redirect("client_detail", client_id=client.pk)
    return render(
        request, "clients/transfer.html", {"client": client, "form": form}, status=400 if form.errors else 200
    )


@team_lead_only
def transfers(request: WorkerRequest) -> HttpResponse:
    return render(request, "clients/transfers.html", {"lists": selectors.transfers_for(lead=request.user)})


@team_lead_only
def transfer_answer(request: WorkerRequest, transfer_id: int) -> HttpResponse:
    transfer = selectors.transfer_get_for(lead=request.user, transfer_id=transfer_id)
    form = TransferAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_answer(actor=request.user, transfer=transfer, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Your answer has been saved."))
            return redirect("transfers")
    return render(
        request,
        "clients/transfer_answer.html",
        {"transfer": transfer, "form": form},
        status=400 if form.errors else 200,
    )
