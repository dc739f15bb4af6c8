"""A worker's API keys: a program reads Polku on the worker's behalf, through the same gate.

Only the key's keyed hash is stored; the key itself is shown once, when it is made. A key
lasts API_TOKEN_DAYS, ends when the worker revokes it, and all of a worker's keys end when
the worker's access to Polku ends or they become an administrator (polku.core.services).
"""

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from polku.core.models import CLIENT_WORK_ROLES, Organisation, Worker

# Roles that may hold API keys: those that do client work, the team lead among them. Not
# administrators, who see no client data, and not partner professionals, whose reading is
# bound to one client's consent and its purpose (docs/decisions.md, "API keys").
API_ROLES = CLIENT_WORK_ROLES

# Keys start with this, so that a key pasted where it does not belong can be recognised.
KEY_PREFIX = "polku_"


def key_hash(key: str) -> str:
    """The keyed hash a key is stored and found by (HMAC-SHA256 with SECRET_KEY)."""
    return salted_hmac("polku.api.key", key, algorithm="sha256").hexdigest()


class EndReason(models.TextChoices):
    REVOKED = "revoked", _("revoked by the worker")
    ACCESS_ENDED = "access_ended", _("the worker's access to Polku ended")
    ROLE_CHANGED = "role_changed", _("the worker's role no longer allows API keys")


class ApiToken(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("what the key is for"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    # Noted at most once an hour, so that a busy program does not write on every read.
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["worker", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.worker}: {self.name}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()
