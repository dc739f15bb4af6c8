"""The team's client path as a picture: each stage with its instructions and how many
clients are at it now (counts only)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from polku.casework.models import ClientRelationship
from polku.core.models import Team
from polku.intake.models import Intake, Stage
from polku.process.models import PathStage, StageInstruction


@dataclass
class StageView:
    stage: PathStage
    clients: int
    instruction: StageInstruction | None


def stage_counts(team: Team) -> dict[str, int]:
    """Distinct clients at each stage: intakes not yet touched by guidance, in guidance,
    waiting for distribution (or in urgent duty), and open relationships by their stage."""
    started = Q(contact_attempts__isnull=False) | Q(urgency_assessed_at__isnull=False)
    in_guidance = Intake.objects.filter(team=team, stage=Stage.GUIDANCE)
    counts: dict[str, int] = {
        PathStage.INTAKE: in_guidance.exclude(pk__in=in_guidance.filter(started).values("pk"))
        .values("client")
        .distinct()
        .count(),
        PathStage.GUIDANCE: in_guidance.filter(started).values("client").distinct().count(),
        PathStage.DISTRIBUTION: Intake.objects.filter(team=team, stage__in=[Stage.DISTRIBUTION, Stage.URGENT])
        .values("client")
        .distinct()
        .count(),
    }
    for row in (
        ClientRelationship.objects.filter(team=team, closed_at__isnull=True)
        .values("stage")
        .annotate(n=Count("client", distinct=True))
        .order_by()
    ):
        counts[row["stage"]] = row["n"]
    return counts


def team_path(team: Team) -> list[StageView]:
    counts = stage_counts(team)
    instructions = {
        i.stage: i for i in StageInstruction.objects.filter(team=team).select_related("updated_by")
    }
    return [StageView(stage, counts.get(stage, 0), instructions.get(stage)) for stage in PathStage]
