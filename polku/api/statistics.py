"""The team's week in numbers, as the team's week page computes it (polku.stats), for the
team lead of that team only."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from polku.api import schemas as out
from polku.api.auth import worker_of
from polku.api.params import Day, Id, responses
from polku.api.selectors import lead_team_get, lead_teams
from polku.intake.selectors import Load
from polku.intake.weeks import week_start_of
from polku.stats.selectors import TeamWeek, team_week

router = Router(tags=["statistics"])


@router.get(
    "/statistics/teams",
    response=responses(list[out.Team]),
    operation_id="statistics_teams",
    summary="Your teams",
)
def statistics_teams(request: HttpRequest) -> list[Any]:
    """The teams whose numbers you may read: a team lead's own teams (403 for other roles)."""
    return lead_teams(worker=worker_of(request))


def _figures(rows: list[tuple[str, int, int, str]], prefix: str) -> list[dict[str, Any]]:
    return [{"key": kind.removeprefix(prefix), "count": count} for _label, count, _bar, kind in rows]


def _load(load: Load) -> dict[str, Any]:
    return {
        "worker_id": load.worker.pk,
        "name": str(load.worker),
        "role": load.worker.role,
        "active": load.active,
        "new": load.new,
        "assessments": load.assessments,
        "by_quadrant": load.by_quadrant,
        "absent_today": load.absent_today,
    }


def _week(week: TeamWeek) -> dict[str, Any]:
    return {
        "team": week.team,
        "week_start": week.week_start,
        "week_end": week.week_end,
        "received": week.received,
        "by_channel": _figures(week.by_channel, "channel-"),
        "by_outcome": _figures(week.by_outcome, "outcome-"),
        "guidance_only": week.guidance_only,
        "guidance_only_share": week.guidance_only_share,
        "urgent": week.urgent,
        "urgent_share": week.urgent_share,
        # As on the page: an overdue intake is named only where the lead's basis covers it
        # (the selector logged exactly those reads); the others are only counted.
        "overdue": [
            {
                "start_by": row.intake.start_by,
                "intake_id": row.intake.pk if row.named else None,
                "client_id": row.intake.client_id if row.named else None,
                "client_name": row.intake.client.full_name if row.named else None,
            }
            for row in week.overdue
        ],
        "loads": [_load(load) for load in week.loads],
    }


@router.get(
    "/statistics/teams/{team_id}/week",
    response=responses(out.TeamWeek),
    operation_id="statistics_team_week",
    summary="A team's week in numbers",
)
def statistics_team_week(request: HttpRequest, team_id: Id, week: Day = None) -> dict[str, Any]:
    """The team's week (Monday to Sunday) containing `week`, this week by default: intakes by
    channel and outcome, the guidance-only and urgent shares, overdue intakes and each
    worker's load, as on the team's week page."""
    worker = worker_of(request)
    team = lead_team_get(worker=worker, team_id=team_id)
    start = week_start_of(week or timezone.localdate())
    return _week(team_week(worker=worker, team=team, week_start=start))
