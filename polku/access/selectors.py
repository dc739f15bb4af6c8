"""Reads of the access log and of break-glass openings."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import client_get_for, log_reads
from polku.access.models import AccessLogEntry, Basis, BreakGlass, BreakGlassReview, View
from polku.clients.models import Client
from polku.core.models import Role, Team, Worker


def access_report_for(
    *, worker: Worker, client_id: int, view: View, page_number: int | str | None = None
) -> tuple[Client, QuerySet[AccessLogEntry] | Page[AccessLogEntry]]:
    """Who has viewed the client's data, when and on what basis (Act 703/2023 § 11), for the
    period the client may ask for without a special reason. Paginated unless for a PDF."""
    client, _basis = client_get_for(
        worker=worker, client_id=client_id, view=view, capability=Capability.READ_ACCESS_REPORT
    )
    since = timezone.now() - timedelta(days=settings.ACCESS_LOG_CLIENT_REPORT_DAYS)
    entries = AccessLogEntry.objects.filter(
        organisation_id=client.organisation_id, client_id=client.pk, at__gte=since
    ).order_by("-at", "-id")
    if page_number is None:
        return client, entries
    return client, Paginator(entries, 50).get_page(page_number)


@dataclass
class ReportRow:
    """Reads of the same thing by the same worker on the same basis on one day, as one row of
    the printed report: first and last time and how many times. Nothing is left out; a worker
    who reopens a page ten times in a morning is one line, not ten (and the PDF stays quick)."""

    at: datetime
    first_at: datetime
    times: int
    worker_name: str
    worker_title: str
    view: str
    basis: str

    def get_view_display(self) -> str:
        return str(View(self.view).label)

    def get_basis_display(self) -> str:
        return str(Basis(self.basis).label)


def report_rows(entries: Iterable[AccessLogEntry]) -> list[ReportRow]:
    """Newest-first entries grouped by day, worker, view and basis (keeping the newest first)."""
    rows: list[ReportRow] = []
    index: dict[tuple[Any, ...], ReportRow] = {}
    for entry in entries:
        key = (timezone.localdate(entry.at), entry.worker_id, entry.worker_name, entry.view, entry.basis)
        row = index.get(key)
        if row is None:
            row = ReportRow(
                entry.at, entry.at, 0, entry.worker_name, entry.worker_title, entry.view, entry.basis
            )
            index[key] = row
            rows.append(row)
        row.first_at = entry.at
        row.times += 1
    return rows


def break_glass_reviewable(*, lead: Worker) -> QuerySet[BreakGlass]:
    """Break-glass openings a team lead sees for review: those of clients of her teams, and
    those opened by workers of her teams, her own among them (seen, not reviewed: see
    `may_review`). A worker with no team still reaches the client's team lead."""
    if lead.role != Role.TEAM_LEAD:
        return BreakGlass.objects.none()
    team_ids = Team.objects.filter(workers=lead).values("pk")
    team_workers = Worker.objects.filter(teams__in=team_ids).values("pk")
    return BreakGlass.objects.filter(
        Q(client__team_id__in=team_ids) | Q(worker_id__in=team_workers),
        organisation_id=lead.organisation_id,
    )


def may_review(*, lead: Worker, opening: BreakGlass) -> bool:
    """Nobody reviews their own opening. Call for an opening from break_glass_reviewable."""
    return opening.worker_id != lead.pk


def _openings_in_window() -> Subquery:
    """How many openings the same worker made in the window that ends at this opening."""
    window = timedelta(days=settings.BREAK_GLASS_REPEAT_DAYS)
    earlier = BreakGlass.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        worker_id=OuterRef("worker_id"),
        opened_at__gt=ExpressionWrapper(OuterRef("opened_at") - window, output_field=DateTimeField()),
        opened_at__lte=OuterRef("opened_at"),
    )
    counted = earlier.order_by().values("worker_id").annotate(count=Count("pk")).values("count")
    return Subquery(counted, output_field=IntegerField())


def break_glass_for_review(*, lead: Worker, page_number: int | str = 1) -> Page[BreakGlass]:
    """The lead's review list, unreviewed first, each opening with its reviews (oldest first),
    `repeat_count` (the worker's openings in the window up to this one), `is_repeated` and
    `may_review`. A constant number of queries whatever the page's length; the clients' names
    on the page are logged as read for the review."""
    openings: QuerySet[BreakGlass] = (
        break_glass_reviewable(lead=lead)
        .select_related("worker", "client")
        .annotate(
            is_reviewed=Exists(BreakGlassReview.objects.filter(break_glass=OuterRef("pk"))),
            repeat_count=_openings_in_window(),
        )
        .prefetch_related(Prefetch("reviews", queryset=BreakGlassReview.objects.order_by("at", "pk")))
        .order_by("is_reviewed", "-opened_at", "-pk")
    )
    page = Paginator(openings, 25).get_page(page_number)
    for opening in page.object_list:
        repeat_count: int = opening.repeat_count  # type: ignore[attr-defined]
        opening.is_repeated = repeat_count >= settings.BREAK_GLASS_REPEAT_COUNT  # type: ignore[attr-defined]
        opening.may_review = may_review(lead=lead, opening=opening)  # type: ignore[attr-defined]
    log_reads(
        worker=lead,
        reads=[(o.client, Basis.BREAK_GLASS_REVIEW) for o in page.object_list],
        view=View.BREAK_GLASS_REVIEW,
    )
    return page
