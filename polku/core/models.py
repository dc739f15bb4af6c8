"""The organisation (wellbeing services county) is the tenant; teams, workers and absences."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    # The working-day calendar for SHL 36 § deadlines (see polku.core.working_days).
    working_weekdays = models.CharField(
        _("working weekdays"),
        max_length=7,
        default="12345",
        help_text=_("ISO weekday numbers, 1 = Monday … 7 = Sunday."),
    )
    public_holidays_off = models.BooleanField(_("Finnish public holidays are days off"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A code list per organisation: the municipalities of the county."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    code = models.CharField(_("code"), max_length=3)
    name_fi = models.CharField(_("name in Finnish"), max_length=100)
    name_sv = models.CharField(_("name in Swedish"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_fi"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="municipality_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_fi


class Team(models.Model):
    """A local team of an office, serving one or more municipalities."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=200)
    office = models.CharField(_("office"), max_length=200, blank=True)
    municipalities = models.ManyToManyField(Municipality, blank=True, verbose_name=_("municipalities"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    GUIDANCE_WORKER = "guidance_worker", _("service guidance worker")
    SOCIAL_COUNSELLOR = "social_counsellor", _("social counsellor")
    SOCIAL_WORKER = "social_worker", _("social worker")
    TEAM_LEAD = "team_lead", _("team lead")
    ADMINISTRATOR = "administrator", _("administrator")
    # A professional of a partner organisation (Kela, employment services, health care, an
    # NGO …): sees only what a client's valid consent covers (polku.network).
    PARTNER = "partner", _("partner professional")


# Roles that do client work and may therefore hold a basis to see client data.
CLIENT_WORK_ROLES = frozenset(
    {Role.GUIDANCE_WORKER, Role.SOCIAL_COUNSELLOR, Role.SOCIAL_WORKER, Role.TEAM_LEAD}
)
# Every role that reads client data, and the administrators who configure, sign in with a
# second factor when REQUIRE_TWO_FACTOR is on.
TWO_FACTOR_ROLES = CLIENT_WORK_ROLES | {Role.ADMINISTRATOR, Role.PARTNER}
# A worker added by an administrator has no role until a team lead confirms one: the role
# field is empty, which gives neither client work nor configuration.
NO_ROLE = ""


class Worker(AbstractUser):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="workers", verbose_name=_("teams"))

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email", "organisation", "role"]

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def does_client_work(self) -> bool:
        return self.role in CLIENT_WORK_ROLES

    @property
    def needs_two_factor(self) -> bool:
        return self.role in TWO_FACTOR_ROLES or self.is_superuser

    @property
    def role_label(self) -> str:
        return str(self.get_role_display() or _("no role yet"))


class Absence(models.Model):
    worker = models.ForeignKey(
        Worker, on_delete=models.CASCADE, related_name="absences", verbose_name=_("worker")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="absence_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker}: {self.starts_on}–{self.ends_on}"


class ChangeRecord(models.Model):
    """Who changed which client data, when, old → new. Written by services in the same
    transaction as the change; never edited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    actor = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)
    # The client the change concerns, as a plain id: history outlives the row it describes.
    client_id = models.BigIntegerField(db_index=True)
    model = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "client_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.action} {self.model}"


class DayOff(models.Model):
    """A local day off on top of the public holidays, e.g. a day the offices are closed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="days_off")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="day_off_unique")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.name}"


class CodeListEntry(models.Model):
    """An entry of an organisation's code list, named in each UI language."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("code"), max_length=50)
    name_fi = models.CharField(_("name in Finnish"), max_length=300)
    name_sv = models.CharField(_("name in Swedish"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name_fi"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = get_language() or "fi"
        return getattr(self, f"name_{language[:2]}", "") or self.name_fi


class WorkerChange(models.Model):
    """An administrator's request to give a worker a role, teams, an email address or access
    again. Nothing of it takes effect until a team lead confirms it (see
    polku.core.services.worker_change_confirm); what only reduces access is applied at once
    and never waits here."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("replaced by a newer request")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="change_requests")
    # What the worker has when the request is made, and what they get on confirmation.
    old_role = models.CharField(_("role before"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    add_teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams to add"))
    email = models.EmailField(_("new email address"), blank=True)
    activate = models.BooleanField(_("give access again"), default=False)
    requested_by = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_by_name = models.CharField(_("requested by"), max_length=300)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by_name = models.CharField(_("decided by"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("worker change request")
        verbose_name_plural = _("worker change requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=Q(status="pending"), name="one_pending_change_per_worker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker}: {self.get_role_display()} ({self.get_status_display()})"

    @property
    def role_changes(self) -> bool:
        return self.role != self.old_role

    @property
    def old_role_label(self) -> str:
        return str(dict(Role.choices).get(self.old_role) or _("no role yet"))


class WorkerEvent(models.Model):
    """History of who changed a worker's access, when, old → new. Written by the services in
    the same transaction as the change and shown to the team leads of the teams concerned."""

    class Action(models.TextChoices):
        CREATED = "created", _("worker added")
        CHANGE_REQUESTED = "change_requested", _("change requested")
        CHANGE_CONFIRMED = "change_confirmed", _("change confirmed and in effect")
        CHANGE_DECLINED = "change_declined", _("change declined")
        CHANGE_WITHDRAWN = "change_withdrawn", _("request replaced by a newer one")
        TEAMS_REMOVED = "teams_removed", _("removed from a team")
        DEACTIVATED = "deactivated", _("access to Polku ended")
        DETAILS_CHANGED = "details_changed", _("details changed")
        PASSWORD_LINK_SENT = "password_link_sent", _("password link sent")
        PASSWORD_SET = "password_set", _("password set by the worker")
        ENROLMENT_CODE_ISSUED = "enrolment_code_issued", _("enrolment code given")
        ENROLMENT_REFUSED = "enrolment_refused", _("enrolment code refused")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("authenticator app set up")
        API_KEY_CREATED = "api_key_created", _("API key made")
        API_KEY_REVOKED = "api_key_revoked", _("API key revoked")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The worker and the actor are kept by name too: history outlives deleted users.
    worker = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    worker_name = models.CharField(max_length=300)
    actor = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_name = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=30, choices=Action.choices)
    changes = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    change = models.ForeignKey(WorkerChange, on_delete=models.SET_NULL, null=True, related_name="events")
    # The teams whose leads see the event.
    teams = models.ManyToManyField(Team, blank=True, related_name="+")

    class Meta:
        verbose_name = _("worker history entry")
        verbose_name_plural = _("worker history")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"], name="worker_event_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()} {self.worker_name}"


class EnrolmentCode(models.Model):
    """A one-time code that lets a worker confirm a new authenticator app. A team lead (an
    administrator for administrators) gives it to the named worker; only its keyed hash is
    stored, it expires, and a few wrong tries void it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_by_name = models.CharField(max_length=300)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.worker} {self.issued_at:%Y-%m-%d %H:%M}"
