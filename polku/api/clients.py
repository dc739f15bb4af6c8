"""Clients and their intakes: the search page, the client page and the intake page, read
through their own selectors."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.params.functions import Query

from polku.access.gate import client_get_for
from polku.access.models import Basis, View
from polku.api import schemas as out
from polku.api.auth import worker_of
from polku.api.params import NO_NULL, Id, PageNumber, paged, responses
from polku.api.selectors import client_intakes_page
from polku.clients.forms import SearchForm
from polku.clients.models import Client
from polku.clients.selectors import client_search
from polku.intake.models import Intake
from polku.intake.selectors import intake_get_for

router = Router(tags=["clients"])

SearchQuery = Annotated[
    str,
    Query(
        "",
        max_length=200,
        pattern=NO_NULL,
        description="An identity code finds exactly one client; a name finds by the beginnings of its words.",
    ),
]


def _summary(client: Client) -> dict[str, Any]:
    return {
        "id": client.pk,
        "last_name": client.last_name,
        "first_names": client.first_names,
        "birth_date": client.birth_date,
        "municipality": str(client.municipality) if client.municipality else None,
    }


@router.get(
    "/clients", response=responses(out.ClientSearch), operation_id="clients_search", summary="Search clients"
)
def clients_search(request: HttpRequest, q: SearchQuery, page: PageNumber) -> dict[str, Any]:
    """Clients you have a basis to see whose name or identity code matches, as on the search
    page; each client listed is logged as a name in search results."""
    form = SearchForm({"q": q})
    if not form.is_valid():
        raise HttpError(422, " ".join(str(e) for errors in form.errors.values() for e in errors))
    result = client_search(worker=worker_of(request), query=form.cleaned_data["q"], page_number=page)
    if result.page is None:
        found = {"count": 0, "page": 1, "pages": 1, "items": []}
    else:
        found = paged(result.page, [_summary(client) for client in result.page.object_list])
    return {**found, "registered_without_basis": result.hidden_match, "refusal": result.refusal or None}


def _details(client: Client, basis: Basis) -> dict[str, Any]:
    address = None
    if not client.address_ban:
        address = {
            "street_address": client.street_address,
            "postal_code": client.postal_code,
            "post_office": client.post_office,
        }
    return {
        **_summary(client),
        "identity_code": client.identity_code or None,
        "details_incomplete": client.details_incomplete,
        "team": client.team,
        "language": client.language,
        "other_language": client.other_language,
        "needs_interpreter": client.needs_interpreter,
        "phone": client.phone,
        "email": client.email,
        "address_ban": client.address_ban,
        "address": address,
        "basis": basis,
    }


@router.get(
    "/clients/{client_id}",
    response=responses(out.ClientDetails),
    operation_id="client_get",
    summary="A client's register details",
)
def client_get(request: HttpRequest, client_id: Id) -> dict[str, Any]:
    """The client's register details, as on the client page (logged as client details).
    Under an address ban the address is not given."""
    client, basis = client_get_for(worker=worker_of(request), client_id=client_id, view=View.CLIENT_PAGE)
    return _details(client, basis)


def _intake(intake: Intake) -> dict[str, Any]:
    return {
        "id": intake.pk,
        "client_id": intake.client_id,
        "team_id": intake.team_id,
        "received_at": intake.received_at,
        "channel": intake.channel,
        "received_how": intake.received_how,
        "description": intake.description,
        "stage": intake.stage,
        "is_urgent": intake.is_urgent,
        "start_by": intake.start_by,
        "complete_by": intake.complete_by,
        "outcome": intake.outcome or None,
        "decided_at": intake.decided_at,
        "closed_at": intake.closed_at,
    }


@router.get(
    "/clients/{client_id}/intakes",
    response=responses(out.IntakePage),
    operation_id="client_intakes",
    summary="A client's intakes",
)
def client_intakes(request: HttpRequest, client_id: Id, page: PageNumber) -> dict[str, Any]:
    """The client's intakes, newest first, for a basis that covers the client's intakes
    (logged as an intake read). Who notified is never given: showing it is its own read."""
    found = client_intakes_page(worker=worker_of(request), client_id=client_id, page_number=page)
    return paged(found, [_intake(intake) for intake in found.object_list])


@router.get(
    "/intakes/{intake_id}", response=responses(out.Intake), operation_id="intake_get", summary="One intake"
)
def intake_get(request: HttpRequest, intake_id: Id) -> dict[str, Any]:
    """One intake, as on the intake page: the worker who registered it reads it while it is
    theirs to see, even without the client's other intakes."""
    intake, _basis = intake_get_for(worker=worker_of(request), intake_id=intake_id)
    return _intake(intake)
