from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.access.gate import client_get_for
from polku.access.models import View
from polku.access.rules import WorkerRequest, client_work
from polku.casework.selectors import client_overview
from polku.clients import selectors, services
from polku.clients.forms import ClientCreateForm, ClientEditForm, SearchForm
from polku.core.errors import EditConflict
from polku.intake.selectors import client_intakes


@client_work
def client_search(request: WorkerRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.data.get("q", "")
    result = selectors.client_search(worker=request.user, query=query, page_number=request.GET.get("page", 1))
    return render(request, "clients/search.html", {"form": form, "query": query, "result": result})


@client_work
def client_create(request: WorkerRequest) -> HttpResponse:
    form = ClientCreateForm(request.POST or None, worker=request.user)
    duplicates = []
    if request.method == "POST":
        valid = form.is_valid()
        data = form.cleaned_data
        duplicates = selectors.likely_duplicates(
            worker=request.user,
            identity_code=data.get("identity_code", ""),
            birth_date=data.get("birth_date"),
            last_name=data.get("last_name", ""),
            first_names=data.get("first_names", ""),
        )
        if valid and (not duplicates or data["confirm_new"]):
            client = services.client_create(actor=request.user, data=data)
            messages.success(request, _("The client has been registered."))
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/create.html", {"form": form, "duplicates": duplicates})


@client_work
def client_detail(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, basis = client_get_for(worker=request.user, client_id=client_id, view=View.CLIENT_PAGE)
    context = {
        "client": client,
        "basis": basis,
        "changes": selectors.client_changes(client=client),
        "overview": client_overview(client_id=client.pk),
        "intakes": client_intakes(client_id=client.pk),
    }
    return render(request, "clients/detail.html", context)


@client_work
def client_edit(request: WorkerRequest, client_id: int) -> HttpResponse:
    client, _basis = client_get_for(worker=request.user, client_id=client_id, view=View.CLIENT_EDIT)
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
