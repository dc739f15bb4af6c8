"""Sign-in throttling with django-axes: per username at an address, and per address.

Axes compares one number with one limit (AXES_FAILURE_LIMIT). Guessing many usernames from
one address needs a second, higher limit, because a whole office may sign in from one
address (the maintainers' advice for two limits is a handler of one's own, axes issue 661).
"""

from ipaddress import ip_address
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header named by TRUSTED_PROXY_HEADER.

    Anyone can send an X-Forwarded-For header, so it is read only when the operator says a
    proxy in front of Polku sets it. A proxy appends the address it saw, so the last entry is
    the one the trusted proxy wrote; what the client put before it is ignored."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    last = value.rsplit(",", 1)[-1].strip()
    try:
        return str(ip_address(last))
    except ValueError:
        return remote


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressAwareHandler(AxesDatabaseHandler):
    """Locks a username at an address after AXES_FAILURE_LIMIT failures, and the address for
    everyone after AXES_ADDRESS_FAILURE_LIMIT failures with any usernames."""

    def _recent_from_address(self, request: Any) -> QuerySet[AccessAttempt]:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        from_address = self._recent_from_address(request)
        by_username = _failures(from_address.filter(username=get_client_username(request, credentials)))
        if _failures(from_address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # Axes compares the result with AXES_FAILURE_LIMIT: report the address as locked.
            return max(by_username, get_failure_limit(request, credentials))
        return by_username

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # A successful sign-in clears that username's failures only; clearing the address's
        # would let anyone with one valid account reset the count for guessing the others.
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, username=username
        ).delete()
        return deleted
