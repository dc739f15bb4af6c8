"""Intake (vireilletulo), service guidance, deadlines, the duty pair and the quadrant.

The Pohjois-Savo model: every contact is met first by service guidance; what needs a
service needs assessment is forwarded to the week's duty pair, who classify the support
need with the quadrant and choose the responsible worker.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Client
from polku.core.models import CodeListEntry, Organisation, Role, Team, Worker
from polku.core.working_days import TimeLeft


class NotifierType(CodeListEntry):
    """Who notified, after the national code set 'Palvelutarpeen ilmoittaja'."""

    class Meta(CodeListEntry.Meta):
        verbose_name = _("notifier type")
        verbose_name_plural = _("notifier types")


class GuidanceCategory(CodeListEntry):
    """Kinds of guidance and advice given, for counting what guidance resolves."""

    class Meta(CodeListEntry.Meta):
        verbose_name = _("guidance category")
        verbose_name_plural = _("guidance categories")


class UrgencyCriterion(CodeListEntry):
    """One line of the team's shared written definition of urgency."""

    class Meta(CodeListEntry.Meta):
        verbose_name = _("urgency criterion")
        verbose_name_plural = _("urgency criteria")


class DeadlineRule(CodeListEntry):
    """When the service needs assessment must start and end (SHL 36 §), as data.

    `start_working_days` 0 means at once (urgent). `complete_months` is set where the
    assessment must also be complete within a time (e.g. 3 months)."""

    start_working_days = models.PositiveSmallIntegerField(_("start within working days"))
    complete_months = models.PositiveSmallIntegerField(_("complete within months"), null=True, blank=True)
    for_urgent = models.BooleanField(_("applies to urgent intakes"), default=False)
    is_default = models.BooleanField(_("default rule"), default=False)

    class Meta(CodeListEntry.Meta):
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")


class Channel(models.TextChoices):
    OWN_CONTACT = "own_contact", _("the client's own contact")
    PROFESSIONAL_CONTACT = "professional_contact", _("a professional's contact with the client's consent")
    NOTIFICATION = "notification", _("a notification without consent (SHL 35 §)")
    APPLICATION = "application", _("an application")
    OTHER = "other", _("other")


class ReceivedHow(models.TextChoices):
    PHONE = "phone", _("phone")
    LETTER = "letter", _("letter")
    E_SERVICE = "e_service", _("e-service")
    IN_PERSON = "in_person", _("in person")


class Stage(models.TextChoices):
    GUIDANCE = "guidance", _("in service guidance")
    DISTRIBUTION = "distribution", _("waiting for distribution")
    URGENT = "urgent", _("urgent duty")
    ASSIGNED = "assigned", _("assigned to a worker")
    CLOSED = "closed", _("closed")


OPEN_STAGES = (Stage.GUIDANCE, Stage.DISTRIBUTION, Stage.URGENT)


class Outcome(models.TextChoices):
    GUIDANCE_ONLY = "guidance_only", _("closed with guidance only")
    FORWARDED = "forwarded", _("forwarded for distribution")
    URGENT_DUTY = "urgent_duty", _("urgent duty now")
    UNREACHABLE = "unreachable", _("the client could not be reached")
    DECLINED = "declined", _("the client declines")


CLOSING_OUTCOMES = (Outcome.GUIDANCE_ONLY, Outcome.UNREACHABLE, Outcome.DECLINED)


class Motivation(models.TextChoices):
    WANTS = "wants", _("wants services")
    UNDECIDED = "undecided", _("undecided")
    DECLINES = "declines", _("declines services")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("phone")
    TEXT_MESSAGE = "text_message", _("text message")
    LETTER = "letter", _("letter")
    E_SERVICE = "e_service", _("e-service message")
    VISIT = "visit", _("visit")


class Intake(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="intakes")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="intakes")
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    received_how = models.CharField(_("received by"), max_length=20, choices=ReceivedHow.choices)
    description = models.TextField(_("what it is about"))

    # SHL: the client may later be told who notified, at the authority's discretion, so
    # the notifier is kept out of sight and showing it is logged.
    notifier_type = models.ForeignKey(
        NotifierType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("notifier")
    )
    notifier_name = models.CharField(_("notifier's name"), max_length=200, blank=True)
    notifier_organisation = models.CharField(_("notifier's organisation"), max_length=200, blank=True)
    notifier_contact = models.CharField(_("notifier's contact details"), max_length=200, blank=True)

    deadline_rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, verbose_name=_("deadline rule"))
    start_by = models.DateField(_("assessment must start by"))
    complete_by = models.DateField(_("assessment must be complete by"), null=True, blank=True)

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.GUIDANCE)
    registered_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    guidance_worker = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_urgent = models.BooleanField(_("urgent"), null=True, blank=True)
    urgency_criteria = models.ManyToManyField(
        UrgencyCriterion, blank=True, verbose_name=_("urgency criteria")
    )
    urgency_reason = models.TextField(_("reasons for the urgency assessment"), blank=True)
    urgency_assessed_at = models.DateTimeField(null=True, blank=True)
    urgency_assessed_by = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guidance_given = models.TextField(_("guidance and advice given"), blank=True)
    guidance_categories = models.ManyToManyField(
        GuidanceCategory, blank=True, verbose_name=_("kinds of guidance")
    )
    motivation = models.CharField(_("motivation"), max_length=20, choices=Motivation.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    urgent_handling = models.TextField(_("what was done in urgent duty"), blank=True)
    urgent_handled_at = models.DateTimeField(null=True, blank=True)
    urgent_handled_by = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Distribution to a worker of another team is an explicit choice with a reason.
    other_team_reason = models.TextField(_("why a worker of another team takes the client"), blank=True)
    version = models.PositiveIntegerField(default=1)

    # Set by selectors.with_time_left for the pages that show the deadline.
    time_left: TimeLeft | None = None

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["start_by", "received_at"]
        indexes = [
            models.Index(fields=["organisation", "team", "stage", "start_by"]),
            models.Index(fields=["client", "-received_at"]),
            models.Index(fields=["organisation", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%d.%m.%Y} {self.get_channel_display()}"

    def get_absolute_url(self) -> str:
        return reverse("intake_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.start_by < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ContactAttempt(models.Model):
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="contact_attempts")
    at = models.DateTimeField(_("time"), default=timezone.now)
    method = models.CharField(_("method"), max_length=20, choices=ContactMethod.choices)
    reached = models.BooleanField(_("reached the client"))
    note = models.TextField(_("note"), blank=True)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_method_display()}"


class Complexity(models.TextChoices):
    LOW = "low", _("low")
    HIGH = "high", _("high")


class Resources(models.TextChoices):
    GOOD = "good", _("good")
    WEAK = "weak", _("weak")


# The roles a quadrant can send a client's need to: the team's client workers (never an
# administrator or a partner professional).
QUADRANT_ROLES = [
    (role.value, role.label) for role in (Role.GUIDANCE_WORKER, Role.SOCIAL_COUNSELLOR, Role.SOCIAL_WORKER)
]


class Quadrant(models.Model):
    """The organisation's support-need quadrant: two axes and the role each cell points to.

    Default after the national client segmentation (Suuntima): complexity of support needs
    × the client's own resources. High complexity with weak resources is special support
    need (SHL 3 §), so its default is a social worker."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="quadrant")
    complexity_fi = models.CharField(
        _("complexity axis in Finnish"), max_length=200, default="Tuen tarpeiden monimutkaisuus"
    )
    complexity_sv = models.CharField(
        _("complexity axis in Swedish"), max_length=200, default="Stödbehovens komplexitet"
    )
    complexity_en = models.CharField(
        _("complexity axis in English"), max_length=200, default="Complexity of support needs"
    )
    resources_fi = models.CharField(
        _("resources axis in Finnish"),
        max_length=200,
        default="Asiakkaan omat voimavarat hakea ja käyttää palveluja",
    )
    resources_sv = models.CharField(
        _("resources axis in Swedish"),
        max_length=200,
        default="Klientens egna resurser att söka och använda tjänster",
    )
    resources_en = models.CharField(
        _("resources axis in English"),
        max_length=200,
        default="The client's own resources to seek and use services",
    )
    role_low_good = models.CharField(
        _("role: low complexity, good resources"),
        max_length=30,
        choices=QUADRANT_ROLES,
        default=Role.GUIDANCE_WORKER,
    )
    role_low_weak = models.CharField(
        _("role: low complexity, weak resources"),
        max_length=30,
        choices=QUADRANT_ROLES,
        default=Role.SOCIAL_COUNSELLOR,
    )
    role_high_good = models.CharField(
        _("role: high complexity, good resources"),
        max_length=30,
        choices=QUADRANT_ROLES,
        default=Role.SOCIAL_COUNSELLOR,
    )
    role_high_weak = models.CharField(
        _("role: high complexity, weak resources (special support need)"),
        max_length=30,
        choices=QUADRANT_ROLES,
        default=Role.SOCIAL_WORKER,
    )

    class Meta:
        verbose_name = _("support-need quadrant")
        verbose_name_plural = _("support-need quadrants")

    def __str__(self) -> str:
        return str(self.organisation)

    def _label(self, axis: str) -> str:
        language = (get_language() or "fi")[:2]
        return str(getattr(self, f"{axis}_{language}", "") or getattr(self, f"{axis}_fi"))

    @property
    def complexity_label(self) -> str:
        return self._label("complexity")

    @property
    def resources_label(self) -> str:
        return self._label("resources")

    def role_for(self, complexity: str, resources: str) -> str:
        return str(getattr(self, f"role_{complexity}_{resources}"))


def quadrant_code(complexity: str, resources: str) -> str:
    return f"{complexity}_{resources}"


SPECIAL_SUPPORT = quadrant_code(Complexity.HIGH, Resources.WEAK)


class QuadrantRating(models.Model):
    """One classification of a client's support need; re-assessments add rows, so the
    history stays."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    relationship = models.ForeignKey(
        "casework.ClientRelationship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quadrant_ratings",
    )
    complexity = models.CharField(_("complexity of support needs"), max_length=10, choices=Complexity.choices)
    resources = models.CharField(_("the client's own resources"), max_length=10, choices=Resources.choices)
    recommended_role = models.CharField(max_length=30, choices=QUADRANT_ROLES)
    note = models.TextField(_("reasons"), blank=True)
    rated_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-rated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.rated_at:%d.%m.%Y} {self.code}"

    @property
    def code(self) -> str:
        return quadrant_code(self.complexity, self.resources)

    @property
    def is_special_support(self) -> bool:
        return self.code == SPECIAL_SUPPORT


class DutyWeek(models.Model):
    """The week's duty pair of a team: one social worker and one social counsellor."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="duty_weeks", verbose_name=_("team")
    )
    week_start = models.DateField(_("week starting"))
    social_worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("social worker")
    )
    social_counsellor = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("social counsellor")
    )

    class Meta:
        verbose_name = _("duty week")
        verbose_name_plural = _("duty weeks")
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(fields=["team", "week_start"], name="duty_week_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.week_start:%d.%m.%Y}"

    def members(self) -> tuple[Worker, Worker]:
        return (self.social_worker, self.social_counsellor)

    # Each slot takes an active member of the team with the slot's role: the duty pair gets a
    # basis to see the team's waiting intakes, so nobody else may be put there (the admin
    # form and the rota services both validate with this).
    SLOT_ROLES = {"social_worker": Role.SOCIAL_WORKER, "social_counsellor": Role.SOCIAL_COUNSELLOR}

    def clean(self) -> None:
        if self.team_id is None:
            return
        if self.organisation_id is not None and self.organisation_id != self.team.organisation_id:
            raise ValidationError(_("The duty week belongs to the team's organisation."))
        chosen = {field: getattr(self, f"{field}_id") for field in self.SLOT_ROLES}
        members = set(
            self.team.workers.filter(pk__in=[pk for pk in chosen.values() if pk], is_active=True).values_list(
                "pk", "role"
            )
        )
        errors = {
            field: _("Choose a %(role)s of the team.") % {"role": Role(role).label}
            for field, role in self.SLOT_ROLES.items()
            if chosen[field] and (chosen[field], role) not in members
        }
        if errors:
            raise ValidationError(errors)
