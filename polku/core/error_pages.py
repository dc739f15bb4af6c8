"""Polku's own error pages, in the user's language, each with a way back.

They are Django's handler403/404/500 and CSRF_FAILURE_VIEW (see polku/urls.py and settings),
and PolkuErrorPagesMiddleware shows the 404 and 500 pages with DEBUG on as well. The 500
page is rendered without the request's context processors, so that it does not need the
database or anything else that may be what failed.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _way_back(request: HttpRequest) -> str:
    """The page the user came from, when it was a page of this site other than this one."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # a bad Host header: no way back but the front page
        return ""
    same_site = url_has_allowed_host_and_scheme(referer, {host}, require_https=request.is_secure())
    if not referer or not same_site or referer == request.build_absolute_uri():
        return ""
    return referer


def _page(request: HttpRequest, status: int, title: str, message: str, hint: str = "") -> HttpResponse:
    context = {"title": title, "message": message, "hint": hint, "back": _way_back(request)}
    return render(request, "errors/page.html", context, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The gate answers 404 also when the worker has no basis to see a client (decisions.md 1).
    return _page(
        request,
        404,
        _("Page not found"),
        _("The page does not exist, or you have no basis to see it."),
        _("Check the address, or find the client again by searching."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("You cannot do this"),
        _("Your role does not allow this page or action."),
        _("If you need it for your work, ask your team lead."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("The form could not be sent"),
        _(
            "The page had been open for a long time, or you signed in again in between, so the "
            "form was refused to keep your data safe. Go back, reload the page and send it again."
        ),
        _("If this happens again, check that your browser allows cookies for Polku."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    with translation.override(language):
        html = render_to_string("errors/500.html", {"back": _way_back(request)})
    return HttpResponse(html, status=500)
