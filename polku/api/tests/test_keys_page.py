"""The worker's own page of API keys: made and shown once, kept as a keyed hash, revoked."""

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from polku.api.models import ApiToken, EndReason, key_hash
from polku.api.tests.conftest import key_for, with_key
from polku.core.models import Role, Worker, WorkerEvent
from polku.personas import make_worker, signed_in

pytestmark = pytest.mark.django_db

Action = WorkerEvent.Action


def make_key(worker: Worker, name: str = "Raportointi") -> tuple[Any, str]:
    """The page's answer to making a key, and the key read from it."""
    response = signed_in(worker).post(reverse("api_keys"), {"name": name})
    assert response.status_code == 200
    key = response.context["created"][1]
    return response, key


def test_a_key_is_shown_once_and_kept_only_as_a_keyed_hash(social_worker: Worker) -> None:
    response, key = make_key(social_worker)
    assert key.startswith("polku_") and len(key) > 40
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.key_hash == key_hash(key) != key
    assert key not in str(list(ApiToken.objects.values_list()))
    # Not kept for a redirect either: no session holds it.
    assert not any(key in str(s.get_decoded()) for s in Session.objects.all())
    page = signed_in(social_worker).get(reverse("api_keys")).content.decode()
    assert "Raportointi" in page and key not in page
    assert with_key(key).get("/api/me").json()["name"] == "Sanna Salo"


def test_making_and_revoking_are_in_the_workers_history(social_worker: Worker, lead: Worker) -> None:
    _response, key = make_key(social_worker)
    token = ApiToken.objects.get()
    http = signed_in(social_worker)
    assert http.post(reverse("api_key_revoke"), {"key": token.pk}).status_code == 302
    token.refresh_from_db()
    assert (token.end_reason, token.is_live) == (EndReason.REVOKED, False)
    assert with_key(key).get("/api/me").status_code == 401
    events = WorkerEvent.objects.filter(worker=social_worker).order_by("at", "pk")
    assert [e.action for e in events] == [Action.API_KEY_CREATED, Action.API_KEY_REVOKED]
    assert events[0].changes["api_key"] == [None, "Raportointi"]
    assert key not in str(list(events.values_list("changes", flat=True)))
    history = signed_in(lead).get(reverse("team_workers")).content.decode()
    assert "API-avain tehty" in history and "API-avain poistettu käytöstä" in history
    assert "API-avain: Raportointi" in history
    # Revoking again changes nothing and records nothing.
    http.post(reverse("api_key_revoke"), {"key": token.pk})
    assert events.count() == 2


def test_nobody_revokes_anothers_key(social_worker: Worker, counsellor: Worker, outsider: Worker) -> None:
    key = key_for(social_worker)
    token = ApiToken.objects.get()
    for who in [counsellor, outsider]:
        assert signed_in(who).post(reverse("api_key_revoke"), {"key": token.pk}).status_code == 404
    for bad in ["", "abc", "-1", "99999999999999999999"]:
        assert signed_in(social_worker).post(reverse("api_key_revoke"), {"key": bad}).status_code == 404
    token.refresh_from_db()
    assert token.is_live and with_key(key).get("/api/me").status_code == 200


def test_administrators_and_partners_have_no_keys_page(org: Any, admin_worker: Worker) -> None:
    partner = make_worker(org, "kalle_kela", Role.PARTNER, [])
    for worker in [admin_worker, partner]:
        http = signed_in(worker)
        assert http.get(reverse("api_keys")).status_code == 403
        assert http.post(reverse("api_keys"), {"name": "Vakoilu"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_every_client_work_role_has_the_page(
    social_worker: Worker, counsellor: Worker, guidance: Worker, lead: Worker
) -> None:
    for worker in [social_worker, counsellor, guidance, lead]:
        assert signed_in(worker).get(reverse("api_keys")).status_code == 200
        assert 'href="/account/api-keys/"' in signed_in(worker).get(reverse("home")).content.decode()


def test_a_name_is_needed_and_live_keys_are_limited(social_worker: Worker) -> None:
    http = signed_in(social_worker)
    assert http.post(reverse("api_keys"), {"name": "  "}).status_code == 400
    assert http.post(reverse("api_keys"), {"name": "x" * 101}).status_code == 400
    for number in range(5):
        make_key(social_worker, f"Avain {number}")
    refused = http.post(reverse("api_keys"), {"name": "Kuudes"})
    assert refused.status_code == 400
    assert "Sinulla on jo 5 voimassa olevaa API-avainta" in refused.content.decode()
    assert ApiToken.objects.count() == 5
    http.post(reverse("api_key_revoke"), {"key": ApiToken.objects.first().pk})
    make_key(social_worker, "Kuudes")
