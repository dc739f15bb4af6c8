"""THE access gate: the one place that decides what a worker may do with a client.

A worker's *bases* (why they may touch a client at all) come from the apps that own them:
each app registers a source of (basis, client id) rows with `register_basis_source`, so this
module imports no feature app. Each basis grants a set of *capabilities*
(polku.access.capabilities). Selectors ask for the capability they need to read, and every
write service asks for the capability it needs to write, inside the service:

* no basis at all (missing, other organisation, no task) → 404, alike for all three;
* a basis that does not grant the capability ("may see, may not do") → 403.

Bases are computed once per request (GateMiddleware) and every read is logged once per
request, by the selector, in the same request.
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Q, QuerySet, Value
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.access.capabilities import CAPABILITIES, CLOSENESS, OWN_PAGES, Capability, granting
from polku.access.models import AccessLogEntry, Basis, BreakGlass, View
from polku.clients.models import Client
from polku.core.models import Role, Worker

# A source gives, for a worker at a moment, querysets of ("basis_tag", "client_id") rows.
BasisSource = Callable[[Worker, datetime], Iterable[QuerySet[Any]]]
_sources: list[BasisSource] = []
# A partner professional's bases come only from these (the client's consents): no worker's
# basis can ever be found for a partner, whatever rows name them.
_partner_sources: list[BasisSource] = []


def register_basis_source(source: BasisSource, *, for_partners: bool = False) -> BasisSource:
    """Called by the app that owns a basis, in its AppConfig.ready()."""
    sources = _partner_sources if for_partners else _sources
    if source not in sources:
        sources.append(source)
    return source


def tagged(queryset: QuerySet[Any], basis: Basis | Any, client_field: str = "client_id") -> QuerySet[Any]:
    """(basis, client id) rows of one kind of basis, to be unioned with the others.
    `basis` is a Basis or an expression that yields one per row."""
    tag = Value(basis.value, output_field=CharField()) if isinstance(basis, Basis) else basis
    return queryset.order_by().annotate(basis_tag=tag).values_list("basis_tag", client_field)


@dataclass(frozen=True)
class Bases:
    """A worker's bases: for each basis the ids of the clients it opens, and the teams the
    worker leads (the team lead's basis follows the client's team)."""

    worker: Worker
    client_ids: dict[Basis, frozenset[int]] = field(default_factory=dict)
    lead_team_ids: frozenset[int] = frozenset()

    def _has(self, basis: Basis, client: Client) -> bool:
        if basis == Basis.TEAM_LEAD:
            return client.team_id in self.lead_team_ids
        return client.pk in self.client_ids.get(basis, frozenset())

    def all_for(self, client: Client) -> list[Basis]:
        """Every basis the worker has for the client, closest first."""
        if client.organisation_id != self.worker.organisation_id:
            return []
        return [basis for basis in CLOSENESS if self._has(basis, client)]

    def for_client(self, client: Client) -> Basis | None:
        """The closest basis, whatever it allows (the log names it for a plain read)."""
        found = self.all_for(client)
        return found[0] if found else None

    def capabilities(self, client: Client) -> frozenset[Capability]:
        return frozenset().union(*(CAPABILITIES[basis] for basis in self.all_for(client)))

    def basis_for(self, client: Client, capability: Capability) -> Basis | None:
        """The closest basis that grants `capability`; None if none does."""
        return next((b for b in self.all_for(client) if capability in CAPABILITIES[b]), None)

    def client_filter(self, prefix: str = "", capability: Capability = Capability.READ_BASICS) -> Q:
        """Clients for whom some basis grants `capability`, as a query condition; `prefix`
        reaches the client through a relation (e.g. "client__" on intakes)."""
        bases = granting(capability)
        ids = frozenset().union(*(self.client_ids.get(b, frozenset()) for b in bases))
        allowed = Q(**{prefix + "pk__in": ids})
        if Basis.TEAM_LEAD in bases:
            allowed |= Q(**{prefix + "team_id__in": self.lead_team_ids})
        return Q(**{prefix + "organisation_id": self.worker.organisation_id}) & allowed


def _break_glass(worker: Worker, now: datetime) -> Iterable[QuerySet[Any]]:
    yield tagged(
        BreakGlass.objects.filter(worker=worker, organisation_id=worker.organisation_id, expires_at__gt=now),
        Basis.BREAK_GLASS,
    )


register_basis_source(_break_glass)


def _compute(worker: Worker) -> Bases:
    """All of the worker's bases in two queries: the worker's teams, and one UNION of the
    client ids that each registered source opens."""
    if worker.role == Role.PARTNER:
        sources = _partner_sources
    elif worker.does_client_work:
        sources = _sources
    else:
        return Bases(worker)
    now = timezone.now()
    parts = [part for source in sources for part in source(worker, now)]
    if not parts:
        return Bases(worker)
    found: dict[Basis, set[int]] = {}
    for basis, client_id in parts[0].union(*parts[1:], all=True):
        found.setdefault(Basis(basis), set()).add(client_id)
    lead_teams = (
        frozenset(worker.teams.values_list("pk", flat=True)) if worker.role == Role.TEAM_LEAD else None
    )
    return Bases(
        worker,
        client_ids={basis: frozenset(ids) for basis, ids in found.items()},
        lead_team_ids=lead_teams or frozenset(),
    )


# The bases and the reads already logged in this request (set by GateMiddleware). Outside a
# request (services called from tests, commands) nothing is kept: each call computes afresh.
@dataclass
class _RequestState:
    bases: dict[int, Bases] = field(default_factory=dict)
    logged: set[tuple[int, int, str, str]] = field(default_factory=set)


_request: ContextVar[_RequestState | None] = ContextVar("polku_gate_request", default=None)


class GateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _request.set(_RequestState())
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def bases_of(worker: Worker, *, fresh: bool = False) -> Bases:
    """The worker's bases, once per request. `fresh` after a write that may have changed
    them (e.g. the worker forwarded the intake they were guiding)."""
    state = _request.get()
    if state is None:
        return _compute(worker)
    if fresh or worker.pk not in state.bases:
        state.bases[worker.pk] = _compute(worker)
    return state.bases[worker.pk]


def log_reads(*, worker: Worker, reads: Iterable[tuple[Client, Basis]], view: View) -> None:
    """Log each read once per request: a refused form shown again is one read, not three."""
    state = _request.get()
    entries = []
    for client, basis in reads:
        key = (worker.pk, client.pk, str(view), str(basis))
        if state is not None:
            if key in state.logged:
                continue
            state.logged.add(key)
        entries.append(
            AccessLogEntry(
                organisation_id=client.organisation_id,
                worker=worker,
                worker_name=str(worker),
                worker_title=worker.title or worker.get_role_display(),
                client=client,
                view=view,
                basis=basis,
            )
        )
    if entries:
        AccessLogEntry.objects.bulk_create(entries)


class TooManyChecks(ValidationError):
    pass


def existence_checks(*, worker: Worker, clients: Iterable[Client], view: View, basis: Basis) -> None:
    """Log that a lookup (an identity code searched or typed at registration, a duplicate
    check) found clients the worker has no other basis for. Such checks are limited per
    worker and hour, so the register cannot be walked through one code at a time."""
    found = list(clients)
    if not found:
        return
    since = timezone.now() - timedelta(hours=1)
    done = AccessLogEntry.objects.filter(
        worker_id=worker.pk, at__gte=since, basis__in=[Basis.EXISTENCE_CHECK, Basis.REGISTRATION_CHECK]
    ).count()
    if done >= settings.EXISTENCE_CHECKS_PER_HOUR:
        raise TooManyChecks(
            _(
                "You have checked many clients who are not yours within the last hour. For the "
                "clients' protection further checks are paused for a while. If this is part of "
                "your work, ask your team lead."
            )
        )
    log_reads(worker=worker, reads=[(client, basis) for client in found], view=view)


def permitted_clients(worker: Worker, capability: Capability = Capability.READ_BASICS) -> QuerySet[Client]:
    """Clients for whom the worker has `capability`. Reading their data still has to be logged."""
    return Client.objects.filter(bases_of(worker).client_filter(capability=capability))


def capabilities_of(worker: Worker, client: Client) -> frozenset[Capability]:
    """What the worker may do with the client (for showing only the actions that will work)."""
    return bases_of(worker).capabilities(client)


def decide(*, worker: Worker, client: Client | None, capability: Capability) -> Basis:
    """The basis on which the worker may do `capability` with the client: 404 when the
    worker has no basis for the client at all, 403 when no basis grants the capability."""
    bases = bases_of(worker)
    if client is None or not bases.all_for(client):
        raise Http404
    basis = bases.basis_for(client, capability)
    if basis is None:
        raise PermissionDenied
    return basis


def require(*, actor: Worker, client: Client, capability: Capability) -> Basis:
    """For write services: the same answer as `decide`, asked inside the service so that
    every caller (view, API, command) gets it. Writes are not reads: nothing is logged."""
    return decide(worker=actor, client=client, capability=capability)


def client_get_for(
    *, worker: Worker, client_id: int, view: View, capability: Capability = Capability.READ_BASICS
) -> tuple[Client, Basis]:
    """The client, if the worker may `capability`; the read is logged. 404 or 403 otherwise."""
    client = (
        Client.objects.select_related("municipality", "team")
        .filter(pk=client_id, organisation_id=worker.organisation_id)
        .first()
    )
    if client is None:
        raise Http404
    basis = decide(worker=worker, client=client, capability=capability)
    log_reads(worker=worker, reads=[(client, basis)], view=view)
    return client, basis


def require_own(*, sign_in: Any, capability: Capability) -> Client:
    """The client on their own pages (polku.participation): a sign-in is bound to one client
    and lasts only while it is live; the client may do only what OWN_PAGES names. The client
    is returned, and callers look things up only within that client's data, so another
    client's data is never found (404)."""
    if capability not in OWN_PAGES or sign_in is None or not sign_in.is_live():
        raise PermissionDenied
    client: Client = sign_in.client
    return client
