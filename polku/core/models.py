"""The organisation (wellbeing services county) is the tenant; teams, workers and absences."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
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


# Roles that do client work and may therefore hold a basis to see client data.
CLIENT_WORK_ROLES = frozenset(
    {Role.GUIDANCE_WORKER, Role.SOCIAL_COUNSELLOR, Role.SOCIAL_WORKER, Role.TEAM_LEAD}
)
TWO_FACTOR_ROLES = frozenset({Role.TEAM_LEAD, Role.ADMINISTRATOR})


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


class Absence(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="absences")
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
