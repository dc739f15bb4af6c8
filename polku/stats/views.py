from datetime import timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from polku.access.rules import WorkerRequest, client_work
from polku.core.limits import parse_day
from polku.intake.weeks import week_start_of
from polku.stats.selectors import team_week


@client_work
def team_week_page(request: WorkerRequest) -> HttpResponse:
    teams = list(request.user.teams.all())
    if not teams:
        return render(request, "stats/team_week.html", {"teams": []})
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0])
    try:
        week_start = week_start_of(parse_day(request.GET.get("week", "")))
    except ValueError:
        if request.GET.get("week"):
            raise Http404 from None
        week_start = week_start_of(timezone.localdate())
    week = team_week(worker=request.user, team=team, week_start=week_start)
    context = {
        "teams": teams,
        "week": week,
        "previous": week_start - timedelta(weeks=1),
        "next": week_start + timedelta(weeks=1),
    }
    return render(request, "stats/team_week.html", context)
