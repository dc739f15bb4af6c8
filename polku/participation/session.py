"""A client's session: bound to one client's sign-in, and confined to the client's own pages.

A request whose session holds a client's sign-in reaches only the client's own pages and the
public pages (signing in, the language); every worker page answers 404, as if it did not
exist. A worker who signs in on the same browser replaces the client's session."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from polku.core.middleware import OWN_SIGN_IN
from polku.participation.models import ClientSignIn

OPEN_TO_CLIENTS = {"client", "public"}
SIGN_IN_ENDED = _("Your sign-in has ended. If you need your own pages again, ask your worker for a new code.")


class OwnPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.own_sign_in = None  # type: ignore[attr-defined]
        sign_in_id = request.session.get(OWN_SIGN_IN)
        if sign_in_id is not None:
            if request.user.is_authenticated:
                del request.session[OWN_SIGN_IN]
            else:
                sign_in = ClientSignIn.objects.select_related("client", "code").filter(pk=sign_in_id).first()
                if sign_in is not None and sign_in.is_live():
                    request.own_sign_in = sign_in  # type: ignore[attr-defined]
                else:
                    request.session.flush()
                    messages.info(request, SIGN_IN_ENDED)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        client = getattr(request, "own_sign_in", None) is not None
        if client and getattr(view, "access_rule", None) not in OPEN_TO_CLIENTS:
            raise Http404
