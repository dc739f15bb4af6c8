from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from polku.core.models import Role, Team, Worker
from polku.process.models import StageInstruction


@transaction.atomic
def instruction_save(
    *, actor: Worker, team: Team, stage: str, text_fi: str, text_sv: str
) -> StageInstruction:
    """The team lead writes the team's instructions for a stage of the client's path."""
    if actor.role != Role.TEAM_LEAD or not actor.teams.filter(pk=team.pk).exists():
        raise PermissionDenied
    instruction, _created = StageInstruction.objects.update_or_create(
        team=team,
        stage=stage,
        defaults={
            "organisation_id": team.organisation_id,
            "text_fi": text_fi,
            "text_sv": text_sv,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return instruction
