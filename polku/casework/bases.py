"""The bases a client relationship opens, registered with the access gate (polku.access.gate)."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Q, QuerySet, Value, When

from polku.access.gate import register_basis_source, tagged
from polku.access.models import Basis
from polku.casework.models import ClientRelationship, Consultation, Handover
from polku.core.models import Worker


def handover_cutoff(now: datetime) -> datetime:
    """A handover not answered within HANDOVER_DAYS lapses, and with it the reading basis."""
    return now - timedelta(days=settings.HANDOVER_DAYS)


def casework_bases(worker: Worker, now: datetime) -> Iterable[QuerySet[Any]]:
    org = worker.organisation_id
    role_in_case = Case(
        When(responsible_worker=worker, then=Value(Basis.RESPONSIBLE_WORKER.value)),
        default=Value(Basis.PAIR_WORKER.value),
        output_field=CharField(),
    )
    yield tagged(
        ClientRelationship.objects.filter(
            Q(responsible_worker=worker) | Q(pair_worker=worker), organisation_id=org, closed_at__isnull=True
        ),
        role_in_case,
    )
    yield tagged(
        Consultation.objects.filter(organisation_id=org, consultant=worker, expires_at__gt=now),
        Basis.CONSULTATION,
    )
    yield tagged(
        Handover.objects.filter(
            organisation_id=org,
            to_worker=worker,
            accepted_at__isnull=True,
            declined_at__isnull=True,
            offered_at__gt=handover_cutoff(now),
            relationship__closed_at__isnull=True,
        ),
        Basis.HANDOVER,
    )


register_basis_source(casework_bases)
