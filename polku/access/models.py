"""Bases for access, the append-only access log and break-glass openings."""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.access.chain import GENESIS, entry_hash
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
    REGISTRAR = "registrar", _("registered the client or an intake about them")
    BREAK_GLASS = "break_glass", _("break-glass access with a written reason")
    REGISTRATION_CHECK = "registration_check", _("duplicate check when registering a client")
    BREAK_GLASS_REVIEW = "break_glass_review", _("team lead's review of a break-glass access")
    EXISTENCE_CHECK = "existence_check", _("an identity code was checked against the register")
    # Log-only, like the checks above: it opens nothing (it is in no table of capabilities).
    OWN_DISTRIBUTION = "own_distribution", _("the duty pair's record of whom they distributed")
    REVOCATION_NOTICE = "revocation_notice", _("told a partner that the client revoked the consent")
    # A partner professional, within the client's valid consent (one basis per information).
    CONSENT_PLAN = "consent_plan", _("the client's consent: the client plan")
    CONSENT_ASSESSMENT = "consent_assessment", _("the client's consent: the service needs assessment")
    CONSENT_MEETINGS = "consent_meetings", _("the client's consent: records of joint meetings")
    CONSENT_SERVICES = "consent_services", _("the client's consent: the services map")
    CONSENT_CONTACT = "consent_contact", _("the client's consent: contact details")


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
    DISTRIBUTED = "distributed", _("name in the duty pair's list of clients distributed this week")
    TEAM_STATISTICS = "team_statistics", _("name in the list behind the team's numbers")
    NOTIFIER = "notifier", _("who made the notification")
    INTAKE_HISTORY = "intake_history", _("earlier intakes")
    CASE_LIST = "case_list", _("name in a list of clients")
    CASE = "case", _("client relationship")
    CASE_MEETING = "case_meeting", _("brought to the team's case meeting")
    ASSESSMENT = "assessment", _("service needs assessment")
    PLAN = "plan", _("client plan")
    PLAN_PDF = "plan_pdf", _("the client's printed plan")
    JOURNAL = "journal", _("journal entries")
    CONSENTS = "consents", _("the client's consents")
    SERVICES_MAP = "services_map", _("the services map")
    MEETING = "meeting", _("a joint meeting and its record")
    CONSENT_FORM = "consent_form", _("a signed consent form")
    PARTNER_CLIENTS = "partner_clients", _("name in a partner's list of clients")
    NETWORK = "network", _("the client's network and its agreement")
    AGREEMENT_PDF = "agreement_pdf", _("the network's agreement as PDF")
    MEASURES = "measures", _("measures and their answers")
    AFTERCARE = "aftercare", _("youth aftercare meetings")
    ARCHIVE_EXPORT = "archive_export", _("a document for transfer to the archive")


class AppendOnlyQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("The access log cannot be deleted.")

    def bulk_create(  # type: ignore[override]
        self, objs: Iterable["AccessLogEntry"], *args: Any, **kwargs: Any
    ) -> list["AccessLogEntry"]:
        # A skipped or overwritten row would break the chain its hash was linked into.
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise PermissionError("The access log cannot skip or overwrite rows.")
        entries = list(objs)
        if not entries:
            return entries
        with transaction.atomic(using=self.db, savepoint=False):
            link_to_chain(entries, using=self.db)
            return super().bulk_create(entries, *args, **kwargs)  # type: ignore[arg-type,return-value]


class AccessLogEntry(models.Model):
    """One read of client data. Rows are only ever added: the ORM refuses changes and
    database triggers (polku/access/triggers.py) refuse them below the ORM too. Each row is
    hashed into its organisation's chain as it is inserted (`link_to_chain`), so a change
    made around both shows (`manage.py verify_access_log`)."""

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
    # The hash chain (polku/access/chain.py), filled in by link_to_chain on insert.
    seq = models.BigIntegerField(editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"]), models.Index(fields=["worker", "-at"])]
        constraints = [
            # Two writers can never link to the same predecessor.
            models.UniqueConstraint(fields=["organisation", "seq"], name="access_log_one_row_per_link")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.worker_name}: {self.view}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The access log cannot be changed.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            link_to_chain([self], using=using)
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("The access log cannot be deleted.")


class AccessLogChain(models.Model):
    """The head of an organisation's access-log chain: the last row's number and hash.

    Appending writes this row first (an upsert … RETURNING), so concurrent writers take
    turns on PostgreSQL, and SQLite's writer lock is taken before anything is read.
    Comparing it with the last row also shows rows deleted from the end of the log."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    seq = models.BigIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.seq}"


def _claim_links(using: str, organisation_id: int, count: int) -> tuple[int, str]:
    """Reserve `count` numbers in the organisation's chain; return the last number and hash
    before them. One statement: the upsert creates the head with the organisation's first
    rows, and otherwise locks it until the transaction ends."""
    connection = connections[using]
    table = connection.ops.quote_name(AccessLogChain._meta.db_table)
    sql = (
        f"INSERT INTO {table} (organisation_id, seq, head_hash) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT (organisation_id) DO UPDATE SET seq = {table}.seq + excluded.seq "
        "RETURNING seq, head_hash"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id, count, GENESIS])
        seq, head_hash = cursor.fetchone()
    return seq - count, head_hash


def link_to_chain(entries: list[AccessLogEntry], *, using: str) -> None:
    """Number and hash new log rows into their organisations' chains: two queries per
    organisation, however many rows. Call inside the transaction that inserts them."""
    by_organisation: dict[int, list[AccessLogEntry]] = {}
    for entry in entries:
        by_organisation.setdefault(entry.organisation_id, []).append(entry)
    # Always the same order, so two writers to several chains cannot deadlock.
    for organisation_id in sorted(by_organisation):
        rows = by_organisation[organisation_id]
        seq, prev_hash = _claim_links(using, organisation_id, len(rows))
        for entry in rows:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev_hash
            entry.hash = prev_hash = entry_hash(
                organisation_id=organisation_id,
                seq=seq,
                at=entry.at,
                worker_id=entry.worker_id,
                worker_name=entry.worker_name,
                worker_title=entry.worker_title,
                client_id=entry.client_id,
                view=entry.view,
                basis=entry.basis,
                prev_hash=entry.prev_hash,
            )
        AccessLogChain.objects.using(using).filter(organisation_id=organisation_id).update(
            head_hash=prev_hash
        )


class BreakGlass(models.Model):
    """An opening of a client's data without another basis, with a written reason.
    Time-limited; reviewed by a team lead of the client's team or of the opener's team,
    never by the opener (BreakGlassReview)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["worker", "client", "expires_at"]),
            # Counting a worker's recent openings for the review list.
            models.Index(fields=["worker", "opened_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.opened_at:%Y-%m-%d %H:%M} {self.worker}"


class BreakGlassReview(models.Model):
    """One team lead's review of a break-glass opening. Reviews are only added: a second
    review is a new row, so what an earlier reviewer wrote stays as written."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    break_glass = models.ForeignKey(BreakGlass, on_delete=models.PROTECT, related_name="reviews")
    # The name is copied so that the review still says who reviewed after the user is gone.
    reviewer = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewer_name = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reviewer_name}"
