import pytest
from django.urls import reverse

from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.personas import make_client, signed_in

pytestmark = pytest.mark.django_db


def search(worker: Worker, q: str) -> str:
    response = signed_in(worker).get(reverse("client_search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_by_exact_identity_code(lead: Worker, client_of_team: Client) -> None:
    page = search(lead, client_of_team.identity_code.lower())
    assert "Mäkelä" in page


def test_it_finds_by_name_prefix_without_case_or_accents(lead: Worker, client_of_team: Client) -> None:
    assert "Mäkelä" in search(lead, "make")
    assert "Mäkelä" in search(lead, "MÄK äijä")
    assert "Mäkelä" in search(lead, "aij")
    assert "Mäkelä" not in search(lead, "kela")


def test_it_shows_only_clients_the_worker_has_a_basis_for(
    lead: Worker, client_of_team: Client, client_elsewhere: Client, outsider: Worker
) -> None:
    page = search(lead, "k")
    assert "Koskinen" not in page
    assert "Naapuri" not in search(lead, "naapuri")


def test_it_logs_every_client_shown(lead: Worker, client_of_team: Client) -> None:
    search(lead, "mäkelä")
    entry = AccessLogEntry.objects.get()
    assert (entry.client_id, entry.view) == (client_of_team.pk, View.SEARCH_RESULT)


def test_an_exact_code_without_basis_offers_break_glass_and_reveals_nothing(
    social_worker: Worker, client_elsewhere: Client
) -> None:
    page = search(social_worker, client_elsewhere.identity_code)
    assert "Koskinen" not in page
    assert reverse("break_glass_open") in page
    # That the code is registered is itself a read: logged as an existence check.
    entry = AccessLogEntry.objects.get()
    assert (entry.client_id, entry.view, entry.basis) == (
        client_elsewhere.pk,
        View.EXISTENCE_CHECK,
        Basis.EXISTENCE_CHECK,
    )


def test_existence_checks_are_limited_per_hour(
    social_worker: Worker, client_elsewhere: Client, settings
) -> None:
    settings.EXISTENCE_CHECKS_PER_HOUR = 2
    for _ in range(2):
        assert reverse("break_glass_open") in search(social_worker, client_elsewhere.identity_code)
    page = search(social_worker, client_elsewhere.identity_code)
    assert reverse("break_glass_open") not in page
    assert "tauotettu" in page
    assert AccessLogEntry.objects.filter(worker=social_worker).count() == 2


def test_the_query_count_does_not_grow_with_the_results(
    lead: Worker, team: Team, django_assert_max_num_queries
) -> None:
    for number in range(30):
        make_client(lead.organisation, team, 10 + number, last_name="Virtanen")
    http = signed_in(lead)
    with django_assert_max_num_queries(16):
        response = http.get(reverse("client_search"), {"q": "virt"})
    assert response.content.decode().count("Virtanen") == 25


@pytest.mark.django_db
def test_a_renamed_client_is_found_by_the_new_name_only(
    lead: Worker, social_worker: Worker, own_client
) -> None:
    from polku.clients.services import client_update

    client_of_team = own_client
    data = {"last_name": "Östman", "first_names": "Eero"}
    client_update(actor=social_worker, client=client_of_team, version=client_of_team.version, data=data)
    http = signed_in(lead)
    assert [c.pk for c in http.get(reverse("client_search"), {"q": "ostm"}).context["result"].page] == [
        client_of_team.pk
    ]
    assert list(http.get(reverse("client_search"), {"q": "mäkelä"}).context["result"].page) == []
    assert len(http.get(reverse("client_search"), {"q": "eero östman"}).context["result"].page) == 1
