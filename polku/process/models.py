"""The team's written instructions for each stage of the client's path."""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from polku.core.models import Organisation, Team, Worker


class PathStage(models.TextChoices):
    INTAKE = "intake", _("Intake")
    GUIDANCE = "guidance", _("Service guidance")
    DISTRIBUTION = "distribution", _("Distribution")
    ASSESSMENT = "assessment", _("Service needs assessment")
    PLAN = "plan", _("Client plan")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSING = "closing", _("Closing")


class StageInstruction(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="stage_instructions")
    stage = models.CharField(max_length=20, choices=PathStage.choices)
    text_fi = models.TextField(_("instructions in Finnish"), blank=True)
    text_sv = models.TextField(_("instructions in Swedish"), blank=True)
    updated_by = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "stage"], name="stage_instruction_unique")]

    def __str__(self) -> str:
        return f"{self.team}: {self.get_stage_display()}"

    @property
    def text(self) -> str:
        """In the reader's language; Finnish where the Swedish is not written yet."""
        if (get_language() or "fi").startswith("sv") and self.text_sv:
            return self.text_sv
        return self.text_fi
