"""Youth aftercare as the YEE model's three meetings (domain.md §6, "Asiakassuunnitelma
aikuistumisen tueksi"): a preparation meeting where the young person chooses the place, the
way of meeting and who is invited, and is given written information on their rights; a plan
meeting where the aftercare plan is agreed (the plan itself is a ClientPlan of the plans app);
and a follow-up meeting that asks whether the agreed services were delivered. 3X10D is filled
in at each meeting."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Organisation, Worker


class Stage(models.TextChoices):
    PREPARATION = "preparation", _("preparation meeting")
    PLAN = "plan", _("plan meeting")
    FOLLOW_UP = "follow_up", _("follow-up meeting")


# The stages in the order they are held: each needs the one before it recorded.
ORDER = [Stage.PREPARATION, Stage.PLAN, Stage.FOLLOW_UP]


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("face to face")
    REMOTE = "remote", _("remotely")
    HYBRID = "hybrid", _("hybrid (some in person, some remotely)")


class AftercareMeeting(models.Model):
    """One stage of the process, recorded once it has been held. The stage's own fields are
    filled for that stage only: the young person's choices at the preparation meeting, the
    agreed plan version at the plan meeting; the follow-up's services are ServiceFollowUp rows."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        ClientRelationship, on_delete=models.PROTECT, related_name="aftercare_meetings"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    held_on = models.DateField(_("date of the meeting"))
    # The preparation meeting: the young person's choices and the information given.
    place = models.CharField(_("place the young person chose"), max_length=200, blank=True)
    mode = models.CharField(
        _("how the young person wants to meet"), max_length=20, choices=MeetingMode.choices, blank=True
    )
    invited = models.TextField(_("who is invited"), blank=True)
    peer_invited = models.BooleanField(_("a peer or a trained experience expert is invited"), default=False)
    rights_info_on = models.DateField(
        _("date the written information on aftercare rights was given"), null=True, blank=True
    )
    rights_info_how = models.CharField(_("how it was given"), max_length=200, blank=True)
    wishes = models.TextField(_("the young person's wishes"), blank=True)
    # The plan meeting: the version of the aftercare plan agreed at it.
    plan_version = models.ForeignKey(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aftercare plan"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # 3X10D filled in at this stage. The link is kept here, not on the answer: an answer
    # belongs to the measures app and means the same wherever it was given.
    measure_answer = models.OneToOneField(
        "measures.MeasureAnswer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aftercare_meeting",
    )
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("aftercare meeting")
        verbose_name_plural = _("aftercare meetings")
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "stage"], name="aftercare_meeting_stage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.held_on:%d.%m.%Y}"


class Delivery(models.TextChoices):
    DELIVERED = "delivered", _("delivered")
    PARTLY = "partly", _("partly delivered")
    NOT_DELIVERED = "not_delivered", _("not delivered")


class ServiceFollowUp(models.Model):
    """At the follow-up meeting: whether a service agreed in the plan was delivered, and what
    happens next."""

    meeting = models.ForeignKey(AftercareMeeting, on_delete=models.CASCADE, related_name="services")
    planned_service = models.ForeignKey("plans.PlannedService", on_delete=models.PROTECT, related_name="+")
    delivery = models.CharField(_("was it delivered"), max_length=20, choices=Delivery.choices)
    next_steps = models.TextField(_("what next"), blank=True)

    class Meta:
        ordering = ["planned_service_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "planned_service"], name="aftercare_service_follow_up_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.planned_service}: {self.get_delivery_display()}"
