"""The client plan (asiakassuunnitelma, SHL 39 §) in the national structure 'Työikäisten
palvelujen asiakassuunnitelma' (1.2.246.537.6.1506.15020.2024.11.28), with THL's AVAIN:
goals, situational factors, services and methods, assessed when the plan is made and again
at evaluation.

A plan has versions. Each evaluation makes a new version; earlier ones stay as they were."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.codes.models import Code
from polku.core.models import Organisation, Worker


class PlanType(models.TextChoices):
    WORKING_AGE = "working_age", _("working-age client plan")
    MULTI_SECTOR = "multi_sector", _("multi-sector joint plan")
    ACTIVATION = "activation", _("activation plan")
    AFTERCARE = "aftercare", _("aftercare plan")


class ClientPlan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="plans")
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.PROTECT, related_name="plans")
    plan_type = models.CharField(_("type of plan"), max_length=20, choices=PlanType.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_plan_type_display()}: {self.client}"

    def get_absolute_url(self) -> str:
        return reverse("plan_detail", args=[self.pk])


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AGREED = "agreed", _("agreed with the client")


class PlanVersion(models.Model):
    plan = models.ForeignKey(ClientPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    made_on = models.DateField(_("date of the plan meeting"), default=timezone.localdate)
    meeting_place = models.CharField(_("place of the plan meeting"), max_length=200, blank=True)
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Each with their relation or role, one per line.")
    )
    situation = models.TextField(_("the client's situation"), blank=True)
    current_services = models.TextField(_("services the client receives now"), blank=True)
    client_support_need = models.TextField(_("support needed, as the client sees it"), blank=True)
    worker_support_need = models.TextField(_("support needed, as the worker sees it"), blank=True)
    client_services_needed = models.TextField(
        _("services and actions needed, as the client sees it"), blank=True
    )
    worker_services_needed = models.TextField(
        _("services and actions needed, as the worker sees it"), blank=True
    )
    client_strengths = models.TextField(_("strengths and resources, as the client sees them"), blank=True)
    worker_strengths = models.TextField(_("strengths and resources, as the worker sees them"), blank=True)
    meeting_who = models.CharField(_("who meets"), max_length=300, blank=True)
    meeting_where = models.CharField(_("where we meet"), max_length=300, blank=True)
    meeting_frequency = models.CharField(_("how often"), max_length=200, blank=True)
    meeting_length = models.CharField(_("how long"), max_length=200, blank=True)
    duration = models.CharField(
        _("estimated duration of the client relationship"), max_length=200, blank=True
    )
    next_review_on = models.DateField(_("next evaluation"), null=True, blank=True)
    next_review_place = models.CharField(_("place of the next evaluation"), max_length=200, blank=True)
    informed_of_rights = models.BooleanField(
        _("the client has been told their rights, duties and options"), default=False
    )
    next_steps = models.TextField(_("agreed next steps"), blank=True)
    differing_views = models.TextField(_("differing views"), blank=True)
    # Evaluation of the previous version (versions 2 onwards).
    situation_change = models.TextField(
        _("change in the overall situation since the last plan"),
        blank=True,
        help_text=_("Home, health, income, relationships, work or studies."),
    )
    continues = models.BooleanField(_("the work continues"), null=True, blank=True)
    continue_reasons = models.TextField(_("reasons"), blank=True)

    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]
        indexes = [models.Index(fields=["status", "next_review_on"])]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class Scale(models.TextChoices):
    BETTER = "1", _("change for the better")
    PREVENT = "2", _("prevent the situation getting worse")


class Goal(models.Model):
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveIntegerField(default=0)
    client_words = models.TextField(_("the goal in the client's own words"))
    code = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("goal area")
    )
    scale = models.CharField(_("aim"), max_length=1, choices=Scale.choices, default=Scale.BETTER)
    description = models.TextField(_("description"), blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.client_words[:60]


class Step(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=200)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


class Effect(models.TextChoices):
    SUPPORTS = "1", _("helps")
    HINDERS = "2", _("hinders")


class Factor(models.Model):
    """A situational factor that helps or hinders a goal, by the client's and the worker's
    joint assessment."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="factors")
    factor = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("situational factor")
    )
    effect = models.CharField(_("effect"), max_length=1, choices=Effect.choices)
    note = models.CharField(_("how"), max_length=300, blank=True)

    class Meta:
        ordering = ["effect", "pk"]

    def __str__(self) -> str:
        return f"{self.factor} ({self.get_effect_display()})"


class GoalEvaluation(models.Model):
    """At evaluation, how far a goal of the previous version was reached, as the client
    and as the worker see it."""

    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="evaluations")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="evaluations")
    client_attainment = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("as the client sees it"),
    )
    worker_attainment = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("as the worker sees it"),
    )
    client_text = models.TextField(_("the client's words"), blank=True)
    worker_text = models.TextField(_("the worker's assessment"), blank=True)

    class Meta:
        ordering = ["goal__order", "pk"]

    def __str__(self) -> str:
        return f"{self.goal}"


class PlannedService(models.Model):
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="services")
    service = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("service"))
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact = models.CharField(_("how to reach them"), max_length=200, blank=True)
    responsibility = models.CharField(_("responsible for"), max_length=300, blank=True)
    client_proposal = models.CharField(_("the client's proposal"), max_length=300, blank=True)
    used = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("was it used")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.service)


class PlannedMethod(models.Model):
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="methods")
    method = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("method"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    used = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("was it used")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.method)


class SupportPerson(models.Model):
    """Relatives, friends, volunteers and peers who support the client, and their tasks."""

    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the client"), max_length=200, blank=True)
    task = models.CharField(_("task"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class OtherPlanKind(models.TextChoices):
    CARE = "care", _("care plan")
    SERVICE = "service", _("service plan")
    REHABILITATION = "rehabilitation", _("rehabilitation plan")
    ACTIVATION = "activation", _("activation plan")
    AFTERCARE = "aftercare", _("aftercare plan")
    EMPLOYMENT = "employment", _("employment plan")
    OTHER = "other", _("other plan")


class OtherPlan(models.Model):
    """The client's other plans and who owns them, so that the plans fit together."""

    plan_version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="other_plans")
    kind = models.CharField(_("plan"), max_length=20, choices=OtherPlanKind.choices)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("Organisation and contact person."))

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.owner}"


class Section(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation of the previous plan")
    SITUATION = "situation", _("The situation now")
    GOALS = "goals", _("Goals and steps")
    SERVICES = "services", _("Services, methods and people")
    SCHEDULE = "schedule", _("Meetings and schedule")
    WRITING = "writing", _("Writing for the client")


class SectionGuidance(models.Model):
    """The organisation's own guidance beside a section of the plan, replacing Polku's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    text_fi = models.TextField(_("guidance in Finnish"))
    text_sv = models.TextField(_("guidance in Swedish"), blank=True)

    class Meta:
        verbose_name = _("guidance for a plan section")
        verbose_name_plural = _("guidance for plan sections")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "section"], name="section_guidance_unique")
        ]

    def __str__(self) -> str:
        return self.get_section_display()
