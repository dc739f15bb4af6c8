from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from polku.access.rules import WorkerRequest, client_work
from polku.core.limits import parse_day
from polku.intake.weeks import week_start_of
from polku.stats.selectors import LISTS, team_week, team_week_list


def _week_start(request: WorkerRequest) -> date:
    try:
        return week_start_of(parse_day(request.GET.get("week", "")))
    except ValueError:
        if request.GET.get("week"):
            raise Http404 from None
        return week_start_of(timezone.localdate())


@client_work
def team_week_page(request: WorkerRequest) -> HttpResponse:
    teams = list(request.user.teams.all())
    if not teams:
        return render(request, "stats/team_week.html", {"teams": []})
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0])
    week_start = _week_start(request)
    week = team_week(worker=request.user, team=team, week_start=week_start)
    context = {
        "teams": teams,
        "week": week,
        "previous": week_start - timedelta(weeks=1),
        "next": week_start + timedelta(weeks=1),
    }
    return render(request, "stats/team_week.html", context)


@client_work
def team_week_list_page(request: WorkerRequest) -> HttpResponse:
    """The intakes behind one figure of the team's week; a team of the worker's own only."""
    team = next((t for t in request.user.teams.all() if str(t.pk) == request.GET.get("team")), None)
    kind = request.GET.get("kind", "")
    if team is None or kind not in LISTS:
        raise Http404
    week_start = _week_start(request)
    listing = team_week_list(worker=request.user, team=team, week_start=week_start, kind=kind)
    context = {
        "team": team,
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "listing": listing,
    }
    return render(request, "stats/team_week_list.html", context)
