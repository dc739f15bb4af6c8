from django.http import Http404, HttpResponse
from django.shortcuts import render

from polku.access.rules import WorkerRequest, team_lead_only
from polku.core.limits import parse_id
from polku.feedback.selectors import DEFAULT_PERIOD, PERIODS, team_feedback


def _number(request: WorkerRequest, name: str) -> int | None:
    value = request.GET.get(name)
    if not value:
        return None
    try:
        return parse_id(value)
    except ValueError:
        raise Http404 from None


@team_lead_only
def team_feedback_page(request: WorkerRequest) -> HttpResponse:
    """Feedback and measures of a team the lead leads, over the last 3, 6 or 12 months."""
    months = _number(request, "months") or DEFAULT_PERIOD
    teams, feedback = team_feedback(lead=request.user, team_id=_number(request, "team"), months=months)
    context = {"teams": teams, "feedback": feedback, "periods": PERIODS}
    return render(request, "feedback/team_feedback.html", context)
