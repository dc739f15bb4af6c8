"""The client register."""

import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from polku.core.models import Municipality, Organisation, Team, Worker


def search_key(text: str) -> str:
    """Lower-case, accents removed: 'Äijälä' and 'aijala' find each other."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


SEARCH_NAME_LENGTH = 500
NAME_WORD_LENGTH = 200


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    OTHER = "other", _("other")


class Client(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    # Stored whole, century sign included; blank for a client without a Finnish code.
    identity_code = models.CharField(_("personal identity code"), max_length=11, blank=True)
    # Unknown for a person named in a notification until their details are completed.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    first_names = models.CharField(_("first names"), max_length=200)
    last_name = models.CharField(_("last name"), max_length=200)
    # " last first second " without accents, for word-prefix search.
    search_name = models.CharField(max_length=SEARCH_NAME_LENGTH, editable=False)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("municipality")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.FINNISH
    )
    other_language = models.CharField(_("other language"), max_length=100, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    # Turvakielto: the address is never shown anywhere.
    address_ban = models.BooleanField(_("address ban (turvakielto)"), default=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, verbose_name=_("local team"))
    registered_by = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identity_code"],
                condition=~Q(identity_code=""),
                name="client_identity_code_unique",
                violation_error_message=_("A client with this identity code is already registered."),
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "search_name"]),
            models.Index(fields=["organisation", "birth_date"]),
            models.Index(fields=["organisation", "team"]),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_names}"

    @property
    def details_incomplete(self) -> bool:
        return not self.identity_code and self.birth_date is None

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    @property
    def document_language(self) -> str:
        """The language of what Polku gives the client to keep (the worksheet, the access
        report): Swedish for a Swedish-speaking client, else Finnish (Language Act 423/2003)."""
        return Language.SWEDISH if self.language == Language.SWEDISH else Language.FINNISH

    def refresh_search_name(self) -> None:
        """Call before saving changed names; after saving, index_name_words(client)."""
        words = f"{self.last_name} {self.first_names}".split()
        # Some letters decompose into many (NFKD): the column's length still holds.
        self.search_name = (" " + " ".join(search_key(w) for w in words) + " ")[:SEARCH_NAME_LENGTH]


class NameWord(models.Model):
    """One word of a client's names, accent-free and lower-case, for prefix search with an
    index: 'vir' finds 'Virtanen' by a range scan instead of reading every client."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="name_words")
    word = models.CharField(max_length=NAME_WORD_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["organisation", "word"])]

    def __str__(self) -> str:
        return self.word


def name_words(client: Client) -> list[NameWord]:
    words = {search_key(w)[:NAME_WORD_LENGTH] for w in f"{client.last_name} {client.first_names}".split()}
    return [
        NameWord(organisation_id=client.organisation_id, client_id=client.pk, word=w) for w in sorted(words)
    ]


def index_name_words(client: Client) -> None:
    """Keep the client's name words in step with the names; called wherever names are saved."""
    NameWord.objects.filter(client_id=client.pk).delete()
    NameWord.objects.bulk_create(name_words(client))


def prefix_range(key: str) -> tuple[str, str]:
    """The words starting with `key` lie in [key, key with its last letter stepped up): an
    index range on SQLite and PostgreSQL alike. A letter is stepped over the surrogates, which
    no database stores; the last letter of Unicode cannot be stepped, so the one before it is."""
    for end in range(len(key) - 1, -1, -1):
        stepped = ord(key[end]) + 1
        if stepped == 0xD800:
            stepped = 0xE000
        if stepped <= 0x10FFFF:
            return key, key[:end] + chr(stepped)
    return key, key + "\U0010ffff"


class TeamTransfer(models.Model):
    """A client offered to another local team by the lead of the client's team. Only when a
    lead of the receiving team accepts does the client's team change, and with it who leads
    the client's work; until then the receiving lead may read the basics to decide."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="transfers")
    from_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="transfers_offered", verbose_name=_("to the team")
    )
    reason = models.TextField(_("why the client moves to this team"), max_length=2000)
    offered_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-offered_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "to_team", "accepted_at", "declined_at"]),
            models.Index(fields=["organisation", "from_team", "-offered_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.offered_at:%d.%m.%Y} {self.from_team} → {self.to_team}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None
