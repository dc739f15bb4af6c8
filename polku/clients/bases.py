"""The basis a team transfer opens, registered with the access gate (polku.access.gate)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from polku.access.gate import register_basis_source, tagged
from polku.access.models import Basis
from polku.clients.models import TeamTransfer
from polku.core.models import Role, Worker


def pending_transfers(now: datetime) -> QuerySet[TeamTransfer]:
    """Transfers not yet answered and not lapsed (HANDOVER_DAYS)."""
    return TeamTransfer.objects.filter(
        accepted_at__isnull=True,
        declined_at__isnull=True,
        offered_at__gt=now - timedelta(days=settings.HANDOVER_DAYS),
    )


def transfer_bases(worker: Worker, now: datetime) -> Iterable[QuerySet[Any]]:
    if worker.role != Role.TEAM_LEAD:
        return
    yield tagged(
        pending_transfers(now).filter(organisation_id=worker.organisation_id, to_team__workers=worker),
        Basis.TRANSFER,
    )


register_basis_source(transfer_bases)
