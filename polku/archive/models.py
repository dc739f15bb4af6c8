"""What was given to the client and when: the national archive (Kanta) expects it recorded
with the document (docs/decisions.md, "Documents in the national structure")."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Client
from polku.core.models import Organisation, Worker


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("client plan")
    ASSESSMENT = "assessment", _("service needs assessment")
    AGREEMENT = "agreement", _("the network's agreement")
    ACCESS_REPORT = "access_report", _("access log")


class HowGiven(models.TextChoices):
    PRINTED = "printed", _("printed for the client")


class DocumentGiven(models.Model):
    """One giving of one version of a document to the client. Printing the same version
    twice on one day is one giving."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    # The plan's, the assessment's or the agreement's id; its version where it has versions.
    document_id = models.PositiveBigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    how = models.CharField(_("how"), max_length=20, choices=HowGiven.choices)
    given_by = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    # Kept as written, so that the record reads the same after the worker has left.
    given_by_name = models.CharField(_("given by"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document given to the client")
        verbose_name_plural = _("documents given to the client")
        ordering = ["given_on", "pk"]
        indexes = [models.Index(fields=["kind", "document_id", "version"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.given_on:%d.%m.%Y}"
