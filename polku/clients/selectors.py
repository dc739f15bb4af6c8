"""Reads of the client register. Every client shown is logged through the gate."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator

from polku.access.gate import bases_of, log_reads
from polku.access.models import Basis, View
from polku.clients.identity_code import looks_like_identity_code, normalise
from polku.clients.models import Client, NameWord, prefix_range, search_key
from polku.core.models import ChangeRecord, Worker

PAGE_SIZE = 25


@dataclass
class SearchResult:
    page: Page[Client] | None
    # An exact identity code matched a client the worker has no basis to see: the page
    # offers break-glass instead of showing anything about the client.
    hidden_match: bool = False


def client_search(*, worker: Worker, query: str, page_number: int | str = 1) -> SearchResult:
    query = query.strip()
    if not query:
        return SearchResult(page=None)
    bases = bases_of(worker)
    clients = Client.objects.filter(organisation_id=worker.organisation_id)
    if looks_like_identity_code(query):
        clients = clients.filter(identity_code=normalise(query))
    else:
        for word in query.split():
            low, high = prefix_range(search_key(word))
            words = NameWord.objects.filter(
                organisation_id=worker.organisation_id, word__gte=low, word__lt=high
            )
            clients = clients.filter(pk__in=words.values("client_id"))
    permitted = clients.filter(bases.client_filter()).select_related("municipality")
    page = Paginator(permitted.order_by("last_name", "first_names", "pk"), PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    log_reads(worker=worker, reads=[(c, _basis(bases.for_client(c))) for c in shown], view=View.SEARCH_RESULT)
    hidden = not shown and looks_like_identity_code(query) and clients.exists()
    return SearchResult(page=page, hidden_match=hidden)


def _basis(basis: Basis | None) -> Basis:
    if basis is None:
        raise RuntimeError("client_filter and for_client disagree")
    return basis


def likely_duplicates(
    *, worker: Worker, identity_code: str, birth_date: date | None, last_name: str, first_names: str
) -> list[Client]:
    """Registered clients who may be the person being registered: the same identity code,
    or the same birth date with the same last name or first name. Shown to the registering
    worker whatever their basis, and logged as a registration check."""
    if birth_date is None and not identity_code:
        return []
    clients = Client.objects.filter(organisation_id=worker.organisation_id)
    same_code = clients.filter(identity_code=identity_code) if identity_code else clients.none()
    same_person = clients.none()
    if birth_date:
        first = search_key(first_names.split()[0]) if first_names.split() else "\0"
        same_person = clients.filter(birth_date=birth_date).filter(
            search_name__startswith=" " + search_key(last_name) + " "
        ) | clients.filter(birth_date=birth_date, search_name__contains=" " + first + " ")
    found = list((same_code | same_person).distinct().select_related("municipality")[:10])
    log_reads(worker=worker, reads=[(c, Basis.REGISTRATION_CHECK) for c in found], view=View.DUPLICATE_CHECK)
    return found


ADDRESS_FIELDS = {"street_address", "postal_code", "post_office"}


@dataclass
class Change:
    at: datetime
    actor_name: str
    fields: list[str]


def client_changes(*, client: Client, limit: int = 10) -> list[Change]:
    """The latest changes to a client's details, named as the form names them. Call only
    after the gate has let the worker see the client. Under an address ban, changes to
    the address are not even mentioned."""
    records = ChangeRecord.objects.filter(
        organisation_id=client.organisation_id, client_id=client.pk, model=Client._meta.label
    )
    changes = []
    for record in records[:limit]:
        names = [n for n in record.changes if not (client.address_ban and n in ADDRESS_FIELDS)]
        labels = [str(getattr(Client._meta.get_field(n), "verbose_name", n)) for n in names]
        changes.append(Change(record.at, record.actor_name, labels))
    return changes
