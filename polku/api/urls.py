from typing import Any

from django.urls import path

from polku.api import views
from polku.api.api import api

# Every operation of the API is classified like a page (polku/access/rules.py): its docs and
# schema are public (ninja's docs_decorator), its root only answers 404, and every operation
# needs a worker's key ("api-key", polku.api.auth).
API_KEY_RULE = "api-key"


def _classified(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        view = pattern.callback
        if not getattr(view, "access_rule", None):
            view.access_rule = "public" if pattern.name == "api-root" else API_KEY_RULE
    return patterns


api_patterns, api_app_name, api_namespace = api.urls
api_patterns = _classified(api_patterns)

urlpatterns = [
    path("account/api-keys/", views.api_keys, name="api_keys"),
    path("account/api-keys/revoke/", views.api_key_revoke, name="api_key_revoke"),
    # The middleware that keeps sessions out of the API matches this prefix (API_PATH).
    path("api/", (api_patterns, api_app_name, api_namespace)),
]
