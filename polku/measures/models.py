"""Measures: instruments as versioned data, and the answers recorded with a client.

An instrument is a definition (polku.measures.definition) under a key and a version. A
changed instrument is a new version; every answer keeps the version it was given on, so an
old answer is always read against the items and scale it was answered on."""

from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Organisation, Worker
from polku.measures.definition import Definition


class Instrument(models.Model):
    key = models.SlugField(_("key"), max_length=50)
    version = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("New answers are recorded on the newest version in use.")
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.read.name} ({self.key}, v{self.version})"

    @cached_property
    def read(self) -> Definition:
        return Definition(self.definition)


class AnsweredBy(models.TextChoices):
    CLIENT = "client", _("the client on their own pages")
    TOGETHER = "together", _("filled in together with the client")
    WORKER = "worker", _("worker's rating")


class MeasureAnswer(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="measure_answers")
    relationship = models.ForeignKey(
        ClientRelationship, on_delete=models.PROTECT, related_name="measure_answers"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="answers")
    answered_on = models.DateField(_("date answered"))
    answered_by = models.CharField(_("who answered"), max_length=10, choices=AnsweredBy.choices)
    # The evaluation (a plan version from 2 on) the answer belongs to, where there is one.
    plan_version = models.ForeignKey(
        "plans.PlanVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_answers",
        verbose_name=_("plan evaluation"),
    )
    values = models.JSONField(_("answers"))
    # None when the client answered on their own pages (polku.participation).
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "pk"]
        indexes = [models.Index(fields=["relationship", "answered_on"])]

    def __str__(self) -> str:
        return f"{self.instrument.key} {self.answered_on:%d.%m.%Y}"
