from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from polku.access.rules import WorkerRequest, client_work, team_lead_only
from polku.process import selectors, services
from polku.process.forms import InstructionForm
from polku.process.models import PathStage, StageInstruction


@client_work
def process_page(request: WorkerRequest) -> HttpResponse:
    teams = list(request.user.teams.all())
    team = next((t for t in teams if str(t.pk) == request.GET.get("team")), teams[0] if teams else None)
    path = selectors.team_path(team) if team else []
    return render(request, "process/path.html", {"teams": teams, "team": team, "path": path})


@team_lead_only
def instruction_edit(request: WorkerRequest, team_id: int, stage: str) -> HttpResponse:
    team = get_object_or_404(request.user.teams.all(), pk=team_id)
    if stage not in PathStage.values:
        raise Http404
    current = StageInstruction.objects.filter(team=team, stage=stage).first()
    initial = {"text_fi": current.text_fi, "text_sv": current.text_sv} if current else {}
    form = InstructionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.instruction_save(actor=request.user, team=team, stage=stage, **form.cleaned_data)
        messages.success(request, _("The instructions have been saved."))
        return redirect(f"{reverse('process')}?team={team.pk}#stage-{stage}")
    context = {"form": form, "team": team, "stage_label": PathStage(stage).label}
    return render(request, "process/instruction_edit.html", context)
