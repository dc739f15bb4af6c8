"""Route classification: every view says who may call it.

A view is `public`, `signed_in`, or `for_roles(...)`. The decorator records the rule on the
view (`access_rule`), and tests/test_routes.py fails for any URL whose view has none.
Client data is then narrowed further by the gate (polku.access.gate): the role decides which
pages a worker may open (403 otherwise), the gate which clients they may see (404 otherwise).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect

from polku.core.models import CLIENT_WORK_ROLES, Role, Worker

ViewFunc = Callable[..., HttpResponseBase]


class WorkerRequest(HttpRequest):
    """A request that has passed a rule below: the user is a signed-in worker."""

    user: Worker


def public(view: ViewFunc) -> ViewFunc:
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view


def two_factor_pending(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        settings.REQUIRE_TWO_FACTOR
        and isinstance(user, Worker)
        and user.needs_two_factor
        and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
    )


def _guarded(view: ViewFunc, roles: frozenset[str] | None, rule: str) -> ViewFunc:
    @wraps(view)
    def wrapper(request: WorkerRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if two_factor_pending(request):
            return redirect("two_factor")
        if roles is not None and request.user.role not in roles:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    guarded = login_required(wrapper)
    guarded.access_rule = rule  # type: ignore[attr-defined]
    return guarded


def signed_in(view: ViewFunc) -> ViewFunc:
    return _guarded(view, None, "signed-in")


def for_roles(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    allowed = frozenset(roles)

    def decorate(view: ViewFunc) -> ViewFunc:
        return _guarded(view, allowed, "roles:" + ",".join(sorted(allowed)))

    return decorate


def own_pages(view: ViewFunc) -> ViewFunc:
    """A page of the client's own pages: only for a client signed in with a one-time code
    (polku.participation.session sets `request.own_sign_in`); anyone else is sent to the
    client's sign-in, and a signed-in worker finds no such page (404): a worker never sees a
    client's own pages, as a client never sees a worker's. The view reads only that client's
    data (polku.access.gate.require_own)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            raise Http404
        if getattr(request, "own_sign_in", None) is None:
            return redirect("own_sign_in")
        return view(request, *args, **kwargs)

    wrapper.access_rule = "client"  # type: ignore[attr-defined]
    return wrapper


client_work = for_roles(*CLIENT_WORK_ROLES)
team_lead_only = for_roles(Role.TEAM_LEAD)
