"""The client relationship (asiakkuus) and the work around it: responsible and pair
workers, consultations, escorted handovers and the team's case meeting."""

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.casework.aftercare import aftercare_ends_on
from polku.clients.models import Client
from polku.core.models import Organisation, Team, Worker


class CaseStage(models.TextChoices):
    """Where the relationship is on the client's path; later stages are set by the
    assessment and plan services."""

    ASSESSMENT = "assessment", _("service needs assessment")
    PLAN = "plan", _("client plan")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSING = "closing", _("closing")


class RelationshipKind(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary client relationship")
    # Child Welfare Act 417/2007 75 §: a young adult aged 18–24 who was placed as a child.
    AFTERCARE = "aftercare", _("youth aftercare")


class ClientRelationship(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="relationships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    intake = models.OneToOneField(
        "intake.Intake", on_delete=models.PROTECT, null=True, blank=True, related_name="relationship"
    )
    responsible_worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="responsible_for", verbose_name=_("responsible worker")
    )
    pair_worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pair_for",
        verbose_name=_("pair worker"),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=CaseStage.choices, default=CaseStage.ASSESSMENT
    )
    kind = models.CharField(
        _("kind of client relationship"),
        max_length=20,
        choices=RelationshipKind.choices,
        default=RelationshipKind.ORDINARY,
    )
    # The current quadrant code (e.g. "high_weak"), copied from the latest rating so that
    # workloads by quadrant are one grouped query.
    quadrant = models.CharField(max_length=20, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    # Until the responsible worker first opens the client, it is a new client in their list.
    seen_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_reason = models.TextField(_("why the client relationship ends"), blank=True)
    closing_guidance = models.TextField(
        _("guidance given or where the client was handed over"),
        blank=True,
        help_text=_("Name the service and the person, if the client was handed over."),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("client relationship")
        verbose_name_plural = _("client relationships")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["responsible_worker", "closed_at"]),
            models.Index(fields=["pair_worker", "closed_at"]),
            models.Index(fields=["organisation", "team", "closed_at"]),
            models.Index(fields=["client", "closed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.client} ({self.opened_at:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def aftercare_ends_on(self) -> date | None:
        born = self.client.birth_date
        if self.kind != RelationshipKind.AFTERCARE or born is None:
            return None
        return aftercare_ends_on(born)

    @property
    def aftercare_has_ended(self) -> bool:
        ends = self.aftercare_ends_on
        return ends is not None and ends < timezone.localdate()


class Consultation(models.Model):
    """A colleague asked for advice on a client: read access to the client until
    `expires_at`, through the gate, every read logged."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(
        ClientRelationship, on_delete=models.CASCADE, related_name="consultations"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    consultant = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("colleague")
    )
    question = models.TextField(_("question"))
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("access ends"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["consultant", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.requested_at:%d.%m.%Y} {self.consultant}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


class Handover(models.Model):
    """Escorted handover (saattaen vaihtaen): the client goes to a named worker, who
    accepts; until then the current responsible worker stays responsible."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.CASCADE, related_name="handovers")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    from_worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    to_worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        related_name="handovers_offered",
        verbose_name=_("new responsible worker"),
    )
    note = models.TextField(_("what the new worker needs to know"))
    offered_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-offered_at"]
        indexes = [models.Index(fields=["to_worker", "accepted_at", "declined_at"])]

    def __str__(self) -> str:
        return f"{self.offered_at:%d.%m.%Y} {self.from_worker} → {self.to_worker}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None


class CaseMeetingItem(models.Model):
    """A client brought to the team's case meeting as an anonymised summary. Only the
    worker who brought it sees which client it is about."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="case_meeting_items")
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.CASCADE, related_name="+")
    brought_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    brought_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField(_("anonymised summary"))
    question = models.TextField(_("question for the team"))
    advice = models.TextField(_("the team's advice"), blank=True)
    advice_recorded_by = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    advice_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-brought_at"]

    def __str__(self) -> str:
        return f"{self.team} {self.brought_at:%d.%m.%Y}"


class EntryKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    PHONE = "phone", _("phone call")
    VISIT = "visit", _("home or outreach visit")
    NETWORK = "network", _("network meeting")
    OTHER = "other", _("other")


class JournalEntry(models.Model):
    """A dated narrative note of the work with the client. Workers write freely; a note may
    be tied to a goal of the plan, and a missed appointment is recorded as such."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.PROTECT, related_name="journal")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices, default=EntryKind.MEETING)
    happened_on = models.DateField(_("date"), default=timezone.localdate)
    no_show = models.BooleanField(_("the client did not come"), default=False)
    text = models.TextField(_("what happened"))
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["relationship", "-happened_on"])]

    def __str__(self) -> str:
        return f"{self.happened_on:%d.%m.%Y} {self.get_kind_display()}"


class ReminderKind(models.TextChoices):
    AFTERCARE_ENDING = "aftercare_ending", _("aftercare is ending")
    PLAN_EVALUATION_DUE = "plan_evaluation_due", _("plan evaluation due")
    STEP_OVERDUE = "step_overdue", _("step overdue")


class Reminder(models.Model):
    """Made by the daily job (`manage.py reminders`) for the relationship's responsible and
    pair worker. It holds no text of its own: the page words it from its kind, date and step,
    so it follows the reader's language. `key` names what it is about, so a second run of the
    job finds it already made."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="reminders")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    relationship = models.ForeignKey(ClientRelationship, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    due_on = models.DateField()
    step = models.ForeignKey("plans.Step", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["worker", "key"], name="reminder_worker_key_unique")]
        indexes = [models.Index(fields=["worker", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d.%m.%Y}"
