"""schemathesis fuzzes the API in-process on the WSGI app, as a worker with a key: no answer
is a 5xx, and every answer matches the OpenAPI schema (status, content type, body). Each
generated request is sent twice: as generated (mostly ids nobody has) and with the ids of
Sanna's world, so that the full answers are checked too. A few examples per operation keep
it fast; derandomised, so a failure is the same on every run."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from polku.api.tests.conftest import key_for
from polku.core.models import Worker

pytestmark = pytest.mark.django_db


# The schema asks the app for /api/openapi.json, which reads no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# A query parameter no operation names is ignored, as the pages ignore one (a request is not
# refused for it); every other kind of invalid request must be refused with a 4xx.
# The key is the lead's, sent on every request; the fuzzer makes up no Authorization header
# of its own (wrong and missing keys are tried in test_outsiders.py).
schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)


@pytest.fixture(autouse=True)
def connection_kept() -> Iterator[None]:
    """The WSGI app closes old database connections around each request, as a server should;
    here that would close the test's own transaction on PostgreSQL. Django's test client
    switches it off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def lead_key(lead: Worker, social_worker: Worker, api_world: dict[str, int]) -> str:
    """The team lead of Sanna's team: her basis reaches every operation, statistics too."""
    return key_for(lead)


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case: Any, lead_key: str, api_world: dict[str, int]) -> None:
    headers = {"Authorization": f"Bearer {lead_key}"}
    case.call_and_validate(headers=headers)
    if case.path_parameters:
        case.path_parameters = {name: api_world[name] for name in case.path_parameters}
        response = case.call_and_validate(headers=headers)
        # The lead's key and basis reach every object of the world: only a bad query is
        # refused (and a method other than GET, which the fuzzer tries too).
        assert response.status_code in ((200, 422) if case.method == "GET" else (405,))
