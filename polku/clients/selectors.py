"""Reads of the client register. Every client shown is logged through the gate."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import TooManyChecks, bases_of, existence_checks, log_reads
from polku.access.models import Basis, View
from polku.clients.bases import pending_transfers
from polku.clients.identity_code import looks_like_identity_code, normalise
from polku.clients.models import Client, NameWord, TeamTransfer, prefix_range, search_key
from polku.core.models import ChangeRecord, Worker

PAGE_SIZE = 25


@dataclass
class SearchResult:
    page: Page[Client] | None
    # An exact identity code matched a client the worker has no basis to see: the page
    # offers break-glass instead of showing anything about the client.
    hidden_match: bool = False
    refusal: str = ""


MAX_SEARCH_WORDS = 4


def client_search(*, worker: Worker, query: str, page_number: int | str = 1) -> SearchResult:
    query = query.strip()
    if not query:
        return SearchResult(page=None)
    bases = bases_of(worker)
    clients = Client.objects.filter(organisation_id=worker.organisation_id)
    if looks_like_identity_code(query):
        clients = clients.filter(identity_code=normalise(query))
    else:
        # A word of only combining marks has no key; it would otherwise match every name.
        keys = [key for key in map(search_key, query.split()) if key][:MAX_SEARCH_WORDS]
        if not keys:
            clients = clients.none()
        for key in keys:
            low, high = prefix_range(key)
            words = NameWord.objects.filter(
                organisation_id=worker.organisation_id, word__gte=low, word__lt=high
            )
            clients = clients.filter(pk__in=words.values("client_id"))
    permitted = clients.filter(bases.client_filter()).select_related("municipality")
    page = Paginator(permitted.order_by("last_name", "first_names", "pk"), PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    log_reads(worker=worker, reads=[(c, _basis(bases.for_client(c))) for c in shown], view=View.SEARCH_RESULT)
    if shown or not looks_like_identity_code(query):
        return SearchResult(page=page)
    found = list(clients[:1])
    try:
        existence_checks(worker=worker, clients=found, view=View.EXISTENCE_CHECK, basis=Basis.EXISTENCE_CHECK)
    except TooManyChecks as refusal:
        return SearchResult(page=page, refusal=refusal.messages[0])
    return SearchResult(page=page, hidden_match=bool(found))


def _basis(basis: Basis | None) -> Basis:
    if basis is None:
        raise RuntimeError("client_filter and for_client disagree")
    return basis


def likely_duplicates(
    *, worker: Worker, identity_code: str, birth_date: date | None, last_name: str, first_names: str
) -> list[Client]:
    """Registered clients who may be the person being registered: the same identity code,
    or the same birth date with the same last name or first name. Shown to the registering
    worker whatever their basis, because registering a duplicate is a worse harm; those
    without another basis are logged as registration checks, which are limited per hour
    (TooManyChecks)."""
    if birth_date is None and not identity_code:
        return []
    clients = Client.objects.filter(organisation_id=worker.organisation_id)
    same_code = clients.filter(identity_code=identity_code) if identity_code else clients.none()
    same_person = clients.none()
    if birth_date:
        same_person = clients.filter(birth_date=birth_date).filter(
            search_name__startswith=" " + search_key(last_name) + " "
        )
        if first_names.split():
            first = search_key(first_names.split()[0])
            same_person |= clients.filter(birth_date=birth_date, search_name__contains=" " + first + " ")
    found = list((same_code | same_person).distinct().select_related("municipality")[:10])
    log_checked(worker=worker, clients=found)
    return found


def log_checked(*, worker: Worker, clients: list[Client]) -> None:
    """A duplicate check's findings: read on the worker's own basis where there is one,
    otherwise as a (rate-limited) registration check."""
    bases = bases_of(worker)
    found = [(client, bases.for_client(client)) for client in clients]
    log_reads(worker=worker, reads=[(c, b) for c, b in found if b is not None], view=View.DUPLICATE_CHECK)
    existence_checks(
        worker=worker,
        clients=[c for c, b in found if b is None],
        view=View.DUPLICATE_CHECK,
        basis=Basis.REGISTRATION_CHECK,
    )


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


def pending_transfer_of(*, client: Client) -> TeamTransfer | None:
    """The transfer of the client waiting for an answer, for the client page (after the gate)."""
    return pending_transfers(timezone.now()).filter(client=client).select_related("to_team").first()


@dataclass
class TransferLists:
    waiting: list[TeamTransfer]
    history: list[TeamTransfer]


def transfers_for(*, lead: Worker) -> TransferLists:
    """Transfers into and out of the lead's teams. Clients offered to the lead's team are read
    on the transfer basis (logged); in the history a client is named only while the lead still
    has a basis for them, so a transfer out does not keep the client in sight."""
    bases = bases_of(lead)
    teams = lead.teams.all()
    rows = (
        TeamTransfer.objects.filter(organisation_id=lead.organisation_id)
        .filter(Q(to_team__in=teams) | Q(from_team__in=teams))
        .select_related("client", "from_team", "to_team", "offered_by", "answered_by")
        .distinct()
    )
    pending = pending_transfers(timezone.now())
    waiting = list(rows.filter(pk__in=pending.values("pk"), to_team__in=teams).exclude(offered_by=lead))
    history = list(rows.exclude(pk__in=[t.pk for t in waiting])[:50])
    reads = []
    for transfer in [*waiting, *history]:
        basis = bases.for_client(transfer.client)
        transfer.client_visible = basis is not None  # type: ignore[attr-defined]
        if basis is not None:
            reads.append((transfer.client, basis))
    log_reads(worker=lead, reads=reads, view=View.TRANSFER)
    return TransferLists(waiting, history)


def transfer_get_for(*, lead: Worker, transfer_id: int) -> TeamTransfer:
    """A transfer offered to one of the lead's teams, still waiting; its client is read."""
    transfer = (
        pending_transfers(timezone.now())
        .filter(pk=transfer_id, organisation_id=lead.organisation_id, to_team__workers=lead)
        .select_related("client", "client__municipality", "from_team", "to_team", "offered_by")
        .first()
    )
    if transfer is None:
        raise Http404
    basis = bases_of(lead).basis_for(transfer.client, Capability.ANSWER_TRANSFER)
    if basis is None:
        raise Http404
    log_reads(worker=lead, reads=[(transfer.client, basis)], view=View.TRANSFER)
    return transfer
