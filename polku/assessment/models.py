"""The service needs assessment (palvelutarpeen arviointi, SHL 36 §), in the national
structure 'Työikäisten palvelutarpeen arvio' (1.2.246.537.6.1506.1012.2023.9.28).

A draft is edited freely; completing it fixes the text. Later additions are dated addenda,
the completed assessment itself unchanged."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.codes.models import Code
from polku.core.models import Organisation, Worker

# Life areas of the national structure (section 5), as free text each.
LIFE_AREAS = [
    ("housing", _("Housing")),
    ("immigration", _("Immigration and integration")),
    ("education", _("Education and skills")),
    ("work", _("Working life")),
    ("finances", _("Financial situation")),
    ("health", _("Health")),
    ("substances", _("Substance use and addictions")),
    ("relationships", _("Social relationships")),
    ("life_management", _("Managing everyday life")),
    ("rehabilitation", _("Need for rehabilitation")),
]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPLETED = "completed", _("completed")


class Assessment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    started_on = models.DateField(_("assessment started"), default=timezone.localdate)
    # How the matter became pending, copied from the intake when the assessment starts.
    pending_since = models.DateField(_("matter pending since"), null=True, blank=True)
    pending_how = models.CharField(_("how the matter became pending"), max_length=200, blank=True)

    how_done = models.TextField(
        _("how the assessment was done"),
        blank=True,
        help_text=_("Conversations, home visits, statements, measures and earlier assessments used."),
    )
    participants = models.TextField(
        _("other participants"),
        blank=True,
        help_text=_("Name, organisation and role of each, one per line."),
    )
    current_services = models.TextField(_("earlier and current services"), blank=True)
    life_areas = models.JSONField(default=dict, blank=True)

    client_view = models.TextField(
        _("the client's own view of their situation and needs"),
        blank=True,
        help_text=_("In the client's own words where possible."),
    )
    summary = models.TextField(
        _("summary of the situation and service needs"),
        blank=True,
        help_text=_(
            "The professional's conclusions on the situation, the services and any special support need."
        ),
    )
    support_needs = models.ManyToManyField(
        Code, blank=True, related_name="+", verbose_name=_("support needs")
    )
    need_nature = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nature of the need"),
    )
    special_support = models.BooleanField(_("the client has a special support need"), null=True, blank=True)
    special_support_reasons = models.TextField(_("reasons"), blank=True)
    relationship_needed = models.BooleanField(
        _("in the professional's view, a client relationship is needed"), null=True, blank=True
    )
    own_worker_needed = models.BooleanField(
        _("in the professional's view, the client needs an own worker"), null=True, blank=True
    )
    client_own_worker_view = models.TextField(_("the client's view on an own worker"), blank=True)
    own_worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own worker"),
    )
    plan_to_make = models.BooleanField(_("a client plan will be made"), null=True, blank=True)
    no_plan_reason = models.TextField(_("why no client plan is made"), blank=True)
    next_steps = models.TextField(_("plan for continuing"), blank=True)

    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("service needs assessment")
        verbose_name_plural = _("service needs assessments")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["relationship", "status"])]

    def __str__(self) -> str:
        return f"{self.client} {self.started_on:%d.%m.%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Addendum(models.Model):
    """A dated addition to a completed assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(_("addition"))
    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y} {self.author}"
