"""Reads of the access log and of break-glass openings."""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import client_get_for, log_reads
from polku.access.models import AccessLogEntry, Basis, BreakGlass, View
from polku.clients.models import Client
from polku.core.models import Role, Worker


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


def break_glass_reviewable(*, lead: Worker) -> QuerySet[BreakGlass]:
    """Break-glass openings made by workers of the team lead's teams."""
    if lead.role != Role.TEAM_LEAD:
        return BreakGlass.objects.none()
    team_workers = Worker.objects.filter(teams__in=lead.teams.all()).values("pk")
    return BreakGlass.objects.filter(organisation_id=lead.organisation_id, worker__in=team_workers)


def break_glass_for_review(*, lead: Worker, page_number: int | str = 1) -> Page[BreakGlass]:
    openings = break_glass_reviewable(lead=lead).select_related("worker", "client", "reviewed_by")
    # Unreviewed first, newest first within each group.
    page = Paginator(
        openings.order_by(F("reviewed_at").asc(nulls_first=True), "-opened_at", "-pk"), 25
    ).get_page(page_number)
    log_reads(
        worker=lead,
        reads=[(o.client, Basis.BREAK_GLASS_REVIEW) for o in page.object_list],
        view=View.BREAK_GLASS_REVIEW,
    )
    return page
