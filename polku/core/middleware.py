"""Request-wide rules about sessions, caching and error pages."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from polku.core import error_pages

Handler = Callable[[HttpRequest], HttpResponseBase]

SIGNED_IN_AT = "polku_signed_in_at"
# A client signed in to their own pages (polku.participation.session): the id of the sign-in.
OWN_SIGN_IN = "polku_own_sign_in"


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class ClientDataNotStoredMiddleware:
    """Nothing shown to a signed-in worker, and no PDF, is kept by a browser or a proxy:
    a shared computer's cache or back button must not show a client's data to the next
    person. Static files are served before this (WhiteNoise) and keep their caching.
    Signing out also asks the browser to clear what the site stored (drafts of documents)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        own = hasattr(request, "session") and OWN_SIGN_IN in request.session
        if own or _signed_in(request) or response.get("Content-Type", "").startswith("application/pdf"):
            add_never_cache_headers(response)
        match = request.resolver_match
        if match is not None and match.url_name in ("logout", "own_sign_out") and request.method == "POST":
            response["Clear-Site-Data"] = '"storage"'
        return response


class SessionTimeLimitMiddleware:
    """A session ends SESSION_MAX_HOURS after sign-in however active it is (the idle limit
    is the session cookie's age). The sign-in time is kept in the session."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        now = timezone.now().timestamp()
        if _signed_in(request):
            started = request.session.get(SIGNED_IN_AT)
            if started is not None and now - started >= settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                messages.info(
                    request,
                    _("You have been signed out because %(hours)s hours have passed since you signed in.")
                    % {"hours": settings.SESSION_MAX_HOURS},
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if _signed_in(request) and SIGNED_IN_AT not in request.session:
            request.session[SIGNED_IN_AT] = now
        return response


class PolkuErrorPagesMiddleware:
    """Polku's own 404 and 500 pages also with DEBUG on (`make run`), where Django would show
    its technical pages; 403 and CSRF failures use Polku's views whatever DEBUG says. The
    traceback of a 500 is still logged. TECHNICAL_ERROR_PAGES=true shows Django's pages."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not settings.DEBUG or settings.TECHNICAL_ERROR_PAGES or response.streaming:
            return response
        # The API's answers are JSON for programs (polku/api): its 404 is its own.
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 404:
            page = error_pages.page_not_found(request)
        elif response.status_code == 500:
            page = error_pages.server_error(request)
        else:
            return response
        # The response keeps the headers the other middleware gave it (CSP, caching).
        response.content = page.content  # type: ignore[attr-defined]
        response["Content-Type"] = page["Content-Type"]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(page.content))
        return response
