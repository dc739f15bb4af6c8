"""The client's network: partner organisations, their professionals, and the client's
consent that lets them see a defined part of the client's data (domain.md §4–§5)."""

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polku.clients.models import Client
from polku.codes.models import Code
from polku.core.models import Organisation, Worker


class PartnerKind(models.TextChoices):
    KELA = "kela", _("Kela")
    EMPLOYMENT = "employment", _("employment services")
    HEALTH = "health", _("health care")
    MENTAL_HEALTH = "mental_health", _("mental health and substance abuse services")
    REHABILITATION = "rehabilitation", _("rehabilitation")
    EDUCATION = "education", _("education")
    YOUTH = "youth", _("youth services")
    NGO = "ngo", _("non-governmental organisation")
    OTHER = "other", _("other")


class PartnerOrganisation(models.Model):
    """An organisation the county works with: the consent names it, or its kind."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=PartnerKind.choices,
        help_text=_("Cannot be changed once saved: a consent may cover every organisation of a kind."),
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partner_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerProfessional(models.Model):
    """A signed-in worker of a partner organisation (role "partner"), added by a team lead
    (polku.network.services.partner_professional_add). Never moved to another organisation:
    the consents that open client data name the organisation."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="partner")
    partner = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="professionals")
    # Who vouched for the professional; kept by name too, as history outlives deleted users.
    added_by = models.ForeignKey(Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    added_by_name = models.CharField(_("added by"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner professional")
        verbose_name_plural = _("partner professionals")

    def __str__(self) -> str:
        return f"{self.worker} ({self.partner})"


class Information(models.TextChoices):
    """What a consent lets partners see; each is a basis of its own in the gate."""

    PLAN = "plan", _("the client plan")
    ASSESSMENT = "assessment", _("the service needs assessment")
    MEETINGS = "meetings", _("records of joint meetings")
    SERVICES = "services", _("the services map")
    CONTACT = "contact", _("contact details")


class ConsentGiver(models.TextChoices):
    CLIENT = "client", _("the client")
    GUARDIAN = "guardian", _("guardian")
    REPRESENTATIVE = "representative", _("representative (e.g. a guardian appointed by a court)")


class HowGiven(models.TextChoices):
    SIGNED = "signed", _("a signed form")
    ORALLY = "orally", _("orally, with a witness")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: date) -> "ConsentQuerySet":
        """Consents (not refusals) in force on `day`: begun, not ended, not revoked."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            refused=False,
            valid_from__lte=day,
            revoked_at__isnull=True,
        )

    def covering(self, partner: PartnerOrganisation) -> "ConsentQuerySet":
        """Consents that name the partner organisation or its kind."""
        return self.filter(Q(partners=partner) | Q(partner_kinds__kind=partner.kind)).distinct()


class Consent(models.Model):
    """The client's written consent — or refusal — to share named information with named
    partner organisations (or kinds of them), for a purpose, for a time. Revocable by the
    client through any party; a revoked or expired consent opens nothing."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    refused = models.BooleanField(_("the client refused"), default=False)
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGiver.choices)
    given_by_name = models.CharField(_("name of the guardian or representative"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        PartnerOrganisation, blank=True, related_name="consents", verbose_name=_("partner organisations")
    )
    plan = models.BooleanField(Information.PLAN.label, default=False)
    assessment = models.BooleanField(Information.ASSESSMENT.label, default=False)
    meetings = models.BooleanField(Information.MEETINGS.label, default=False)
    services = models.BooleanField(Information.SERVICES.label, default=False)
    contact = models.BooleanField(Information.CONTACT.label, default=False)
    purpose = models.TextField(_("purpose"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    how_given = models.CharField(_("how it was given"), max_length=10, choices=HowGiven.choices)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    form_file = models.CharField(
        max_length=100, blank=True, editable=False
    )  # random name in CONSENT_FILES_DIR
    form_type = models.CharField(max_length=50, blank=True, editable=False)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoked_through = models.CharField(_("revoked through"), max_length=200, blank=True)
    revocation_note = models.TextField(_("note"), blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["organisation", "client"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="consent_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.valid_from}"

    @property
    def information(self) -> list[Information]:
        return [item for item in Information if getattr(self, item.value)]


class ConsentKind(models.Model):
    """A kind of partner organisation a consent covers (every organisation of that kind)."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="partner_kinds")
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consent", "kind"], name="consent_kind_unique")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class EndDecidedBy(models.TextChoices):
    CLIENT = "client", _("the client")
    TOGETHER = "together", _("the client and the worker together")
    PROVIDER = "provider", _("the service provider")


class ClientService(models.Model):
    """One service or contact in the client's services map, as checked with the client."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="services_map")
    service = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("service"))
    provider = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_services",
        verbose_name=_("provider in the network"),
    )
    provider_name = models.CharField(_("other provider"), max_length=200, blank=True)
    contact_person = models.CharField(_("named worker"), max_length=200, blank=True)
    contact_how = models.CharField(_("how to reach them"), max_length=200, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    purpose = models.CharField(_("what for"), max_length=300)
    # Whether the client actually uses it, as the client said on `checked_on`.
    in_use = models.BooleanField(_("the client uses it"), null=True, blank=True)
    checked_on = models.DateField(_("checked with the client on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)
    end_decided_by = models.CharField(
        _("who decided"), max_length=20, choices=EndDecidedBy.choices, blank=True
    )
    ended_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service in the services map")
        verbose_name_plural = _("services map")
        ordering = ["service__order", "pk"]
        indexes = [models.Index(fields=["organisation", "client"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.provider_label}"

    @property
    def provider_label(self) -> str:
        return str(self.provider) if self.provider else self.provider_name


class MeetingPlace(models.TextChoices):
    HOME = "home", _("the client's home")
    CLIENT_CHOICE = "client_choice", _("another place the client chose")
    OFFICE = "office", _("an office")
    REMOTE = "remote", _("remote meeting")


class NetworkMeeting(models.Model):
    """A joint outreach meeting of the client's network: planned, then recorded so that each
    participating organisation can take the record into its own system."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="network_meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=20, choices=MeetingPlace.choices)
    place_details = models.CharField(_("address or link"), max_length=300, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    participants = models.ManyToManyField(
        Worker, blank=True, related_name="network_meetings", verbose_name=_("workers and partners")
    )
    supporters = models.TextField(
        _("the client's supporters"), blank=True, help_text=_("Relatives or volunteers, one per line.")
    )
    planned_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField(auto_now_add=True)
    # The record, after the meeting.
    client_came = models.BooleanField(_("the client came"), null=True, blank=True)
    discussed = models.TextField(_("what was discussed"), blank=True)
    agreed = models.TextField(_("what was agreed"), blank=True)
    next_steps = models.TextField(
        _("who does what next"), blank=True, help_text=_("One per line: who – what – by when.")
    )
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["organisation", "client", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_recorded(self) -> bool:
        return self.recorded_at is not None


class MemberKind(models.TextChoices):
    WORKER = "worker", _("a worker of the county")
    PARTNER = "partner", _("a partner professional who signs in to Polku")
    PROFESSIONAL = "professional", _("a professional who does not sign in to Polku")
    SUPPORTER = "supporter", _("a private supporter (relative, friend, volunteer)")


class NetworkMember(models.Model):
    """A member of the client's network on one client relationship. Being a member opens
    nothing by itself: a partner's access comes only from the client's consent."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    relationship = models.ForeignKey(
        "casework.ClientRelationship", on_delete=models.PROTECT, related_name="network_members"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("member"), max_length=20, choices=MemberKind.choices)
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="network_memberships"
    )
    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    task = models.CharField(_("role in the network"), max_length=200, blank=True)
    contact = models.CharField(_("how to reach them"), max_length=200, blank=True)
    is_coordinator = models.BooleanField(_("client coordinator"), default=False)
    added_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["-is_coordinator", "added_at", "pk"]
        indexes = [models.Index(fields=["organisation", "relationship"])]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship"],
                condition=Q(is_coordinator=True, removed_at__isnull=True),
                name="one_coordinator_per_relationship",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.where})"

    @property
    def display_name(self) -> str:
        return self.worker.get_full_name() if self.worker else self.name

    @property
    def where(self) -> str:
        """The member's organisation, or what they are to the client."""
        if self.kind == MemberKind.SUPPORTER:
            return self.task or str(_("private supporter"))
        if self.worker is not None:
            membership = getattr(self.worker, "partner", None)
            return membership.partner.name if membership else self.organisation.name
        return self.partner.name if self.partner else ""

    @property
    def signs_in(self) -> bool:
        return self.worker is not None

    @property
    def how_to_reach(self) -> str:
        """What was written, or the phone of someone who signs in."""
        return self.contact or (self.worker.phone if self.worker else "")

    def card(self) -> dict[str, Any]:
        """The member as the agreement shows them; kept with an agreed version as it was."""
        return {
            "name": self.display_name,
            "where": self.where,
            "task": "" if self.kind == MemberKind.SUPPORTER else self.task,
            "contact": self.how_to_reach,
            "coordinator": self.is_coordinator,
            "supporter": self.kind == MemberKind.SUPPORTER,
        }


class CoordinationHandover(models.Model):
    """Escorted handover (saattaen vaihtaen) of the client coordinator's task to a named
    member of the network: the sender stays the coordinator until the receiver accepts."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    relationship = models.ForeignKey(
        "casework.ClientRelationship", on_delete=models.PROTECT, related_name="coordination_handovers"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    from_member = models.ForeignKey(NetworkMember, on_delete=models.PROTECT, related_name="+")
    to_member = models.ForeignKey(
        NetworkMember, on_delete=models.PROTECT, related_name="+", verbose_name=_("new coordinator")
    )
    note = models.TextField(_("what the new coordinator needs to know"))
    offered_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # For a receiver who does not sign in: how they confirmed, as recorded by a worker.
    confirmed_how = models.CharField(_("how the new coordinator confirmed"), max_length=300, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("handover of coordination")
        verbose_name_plural = _("handovers of coordination")
        ordering = ["-offered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship"],
                condition=Q(accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_coordination_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_member} → {self.to_member}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.withdrawn_at is None


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AGREED = "agreed", _("agreed")


class Agreement(models.Model):
    """One version of the network's agreement: who is responsible for what, schedules,
    the goals it serves, and when the network returns to the matter. Versioned like the
    plan: an agreed version is never changed; a change is a new version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    relationship = models.ForeignKey(
        "casework.ClientRelationship", on_delete=models.PROTECT, related_name="agreements"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    schedule = models.TextField(
        _("schedule"), blank=True, help_text=_("How often and where the network meets.")
    )
    returns_on = models.DateField(_("the network returns to the matter on"), null=True, blank=True)
    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # The network as it was when agreed (NetworkMember.card of each member): an agreed version
    # keeps its coordinator and contacts although the network changes later.
    network = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("network agreement")
        verbose_name_plural = _("network agreements")
        ordering = ["relationship", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="agreement_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.client}: {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT


class AgreementTask(models.Model):
    """One line of the agreement: who (a network member, or the client) does what, when,
    for which goal of the client plan."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tasks")
    member = models.ForeignKey(
        NetworkMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Who, as it was when agreed ("name, organisation"); empty for the client.
    who = models.CharField(max_length=400, blank=True)
    what = models.TextField(_("responsible for"))
    schedule = models.CharField(_("when"), max_length=200, blank=True)
    goal = models.ForeignKey(
        "plans.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal"),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.what

    @property
    def who_label(self) -> str:
        """Who does it, as agreed, or as the network is now for a draft; "" is the client."""
        if self.who or self.member is None:
            return self.who
        return f"{self.member.display_name}, {self.member.where}"


class MeetingContribution(models.Model):
    """A participating partner organisation's own part of a joint meeting's record: what it
    brings and what it agreed to do, written by its professional who took part (domain.md §4:
    meetings are recorded by each participating organisation)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.PROTECT, related_name="contributions")
    author = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    # The organisation's name as it was when written: the record does not change if it is renamed.
    partner_name = models.CharField(_("organisation"), max_length=200)
    text = models.TextField(_("our part"))
    written_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("part of a meeting record")
        verbose_name_plural = _("parts of meeting records")
        ordering = ["written_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "author"], name="one_part_per_author"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_name}: {self.meeting}"


class MeetingStepTaken(models.Model):
    """A line of a meeting's "who does what next" taken into the client plan as a step, so
    that it is not taken twice. The line is kept as it was: a corrected record keeps the mark
    on the lines that did not change."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.PROTECT, related_name="taken_steps")
    line = models.TextField()
    step = models.ForeignKey("plans.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    taken_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["taken_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "line"], name="line_taken_once")]

    def __str__(self) -> str:
        return self.line
