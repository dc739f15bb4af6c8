"""Polku's own pages for 403, 404, 500 and a refused form (CSRF), in Finnish, each with a
way back, with DEBUG on (`make run`) and off (production)."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from polku.clients.models import Client
from polku.core import context_processors
from polku.core.error_pages import server_error
from polku.core.models import Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db

FRONT_PAGE = '<a href="/">Siirry etusivulle</a>'


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request: pytest.FixtureRequest, settings) -> bool:
    settings.DEBUG = request.param
    return request.param


def test_it_shows_polkus_404_for_a_client_without_basis(
    debug: bool, social_worker: Worker, client_of_team: Client
) -> None:
    response = signed_in(social_worker).get(reverse("client_detail", args=[client_of_team.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in page
    assert FRONT_PAGE in page
    assert "Siirry etusivulle" in page and "URLconf" not in page


def test_it_shows_polkus_404_for_an_address_that_does_not_exist(debug: bool, social_worker: Worker) -> None:
    http = signed_in(social_worker)
    response = http.get("/ei-tällaista-sivua/", HTTP_REFERER="http://testserver/clients/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in page
    assert '<a href="http://testserver/clients/">Palaa edelliselle sivulle</a>' in page
    assert FRONT_PAGE in page
    assert "Sanna Salo" in page  # the site's own header, for the signed-in worker


def test_it_offers_no_way_back_to_another_site(debug: bool, social_worker: Worker) -> None:
    response = signed_in(social_worker).get("/ei-sivua/", HTTP_REFERER="https://evil.example/")
    page = response.content.decode()
    assert "evil.example" not in page
    assert FRONT_PAGE in page


def test_it_shows_polkus_403(debug: bool, admin_worker: Worker) -> None:
    response = signed_in(admin_worker).get(reverse("client_search"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Sinulla ei ole oikeutta tähän" in page
    assert FRONT_PAGE in page


def test_it_shows_polkus_page_for_a_refused_form(debug: bool, social_worker: Worker) -> None:
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(social_worker)
    response = http.post(reverse("client_create"), {"last_name": "Laine"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Lomaketta ei voitu lähettää" in page
    assert "CSRF" not in page
    assert FRONT_PAGE in page


def test_it_shows_polkus_500_without_the_failing_parts(
    debug: bool, social_worker: Worker, monkeypatch
) -> None:
    def broken(worker: Worker) -> int:
        raise RuntimeError("the database went away")

    # The header's context processor is what fails: the 500 page must not need it.
    monkeypatch.setattr(context_processors, "urgent_waiting_count", broken)
    http = HttpClient(raise_request_exception=False)
    http.force_login(social_worker)
    response = http.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Jotain meni vikaan" in page
    assert "the database went away" not in page
    assert FRONT_PAGE in page


def test_the_500_page_reads_nothing_from_the_database(rf, django_assert_num_queries) -> None:
    request = rf.get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500


def test_the_500_page_is_in_the_users_language(social_worker: Worker, monkeypatch) -> None:
    monkeypatch.setattr(context_processors, "urgent_waiting_count", lambda worker: 1 / 0)
    http = HttpClient(raise_request_exception=False)
    http.force_login(social_worker)
    http.post(reverse("set_language"), {"language": "sv", "next": "/"})
    response = http.get(reverse("home"))
    assert response.status_code == 500
    assert '<html lang="sv">' in response.content.decode()


def test_a_developer_can_ask_for_djangos_technical_pages(social_worker: Worker, settings) -> None:
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    response = signed_in(social_worker).get("/ei-sivua/")
    assert response.status_code == 404
    assert "Sivua ei löytynyt" not in response.content.decode()
