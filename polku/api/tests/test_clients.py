"""Clients and intakes through the API: the same answers, refusals and log rows as the pages."""

from typing import Any

import pytest

from polku.access.models import AccessLogEntry, Basis, View
from polku.api.tests.conftest import api_as
from polku.clients.models import Client
from polku.core.models import Municipality, Team, Worker
from polku.intake.models import Intake
from polku.personas import make_client, make_intake

pytestmark = pytest.mark.django_db


def reads_of(worker: Worker) -> list[tuple[int, str, str]]:
    return list(AccessLogEntry.objects.filter(worker_id=worker.pk).values_list("client_id", "view", "basis"))


def test_the_search_finds_by_name_and_logs_each_name_shown(
    social_worker: Worker, own_client: Client, client_elsewhere: Client
) -> None:
    http = api_as(social_worker)
    found = http.get("/api/clients", {"q": "mäk"}).json()
    assert found["count"] == 1 and found["pages"] == 1
    assert found["items"] == [
        {
            "id": own_client.pk,
            "last_name": "Mäkelä",
            "first_names": "Äijä Eero",
            "birth_date": "1990-01-02",
            "municipality": "Järvilaakso",
        }
    ]
    assert reads_of(social_worker) == [(own_client.pk, View.SEARCH_RESULT, Basis.RESPONSIBLE_WORKER)]
    assert http.get("/api/clients", {"q": "koskinen"}).json()["items"] == []
    assert http.get("/api/clients").json() == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "items": [],
        "registered_without_basis": False,
        "refusal": None,
    }


def test_an_identity_code_without_basis_says_only_that_it_is_registered(
    social_worker: Worker, client_elsewhere: Client
) -> None:
    found = api_as(social_worker).get("/api/clients", {"q": client_elsewhere.identity_code}).json()
    assert found["items"] == [] and found["registered_without_basis"] is True
    assert reads_of(social_worker) == [(client_elsewhere.pk, View.EXISTENCE_CHECK, Basis.EXISTENCE_CHECK)]


def test_identity_code_checks_are_limited_as_on_the_page(
    social_worker: Worker, client_elsewhere: Client, settings: Any
) -> None:
    settings.EXISTENCE_CHECKS_PER_HOUR = 1
    http = api_as(social_worker)
    assert http.get("/api/clients", {"q": client_elsewhere.identity_code}).json()["refusal"] is None
    refused = http.get("/api/clients", {"q": client_elsewhere.identity_code}).json()
    assert refused["refusal"] and not refused["registered_without_basis"]
    assert len(reads_of(social_worker)) == 1


def test_a_bad_search_is_a_422(social_worker: Worker) -> None:
    http = api_as(social_worker)
    assert http.get("/api/clients", {"q": "x" * 201}).status_code == 422
    assert http.get("/api/clients", {"q": "a\x00b"}).status_code == 422
    assert http.get("/api/clients", {"page": "0"}).status_code == 422
    assert http.get("/api/clients", {"page": "99999999999999999999"}).status_code == 422


def test_the_search_pages_in_a_constant_number_of_queries(
    social_worker: Worker, team: Team, org: Any, django_assert_max_num_queries: Any
) -> None:
    from polku.personas import make_relationship

    for number in range(3, 33):
        make_relationship(make_client(org, team, number, last_name=f"Virtanen{number}"), social_worker)
    http = api_as(social_worker)
    http.get("/api/me")  # the key's first use is noted once
    # The key with its worker, the worker's bases, the count and the page, the log (chain and rows).
    with django_assert_max_num_queries(7) as first:
        page_one = http.get("/api/clients", {"q": "virtanen"}).json()
    with django_assert_max_num_queries(len(first.captured_queries)):
        page_two = http.get("/api/clients", {"q": "virtanen", "page": 2}).json()
    assert (page_one["count"], page_one["pages"], len(page_one["items"]), len(page_two["items"])) == (
        30,
        2,
        25,
        5,
    )


def test_the_client_details_are_read_as_on_the_client_page(social_worker: Worker, own_client: Client) -> None:
    details = api_as(social_worker).get(f"/api/clients/{own_client.pk}").json()
    assert details["identity_code"] == own_client.identity_code
    assert details["address"] == {
        "street_address": "Rantatie 5",
        "postal_code": "99100",
        "post_office": "Järvilaakso",
    }
    assert details["team"] == {"id": own_client.team_id, "name": "Järvilaakson tiimi"}
    assert details["basis"] == "responsible_worker"
    assert reads_of(social_worker) == [(own_client.pk, View.CLIENT_PAGE, Basis.RESPONSIBLE_WORKER)]


def test_an_address_ban_keeps_the_address_out(social_worker: Worker, own_client: Client) -> None:
    Client.objects.filter(pk=own_client.pk).update(address_ban=True)
    response = api_as(social_worker).get(f"/api/clients/{own_client.pk}")
    assert response.json()["address"] is None and response.json()["address_ban"] is True
    assert b"Rantatie" not in response.content


def test_the_intakes_are_read_on_a_basis_that_covers_them(
    social_worker: Worker, guidance: Worker, own_client: Client, intake: Intake
) -> None:
    for worker, basis in [(social_worker, Basis.RESPONSIBLE_WORKER), (guidance, Basis.GUIDANCE)]:
        found = api_as(worker).get(f"/api/clients/{own_client.pk}/intakes").json()
        assert [i["id"] for i in found["items"]] == [intake.pk]
        assert found["items"][0]["stage"] == "guidance" and found["items"][0]["outcome"] is None
        assert reads_of(worker) == [(own_client.pk, View.INTAKE, basis)]
        assert api_as(worker).get(f"/api/intakes/{intake.pk}").json()["description"] == intake.description
    assert "notifier" not in str(found)


def test_the_registrar_reads_their_own_intake_but_not_the_others(
    counsellor: Worker, guidance: Worker, own_client: Client, intake: Intake
) -> None:
    """Registering an intake gives the basics and that intake, not the client's others (403)."""
    own = make_intake(own_client, counsellor)
    http = api_as(counsellor)
    assert http.get(f"/api/clients/{own_client.pk}").status_code == 200
    assert http.get(f"/api/intakes/{own.pk}").status_code == 200
    assert http.get(f"/api/intakes/{intake.pk}").status_code == 403
    assert http.get(f"/api/clients/{own_client.pk}/intakes").status_code == 403
    assert http.get(f"/api/clients/{own_client.pk}/plans").status_code == 403
    assert (own_client.pk, View.INTAKE, Basis.REGISTRAR) in reads_of(counsellor)


def test_a_missing_client_and_another_teams_client_look_alike(
    social_worker: Worker, client_elsewhere: Client
) -> None:
    http = api_as(social_worker)
    missing = http.get("/api/clients/999999")
    elsewhere = http.get(f"/api/clients/{client_elsewhere.pk}")
    assert missing.status_code == elsewhere.status_code == 404
    assert missing.content == elsewhere.content
    assert http.get("/api/clients/abc").status_code == 422
    assert http.get("/api/clients/0").status_code == 422
    assert http.get("/api/clients/99999999999999999999").status_code == 422


def test_the_intake_list_pages_in_a_constant_number_of_queries(
    social_worker: Worker, guidance: Worker, own_client: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(27):
        make_intake(own_client, guidance)
    http = api_as(social_worker)
    http.get("/api/me")
    with django_assert_max_num_queries(8) as first:
        assert len(http.get(f"/api/clients/{own_client.pk}/intakes").json()["items"]) == 25
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(http.get(f"/api/clients/{own_client.pk}/intakes", {"page": 2}).json()["items"]) == 2


def test_municipality_none_is_none(social_worker: Worker, own_client: Client, town: Municipality) -> None:
    Client.objects.filter(pk=own_client.pk).update(municipality=None)
    assert api_as(social_worker).get(f"/api/clients/{own_client.pk}").json()["municipality"] is None
