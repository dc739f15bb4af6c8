"""A session ends at the latest 12 hours after sign-in, however active (the 30 idle minutes
are tested in test_sign_in.py)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from polku.core.middleware import SIGNED_IN_AT
from polku.core.models import Worker
from polku.personas import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in() -> HttpClient:
    http = HttpClient()
    response = http.post(reverse("login"), {"username": "sanna_salo", "password": PASSWORD})
    assert response.status_code == 302
    return http


def move_sign_in_back(http: HttpClient, seconds: float) -> None:
    session = http.session
    session[SIGNED_IN_AT] -= seconds
    session.save()


def test_the_sign_in_time_is_kept_in_the_session(social_worker: Worker) -> None:
    assert isinstance(sign_in().session[SIGNED_IN_AT], float)


def test_it_signs_out_twelve_hours_after_sign_in(social_worker: Worker, settings) -> None:
    assert settings.SESSION_MAX_HOURS == 12
    http = sign_in()
    move_sign_in_back(http, 12 * 3600)
    response = http.get(reverse("my_clients"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("my_clients")
    page = http.get(response["Location"]).content.decode()
    assert "Sinut on kirjattu ulos, koska kirjautumisesta on kulunut 12 tuntia." in page
    assert http.get(reverse("home")).status_code == 302


def test_an_active_session_lasts_until_then(social_worker: Worker) -> None:
    http = sign_in()
    move_sign_in_back(http, 12 * 3600 - 60)
    assert http.get(reverse("my_clients")).status_code == 200


def test_signing_in_again_starts_a_new_twelve_hours(social_worker: Worker) -> None:
    http = sign_in()
    move_sign_in_back(http, 12 * 3600)
    http.get(reverse("home"))
    http.post(reverse("login"), {"username": "sanna_salo", "password": PASSWORD})
    assert http.get(reverse("my_clients")).status_code == 200
