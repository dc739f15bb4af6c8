"""The API answers the key in the Authorization header, and nothing else of the browser's."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

# polku/api/urls.py mounts the API here.
API_PATH = "/api/"


class ApiWithoutSessionMiddleware:
    """Before the session middleware: a request to the API has its cookies removed, so no
    session (a worker's or a client's) is read, renewed or written by it, no CSRF cookie is
    set, and a page open in the same browser cannot lend the API its sign-in. Its answers
    hold client data, so nothing keeps them (no-store)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PATH):
            return self.get_response(request)
        request.META.pop("HTTP_COOKIE", None)
        request.COOKIES = {}
        response = self.get_response(request)
        for name in list(response.cookies):
            del response.cookies[name]
        add_never_cache_headers(response)
        return response
