"""Feedback the client gives the team: what went well (roses), what could be better
(thorns) and free words. Named or anonymous; anonymous feedback keeps nothing that leads
back to the client: no client, no relationship, no time, only the month."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Organisation, Team


class ClientFeedback(models.Model):
    # A random key, not a running number: the order of the rows must not tell when an
    # anonymous feedback came between two named ones.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The team whose work the feedback is about, as it was when the feedback was given.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team"))
    relationship = models.ForeignKey(
        ClientRelationship, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    roses = models.TextField(_("what went well"), blank=True)
    thorns = models.TextField(_("what could be better"), blank=True)
    text = models.TextField(_("other feedback"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # The exact time only for named feedback; the month (its first day) for all.
    given_at = models.DateTimeField(null=True, blank=True)
    given_month = models.DateField(_("month given"))

    class Meta:
        verbose_name = _("client feedback")
        verbose_name_plural = _("client feedback")
        indexes = [models.Index(fields=["organisation", "team", "given_month"])]
        constraints = [
            # The database itself keeps anonymous feedback anonymous.
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(client__isnull=True, relationship__isnull=True, given_at__isnull=True),
                name="feedback_anonymous_keeps_no_client",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(client__isnull=False, given_at__isnull=False),
                name="feedback_named_has_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.given_month:%m/%Y}"
