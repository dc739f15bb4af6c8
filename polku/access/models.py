"""Bases for access, the append-only access log and break-glass openings."""

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Client
from polku.core.models import Organisation, Worker


class Basis(models.TextChoices):
    """Why a worker may see a client (Act 703/2023: a client relationship, another work task
    or another legal right). Later capabilities add their bases here, in one place."""

    RESPONSIBLE_WORKER = "responsible_worker", _("responsible worker")
    PAIR_WORKER = "pair_worker", _("pair worker")
    TEAM_LEAD = "team_lead", _("team lead of the client's team")
    DUTY_PAIR = "duty_pair", _("the week's duty pair, distributing an intake")
    GUIDANCE = "guidance", _("service guidance of an open intake")
    CONSULTATION = "consultation", _("consultation asked by the responsible worker")
    HANDOVER = "handover", _("offered the client in a handover")
    TRANSFER = "transfer", _("team lead of the team the client is offered to")
    REGISTRAR = "registrar", _("registered the client")
    BREAK_GLASS = "break_glass", _("break-glass access with a written reason")
    REGISTRATION_CHECK = "registration_check", _("duplicate check when registering a client")
    BREAK_GLASS_REVIEW = "break_glass_review", _("team lead's review of a break-glass access")
    EXISTENCE_CHECK = "existence_check", _("an identity code was checked against the register")


class View(models.TextChoices):
    """What was viewed, as the client will read it in their access report."""

    SEARCH_RESULT = "search_result", _("name in search results")
    CLIENT_PAGE = "client_page", _("client details")
    CLIENT_EDIT = "client_edit", _("client details for editing")
    DUPLICATE_CHECK = "duplicate_check", _("name and birth date in a duplicate check")
    EXISTENCE_CHECK = "existence_check", _("whether the client is registered")
    TRANSFER = "transfer", _("offer of the client to another team")
    ACCESS_REPORT = "access_report", _("access log")
    ACCESS_REPORT_PDF = "access_report_pdf", _("access log as PDF")
    BREAK_GLASS_REVIEW = "break_glass_review", _("name in the break-glass review")
    INTAKE = "intake", _("intake")
    INTAKE_QUEUE = "intake_queue", _("name in an intake queue")
    NOTIFIER = "notifier", _("who made the notification")
    INTAKE_HISTORY = "intake_history", _("earlier intakes")
    CASE_LIST = "case_list", _("name in a list of clients")
    CASE = "case", _("client relationship")
    CASE_MEETING = "case_meeting", _("brought to the team's case meeting")
    ASSESSMENT = "assessment", _("service needs assessment")
    PLAN = "plan", _("client plan")
    PLAN_PDF = "plan_pdf", _("the client's printed plan")
    JOURNAL = "journal", _("journal entries")


class AppendOnlyQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("The access log cannot be deleted.")


class AccessLogEntry(models.Model):
    """One read of client data. Rows are only ever added: the ORM refuses changes and
    database triggers (see the migration) refuse them below the ORM too."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # No database constraint and no cascade: deleting a user must not touch the log (the
    # triggers would refuse it anyway). The name is copied so the entry still says who read.
    worker = models.ForeignKey(Worker, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    worker_name = models.CharField(max_length=300)
    worker_title = models.CharField(max_length=200, blank=True)
    client = models.ForeignKey(Client, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    view = models.CharField(max_length=40, choices=View.choices)
    basis = models.CharField(max_length=40, choices=Basis.choices)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"]), models.Index(fields=["worker", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.worker_name}: {self.view}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log cannot be deleted.")


class BreakGlass(models.Model):
    """An opening of a client's data without another basis, with a written reason.
    Time-limited; every one is reviewed by a team lead."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["worker", "client", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.opened_at:%Y-%m-%d %H:%M} {self.worker}"
