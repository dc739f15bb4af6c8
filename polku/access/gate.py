"""THE access gate: the one place that decides who may see which client.

Every selector that reads client data asks this module for the worker's bases, refuses with
404 where there is none (missing, other organisation and no basis look the same), and writes
the access log in the same request.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, BreakGlass, View
from polku.casework.models import ClientRelationship, Consultation, Handover
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.intake.models import DutyWeek, Intake, Stage
from polku.intake.weeks import week_start_of

# The duty pair distributes forwarded intakes and handles urgent ones.
DUTY_STAGES = (Stage.DISTRIBUTION, Stage.URGENT)


def registrar_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.REGISTRAR_ACCESS_DAYS)


@dataclass(frozen=True)
class Bases:
    """A worker's bases, loaded once per request so that lists need a constant number of
    queries however long they are. Each set holds client ids; the order of the checks in
    `for_client` decides which basis the log names when several apply (the closest one)."""

    worker: Worker
    lead_team_ids: frozenset[int] = frozenset()
    responsible_client_ids: frozenset[int] = frozenset()
    pair_client_ids: frozenset[int] = frozenset()
    duty_client_ids: frozenset[int] = frozenset()
    guidance_client_ids: frozenset[int] = frozenset()
    consultation_client_ids: frozenset[int] = frozenset()
    handover_client_ids: frozenset[int] = frozenset()
    break_glass_client_ids: frozenset[int] = frozenset()
    registrar_since: datetime | None = None

    def _by_client_id(self) -> list[tuple[frozenset[int], Basis]]:
        return [
            (self.responsible_client_ids, Basis.RESPONSIBLE_WORKER),
            (self.pair_client_ids, Basis.PAIR_WORKER),
            (self.duty_client_ids, Basis.DUTY_PAIR),
            (self.guidance_client_ids, Basis.GUIDANCE),
            (self.consultation_client_ids, Basis.CONSULTATION),
            (self.handover_client_ids, Basis.HANDOVER),
        ]

    def for_client(self, client: Client) -> Basis | None:
        if client.organisation_id != self.worker.organisation_id:
            return None
        for ids, basis in self._by_client_id():
            if client.pk in ids:
                return basis
        if client.team_id in self.lead_team_ids:
            return Basis.TEAM_LEAD
        if (
            self.registrar_since is not None
            and client.registered_by_id == self.worker.pk
            and client.registered_at >= self.registrar_since
        ):
            return Basis.REGISTRAR
        if client.pk in self.break_glass_client_ids:
            return Basis.BREAK_GLASS
        return None

    def client_filter(self, prefix: str = "") -> Q:
        """The same rules as for_client, as a query condition; `prefix` reaches the client
        through a relation (e.g. "client__" on intakes)."""
        ids = self.break_glass_client_ids.union(*(ids for ids, _basis in self._by_client_id()))
        allowed = Q(**{prefix + "pk__in": ids}) | Q(**{prefix + "team_id__in": self.lead_team_ids})
        if self.registrar_since is not None:
            allowed |= Q(
                **{
                    prefix + "registered_by_id": self.worker.pk,
                    prefix + "registered_at__gte": self.registrar_since,
                }
            )
        return Q(**{prefix + "organisation_id": self.worker.organisation_id}) & allowed


def _tagged(queryset: QuerySet[Any], basis: Basis | Any) -> QuerySet[Any]:
    """(basis, client id) rows of one kind of basis, to be unioned with the others."""
    tag = basis if not isinstance(basis, Basis) else Value(basis.value, output_field=CharField())
    return queryset.order_by().annotate(basis_tag=tag).values_list("basis_tag", "client_id")


def bases_of(worker: Worker) -> Bases:
    """All of the worker's bases in two queries: the worker's teams, and one UNION of the
    client ids each basis opens."""
    if not worker.does_client_work:
        return Bases(worker)
    now = timezone.now()
    org = worker.organisation_id
    team_ids = frozenset(worker.teams.values_list("pk", flat=True))
    intakes = Intake.objects.filter(organisation_id=org)
    duty_teams = DutyWeek.objects.filter(
        Q(social_worker=worker) | Q(social_counsellor=worker),
        organisation_id=org,
        week_start=week_start_of(timezone.localdate()),
    ).values("team_id")
    role_in_case = Case(
        When(responsible_worker=worker, then=Value(Basis.RESPONSIBLE_WORKER.value)),
        default=Value(Basis.PAIR_WORKER.value),
        output_field=CharField(),
    )
    parts = [
        _tagged(
            ClientRelationship.objects.filter(
                Q(responsible_worker=worker) | Q(pair_worker=worker),
                organisation_id=org,
                closed_at__isnull=True,
            ),
            role_in_case,
        ),
        _tagged(intakes.filter(team_id__in=duty_teams, stage__in=DUTY_STAGES), Basis.DUTY_PAIR),
        _tagged(
            Consultation.objects.filter(organisation_id=org, consultant=worker, expires_at__gt=now),
            Basis.CONSULTATION,
        ),
        _tagged(
            Handover.objects.filter(
                organisation_id=org, to_worker=worker, accepted_at__isnull=True, declined_at__isnull=True
            ),
            Basis.HANDOVER,
        ),
        _tagged(
            BreakGlass.objects.filter(worker=worker, organisation_id=org, expires_at__gt=now),
            Basis.BREAK_GLASS,
        ),
    ]
    if worker.role == Role.GUIDANCE_WORKER:
        parts.append(_tagged(intakes.filter(team_id__in=team_ids, stage=Stage.GUIDANCE), Basis.GUIDANCE))
    found: dict[str, set[int]] = {}
    for basis, client_id in parts[0].union(*parts[1:], all=True):
        found.setdefault(basis, set()).add(client_id)

    def ids(basis: Basis) -> frozenset[int]:
        return frozenset(found.get(basis.value, ()))

    return Bases(
        worker,
        lead_team_ids=team_ids if worker.role == Role.TEAM_LEAD else frozenset(),
        responsible_client_ids=ids(Basis.RESPONSIBLE_WORKER),
        pair_client_ids=ids(Basis.PAIR_WORKER),
        duty_client_ids=ids(Basis.DUTY_PAIR),
        guidance_client_ids=ids(Basis.GUIDANCE),
        consultation_client_ids=ids(Basis.CONSULTATION),
        handover_client_ids=ids(Basis.HANDOVER),
        break_glass_client_ids=ids(Basis.BREAK_GLASS),
        registrar_since=registrar_cutoff(now),
    )


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
