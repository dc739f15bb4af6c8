"""After the answer that shows it, a key appears nowhere: not in any log line (SQL included,
with DEBUG on), not in the API's answers, not in the worker's history."""

import logging
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from polku.access.models import AccessLogEntry
from polku.api.models import ApiToken
from polku.api.tests.conftest import with_key
from polku.clients.models import Client
from polku.core.models import Worker, WorkerEvent
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def test_the_key_is_in_no_log_and_no_later_answer(
    social_worker: Worker, own_client: Client, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.DEBUG = True  # ninja's and Django's chattiest paths
    caplog.set_level(logging.DEBUG)
    page = signed_in(social_worker)
    with CaptureQueriesContext(connection) as sql:
        key = page.post(reverse("api_keys"), {"name": "Raportti"}).context["created"][1]
        answers = [
            with_key(key).get("/api/me"),
            with_key(key).get(f"/api/clients/{own_client.pk}"),
            with_key(key).get("/api/clients", {"q": "mäkelä"}),
            with_key(key + "x").get("/api/me"),
            HttpClient(HTTP_AUTHORIZATION=f"Token {key}").get("/api/me"),
            HttpClient(HTTP_AUTHORIZATION=key).get("/api/me"),
            page.get(reverse("api_keys")),
        ]
        page.post(reverse("api_key_revoke"), {"key": ApiToken.objects.get().pk})
        answers.append(with_key(key).get("/api/me"))
    assert [a.status_code for a in answers] == [200, 200, 200, 401, 401, 401, 200, 401]
    for answer in answers:
        assert key not in answer.content.decode()
        assert key not in str(answer.headers)
    assert caplog.records
    for record in caplog.records:
        assert key not in record.getMessage() and key not in str(record.args)
    assert sql.captured_queries
    assert not [q for q in sql.captured_queries if key in q["sql"]]
    stored = [
        *WorkerEvent.objects.values_list("changes", "reason"),
        *ApiToken.objects.values_list(),
        *AccessLogEntry.objects.values_list(),
    ]
    assert key not in str(stored)
