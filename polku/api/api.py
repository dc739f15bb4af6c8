"""The read API: clients, intakes, plans and the team's numbers, for programs that act on a
worker's behalf with the worker's API key. Every read goes through the gate and the pages'
selectors, so it is allowed, refused (404 without a basis, 403 without the capability) and
logged exactly as the same read on a page."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError

from polku.access.rules import public
from polku.api import schemas as out
from polku.api.auth import WorkerKey
from polku.api.clients import router as clients
from polku.api.plans import router as plans
from polku.api.statistics import router as statistics

DESCRIPTION = """\
Polku's read API. Make a key on the page **API-avaimet** (API keys) in Polku and send it as
`Authorization: Bearer <key>`. The key reads what you may read on the pages, on the same
bases, and every read is logged in the client's access log in your name. 404 means the
object does not exist or you have no basis for it; 403 that your basis or role does not
cover it; 401 that the key is missing, wrong, revoked or expired. Lists have pages of 25.
"""

api = NinjaAPI(
    title="Polku API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=WorkerKey(),
    # The browsable docs load Swagger UI from Polku's own static files (ninja's, with "ninja"
    # in INSTALLED_APPS), never from a CDN; the online validator badge would call out.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=public,
)
api.add_router("", clients)
api.add_router("", plans)
api.add_router("", statistics)


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _error(request, 401, "Unauthorized")
    response["WWW-Authenticate"] = 'Bearer realm="polku"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "Forbidden")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same answer for missing, another organisation's and no basis (never the reason).
    return _error(request, 404, "Not Found")


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Django's own 500 handling (logged, Polku's error page); ninja's DEBUG answer would put
    # the traceback in the response.
    raise exc


@api.get(
    "/me",
    response={200: out.Me, 401: out.Error, 403: out.Error},
    tags=["you"],
    operation_id="me",
    summary="Whose key this is",
)
def me(request: HttpRequest) -> dict[str, Any]:
    """Whose key this is: the worker, their role and teams, and when the key expires."""
    worker = request.auth  # type: ignore[attr-defined]
    return {
        "id": worker.pk,
        "name": str(worker),
        "role": worker.role,
        "teams": list(worker.teams.order_by("name")),
        "key_expires_at": request.api_token.expires_at,  # type: ignore[attr-defined]
    }
