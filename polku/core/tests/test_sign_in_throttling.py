"""Sign-in throttling: per username at an address, per address across usernames, and the
address is the proxy's only when the operator says a proxy sets it."""

import pytest
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.urls import reverse

from polku.core.models import Worker
from polku.core.signin_throttle import client_ip
from polku.personas import PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "väärä-salasana-123"


def attempt(username: str, password: str = WRONG, **headers: str) -> int:
    response = HttpClient().post(reverse("login"), {"username": username, "password": password}, **headers)
    return response.status_code


def test_the_address_limit_is_well_above_the_username_limit(settings) -> None:
    # A whole office may sign in from one address: its typing errors must not lock it out.
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 30


def test_many_usernames_from_one_address_are_locked_out(social_worker: Worker, settings) -> None:
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(8):
        attempt(f"arvattu_{number}", REMOTE_ADDR="198.51.100.7")
    assert attempt("sanna_salo", PASSWORD, REMOTE_ADDR="198.51.100.7") == 429
    assert attempt("sanna_salo", PASSWORD, REMOTE_ADDR="198.51.100.8") == 302


def test_a_few_failures_by_colleagues_do_not_lock_the_address(social_worker: Worker, settings) -> None:
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(7):
        attempt(f"kollega_{number}", REMOTE_ADDR="198.51.100.7")
    assert attempt("sanna_salo", PASSWORD, REMOTE_ADDR="198.51.100.7") == 302


def test_signing_in_does_not_reset_the_address_count(social_worker: Worker, settings) -> None:
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(7):
        attempt(f"arvattu_{number}", REMOTE_ADDR="198.51.100.7")
    assert attempt("sanna_salo", PASSWORD, REMOTE_ADDR="198.51.100.7") == 302
    attempt("arvattu_7", REMOTE_ADDR="198.51.100.7")
    assert attempt("sanna_salo", PASSWORD, REMOTE_ADDR="198.51.100.7") == 429


def test_a_forged_forwarded_for_header_is_ignored_by_default(social_worker: Worker) -> None:
    for number in range(5):
        attempt("sanna_salo", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    forged = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert attempt("sanna_salo", PASSWORD, **forged) == 429


def test_the_configured_proxy_header_gives_the_address(social_worker: Worker, settings) -> None:
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        attempt("sanna_salo", **proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    # The same worker from another address behind the same proxy is not locked…
    assert attempt("sanna_salo", PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.9") == 302
    # …and a client cannot choose its address by putting one before the proxy's.
    forged = "203.0.113.9, 203.0.113.5"
    assert attempt("sanna_salo", PASSWORD, **proxy, HTTP_X_FORWARDED_FOR=forged) == 429


def test_the_address_is_read_from_the_last_entry_only(settings) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.5")
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_ip(request) == "203.0.113.5"
    request.META["HTTP_X_REAL_IP"] = "not an address"
    assert client_ip(request) == "10.0.0.2"
