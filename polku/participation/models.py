"""The client's own pages: how a client signs in, and what the client writes or ticks.

A client signs in with a one-time code their own worker gives them (ClientCode; only its
keyed hash is stored). The sign-in (ClientSignIn) is bound to that one client and lasts a
few hours at most. Everything the client does on their own pages is kept as the client's
own record (ClientAction), apart from the workers' texts and never changed afterwards."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Organisation, Worker


class ClientCode(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="sign_in_codes")
    # The relationship whose worker gave the code: while it is open, the client may sign in.
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["client", "-issued_at"])]

    def __str__(self) -> str:
        return f"{self.client_id} {self.issued_at:%Y-%m-%d %H:%M}"


class ClientSignIn(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="sign_ins")
    code = models.OneToOneField(ClientCode, on_delete=models.PROTECT, related_name="sign_in")
    signed_in_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_in_at", "-id"]

    def __str__(self) -> str:
        return f"{self.client_id} {self.signed_in_at:%Y-%m-%d %H:%M}"

    def is_live(self) -> bool:
        """Not signed out or ended by the worker, within its hours, and the relationship
        through which the code was given still open."""
        return (
            self.ended_at is None
            and self.expires_at > timezone.now()
            and ClientRelationship.objects.filter(
                pk=self.code.relationship_id, closed_at__isnull=True
            ).exists()
        )


class FailedCodeAttempt(models.Model):
    """A wrong code from an address: too many in a while, and the address must wait."""

    address = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["address", "at"]), models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"


class ActionKind(models.TextChoices):
    STEP_DONE = "step_done", _("marked a step done")
    STEP_UNDONE = "step_undone", _("marked a step not done")
    TOPICS = "topics", _("what I want to talk about")
    GOAL_VIEW = "goal_view", _("my view of a goal")
    MEASURE = "measure", _("filled in a measure")
    FEEDBACK = "feedback", _("gave feedback")


class ClientAction(models.Model):
    """One thing the client did on their own pages. Never updated: the latest of a kind is
    what stands now, and the earlier ones are its history. The goal or step is kept also as
    text, so the record reads the same after the plan changes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="own_actions")
    sign_in = models.ForeignKey(ClientSignIn, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    plan = models.ForeignKey("plans.ClientPlan", on_delete=models.PROTECT, null=True, related_name="+")
    goal = models.ForeignKey("plans.Goal", on_delete=models.SET_NULL, null=True, related_name="client_views")
    step = models.ForeignKey("plans.Step", on_delete=models.SET_NULL, null=True, related_name="client_marks")
    about = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client", "-at"]),
            models.Index(fields=["plan", "kind", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
