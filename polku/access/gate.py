"""THE access gate: the one place that decides who may see which client.

Every selector that reads client data asks this module for the worker's bases, refuses with
404 where there is none (missing, other organisation and no basis look the same), and writes
the access log in the same request.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, BreakGlass, View
from polku.clients.models import Client
from polku.core.models import Role, Worker


def registrar_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.REGISTRAR_ACCESS_DAYS)


@dataclass(frozen=True)
class Bases:
    """A worker's bases, loaded once per request so that lists need a constant number of
    queries however long they are."""

    worker: Worker
    lead_team_ids: frozenset[int]
    break_glass_client_ids: frozenset[int]
    registrar_since: datetime

    def for_client(self, client: Client) -> Basis | None:
        if client.organisation_id != self.worker.organisation_id:
            return None
        if client.team_id in self.lead_team_ids:
            return Basis.TEAM_LEAD
        if client.registered_by_id == self.worker.pk and client.registered_at >= self.registrar_since:
            return Basis.REGISTRAR
        if client.pk in self.break_glass_client_ids:
            return Basis.BREAK_GLASS
        return None

    def client_filter(self) -> Q:
        """The same rules as for_client, as a query condition."""
        return Q(organisation_id=self.worker.organisation_id) & (
            Q(team_id__in=self.lead_team_ids)
            | Q(registered_by_id=self.worker.pk, registered_at__gte=self.registrar_since)
            | Q(pk__in=self.break_glass_client_ids)
        )


def bases_of(worker: Worker) -> Bases:
    if not worker.does_client_work or worker.organisation_id is None:
        return Bases(worker, frozenset(), frozenset(), timezone.now())
    lead_teams: frozenset[int] = frozenset()
    if worker.role == Role.TEAM_LEAD:
        lead_teams = frozenset(worker.teams.values_list("pk", flat=True))
    glass = BreakGlass.objects.filter(
        worker=worker, organisation_id=worker.organisation_id, expires_at__gt=timezone.now()
    ).values_list("client_id", flat=True)
    return Bases(worker, lead_teams, frozenset(glass), registrar_cutoff())


def log_reads(*, worker: Worker, reads: Iterable[tuple[Client, Basis]], view: View) -> None:
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            organisation_id=client.organisation_id,
            worker=worker,
            worker_name=str(worker),
            worker_title=worker.title or worker.get_role_display(),
            client=client,
            view=view,
            basis=basis,
        )
        for client, basis in reads
    )


def permitted_clients(worker: Worker) -> QuerySet[Client]:
    """Clients the worker has a basis to see. Reading their data still has to be logged."""
    return Client.objects.filter(bases_of(worker).client_filter())


def client_get_for(*, worker: Worker, client_id: int, view: View) -> tuple[Client, Basis]:
    """The client, if the worker has a basis; the read is logged. 404 otherwise."""
    client = (
        Client.objects.select_related("municipality", "team")
        .filter(pk=client_id, organisation_id=worker.organisation_id)
        .first()
    )
    basis = bases_of(worker).for_client(client) if client else None
    if client is None or basis is None:
        raise Http404
    log_reads(worker=worker, reads=[(client, basis)], view=view)
    return client, basis
