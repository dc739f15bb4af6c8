"""Reads about workers and teams (no client data)."""

from collections.abc import Iterable
from datetime import date

from polku.core.models import Absence, Team, Worker


def absence_on(worker: Worker, day: date) -> Absence | None:
    return Absence.objects.filter(worker=worker, starts_on__lte=day, ends_on__gte=day).first()


def absences_between(workers: Iterable[Worker], first: date, last: date) -> dict[int, list[Absence]]:
    """Each worker's absences that overlap first..last, in one query."""
    found: dict[int, list[Absence]] = {}
    for absence in Absence.objects.filter(worker__in=list(workers), starts_on__lte=last, ends_on__gte=first):
        found.setdefault(absence.worker_id, []).append(absence)
    return found


def team_absences(teams: Iterable[Team], since: date) -> list[Absence]:
    """Absences of the teams' workers that have not ended before `since`."""
    return list(
        Absence.objects.filter(worker__teams__in=list(teams), ends_on__gte=since)
        .select_related("worker")
        .distinct()
        .order_by("starts_on", "worker__last_name")
    )
