"""Tried like an attacker: whose key reaches what, and what a key no longer reaches."""

import re
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from polku.access.models import AccessLogEntry
from polku.api.models import ApiToken
from polku.api.services import api_token_revoke
from polku.api.tests.conftest import api_as, key_for, with_key
from polku.api.urls import api_patterns
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.personas import make_worker

pytestmark = pytest.mark.django_db

ARGUMENT = re.compile(r"<(\w+)>")


def object_urls(world: dict[str, int]) -> list[str]:
    """Every API URL that names an object, with the world's ids."""
    urls = []
    for pattern in api_patterns:
        route = str(pattern.pattern)
        if ARGUMENT.search(route):
            urls.append("/api/" + ARGUMENT.sub(lambda m: str(world[m.group(1)]), route))
    return urls


def test_every_api_route_is_classified() -> None:
    rules = {str(p.pattern): p.callback.access_rule for p in api_patterns}  # type: ignore[union-attr]
    assert rules.pop("openapi.json") == rules.pop("docs") == rules.pop("") == "public"
    assert set(rules.values()) == {"api-key"}
    assert len(rules) >= 9


def test_the_outsider_reaches_nothing(outsider: Worker, api_world: dict[str, Any]) -> None:
    """A team lead of another organisation, whose key works at home, gets 404 on every object
    and empty lists, and no read of Järvilaakso's clients is logged."""
    http = api_as(outsider)
    urls = object_urls(api_world)
    assert len(urls) >= 6
    for url in urls:
        assert http.get(url).status_code == 404, url
    found = http.get("/api/clients", {"q": "Mäkelä"}).json()
    assert found["count"] == 0 and found["items"] == [] and not found["registered_without_basis"]
    by_code = http.get("/api/clients", {"q": Client.objects.get(pk=api_world["client_id"]).identity_code})
    assert by_code.json()["items"] == [] and not by_code.json()["registered_without_basis"]
    assert [t["name"] for t in http.get("/api/statistics/teams").json()] == ["Naapurin tiimi"]
    assert not AccessLogEntry.objects.filter(worker_id=outsider.pk).exclude(
        client__organisation=outsider.organisation
    )


def test_a_colleague_without_basis_gets_404_everywhere(counsellor: Worker, api_world: dict[str, Any]) -> None:
    http = api_as(counsellor)
    for url in object_urls(api_world):
        expected = 403 if "/statistics/" in url else 404  # the role rule is asked first
        assert http.get(url).status_code == expected, url
    assert http.get("/api/clients", {"q": "Mäkelä"}).json()["items"] == []
    assert not AccessLogEntry.objects.filter(worker_id=counsellor.pk).exists()


def test_no_key_a_wrong_key_an_expired_and_a_revoked_key_get_401(
    social_worker: Worker, api_world: dict[str, Any]
) -> None:
    url = f"/api/clients/{api_world['client_id']}"
    key = key_for(social_worker)
    assert with_key(key).get(url).status_code == 200
    assert HttpClient().get(url).status_code == 401
    for wrong in [key[:-1], key + "x", key.upper(), "polku_", "", key.removeprefix("polku_"), "x" * 5000]:
        response = with_key(wrong).get(url)
        assert response.status_code == 401, wrong
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert HttpClient(HTTP_AUTHORIZATION=f"Token {key}").get(url).status_code == 401
    assert HttpClient(HTTP_AUTHORIZATION=f"Basic {key}").get(url).status_code == 401

    expiring = key_for(social_worker, "Vanheneva")
    ApiToken.objects.filter(name="Vanheneva").update(expires_at=timezone.now())
    assert with_key(expiring).get(url).status_code == 401

    api_token_revoke(actor=social_worker, token=ApiToken.objects.get(name="Raportointi"))
    assert with_key(key).get(url).status_code == 401


def test_a_wrong_role_gets_403(social_worker: Worker, api_world: dict[str, Any]) -> None:
    """The team's numbers through the API are the team lead's; a social worker of the team
    is refused whichever team she names."""
    http = api_as(social_worker)
    assert http.get("/api/statistics/teams").status_code == 403
    assert http.get(f"/api/statistics/teams/{api_world['team_id']}/week").status_code == 403


def test_a_key_left_to_a_role_that_may_not_hold_one_gets_403(
    social_worker: Worker, api_world: dict[str, Any]
) -> None:
    """Keys end when the role changes through the services; a key left by any other path
    (a change made straight in the database) is still refused, for every role outside."""
    key = key_for(social_worker)
    for role in [Role.ADMINISTRATOR, Role.PARTNER, ""]:
        Worker.objects.filter(pk=social_worker.pk).update(role=role)
        assert with_key(key).get("/api/me").status_code == 403, role
        assert with_key(key).get(f"/api/clients/{api_world['client_id']}").status_code == 403, role


def test_a_key_reads_nothing_once_the_basis_is_gone(
    social_worker: Worker, lead: Worker, api_world: dict[str, Any], team: Any
) -> None:
    """The key is the worker, not a basis: when the relationship closes, or the lead leaves
    the team, the same key finds nothing of the client."""
    from polku.casework.models import ClientRelationship

    worker_key, lead_key = key_for(social_worker), key_for(lead)
    client_url = f"/api/clients/{api_world['client_id']}"
    assert with_key(worker_key).get(client_url).status_code == 200
    assert with_key(lead_key).get(client_url).status_code == 200

    ClientRelationship.objects.filter(client_id=api_world["client_id"]).update(closed_at=timezone.now())
    lead.teams.remove(team)
    for key in [worker_key, lead_key]:
        for url in object_urls(api_world):
            assert with_key(key).get(url).status_code in (403, 404), url
        assert with_key(key).get("/api/clients", {"q": "Mäkelä"}).json()["items"] == []
    assert with_key(lead_key).get("/api/statistics/teams").json() == []


def test_a_session_is_no_key(social_worker: Worker, api_world: dict[str, Any]) -> None:
    """A browser signed in to Polku gets nothing from the API, and the API neither renews
    nor sets its session: the cookie is not even read."""
    from polku.personas import signed_in

    http = signed_in(social_worker)
    session_key = http.cookies["sessionid"].value
    response = http.get(f"/api/clients/{api_world['client_id']}")
    assert response.status_code == 401
    assert not response.cookies
    assert http.cookies["sessionid"].value == session_key


def test_a_partner_or_an_administrator_cannot_make_a_key(org: Any, admin_worker: Worker) -> None:
    from django.core.exceptions import PermissionDenied

    partner = make_worker(org, "kalle_kela", Role.PARTNER, [])
    for worker in [admin_worker, partner]:
        with pytest.raises(PermissionDenied):
            key_for(worker)
    assert not ApiToken.objects.exists()


def test_with_debug_on_a_refusal_is_still_json(
    social_worker: Worker, client_elsewhere: Client, settings: Any
) -> None:
    """`make run` has DEBUG on, where Polku's error pages replace Django's: not the API's."""
    settings.DEBUG = True
    http = api_as(social_worker)
    for url, status in [(f"/api/clients/{client_elsewhere.pk}", 404), ("/api/statistics/teams", 403)]:
        response = http.get(url)
        assert (response.status_code, response.json()) == (status, {"detail": response.json()["detail"]})
        assert response["Content-Type"].startswith("application/json")
    assert http.get(f"/api/clients/{client_elsewhere.pk}").json() == {"detail": "Not Found"}
