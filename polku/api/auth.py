"""Who is asking: a worker's API key in the Authorization header, and nothing else.

No session and no cookie count on the API (polku.api.middleware drops them), so a browser
signed in to Polku cannot be made to read it, and CSRF has nothing to protect."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security.base import AuthBase

from polku.api.models import API_ROLES
from polku.api.selectors import token_for_key
from polku.api.services import api_token_used
from polku.core.models import Worker


class WorkerKey(AuthBase):
    """`Authorization: Bearer polku_…`. Ninja's HttpBearer is not used: with DEBUG on it logs
    an Authorization header it does not expect, key and all."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_description = "A worker's API key, made on the page API-avaimet (API keys) in Polku."

    def __call__(self, request: HttpRequest) -> Any:
        scheme, _space, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        token = token_for_key(key=key.strip())
        if token is None:
            return None
        # A key outlives nothing: a role that may not hold keys is refused even if a key
        # somehow remained (the services end keys when the role changes).
        if token.worker.role not in API_ROLES:
            raise PermissionDenied
        api_token_used(token=token)
        request.api_token = token  # type: ignore[attr-defined]
        return token.worker


def worker_of(request: HttpRequest) -> Worker:
    """The worker whose key authenticated this request (set by WorkerKey)."""
    worker: Worker = request.auth  # type: ignore[attr-defined]
    return worker
