"""The client's own plan (worksheet), on screen and on paper: in the client's language while
the worker's menus stay in the worker's; who helps and how to reach them; meetings apart from
the review; a draft says it is one."""

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from polku.access.tests.test_access_report import assert_tagged, pdf_text
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import signed_in
from polku.plans.models import ClientPlan

pytestmark = pytest.mark.django_db


def worksheet(http: HttpClient, plan: ClientPlan) -> str:
    return http.get(reverse("plan_worksheet", args=[plan.pk])).content.decode()


def printed(http: HttpClient, plan: ClientPlan) -> str:
    return pdf_text(http.get(reverse("plan_worksheet_pdf", args=[plan.pk])).content)


def menus_and_worksheet(html: str) -> tuple[str, str]:
    start, end = html.index('<div class="worksheet"'), html.index("</main>")
    return html[:start], html[start:end]


def in_language(http: HttpClient, code: str) -> HttpClient:
    http.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return http


def test_it_keeps_the_workers_menus_in_the_workers_language(counsellor: Worker, agreed: ClientPlan) -> None:
    Client.objects.filter(pk=agreed.client_id).update(language="sv")
    menus, sheet = menus_and_worksheet(worksheet(signed_in(counsellor), agreed))
    assert "Omat asiakkaat" in menus and "Kirjaudu ulos" in menus
    assert 'lang="sv"' in sheet and "Min plan" in sheet and "Mina nästa steg" in sheet
    assert "Minun suunnitelmani" not in sheet

    menus, sheet = menus_and_worksheet(worksheet(in_language(signed_in(counsellor), "en"), agreed))
    assert "My clients" in menus and "Sign out" in menus
    assert "Min plan" in sheet and "My plan" not in sheet


def test_it_shows_a_finnish_clients_worksheet_in_finnish_to_a_swedish_speaking_worker(
    counsellor: Worker, agreed: ClientPlan
) -> None:
    menus, sheet = menus_and_worksheet(worksheet(in_language(signed_in(counsellor), "sv"), agreed))
    assert "Mina klienter" in menus
    assert 'lang="fi"' in sheet and "Minun suunnitelmani" in sheet


def test_it_names_the_workers_role_and_phone_in_the_clients_language(
    counsellor: Worker, agreed: ClientPlan
) -> None:
    Worker.objects.filter(pk=counsellor.pk).update(phone="040 123 4567", title="Sosiaaliohjaaja (aikuiset)")
    http = signed_in(counsellor)
    for text in (worksheet(http, agreed), printed(http, agreed)):
        assert "Olli Ojala, sosiaaliohjaaja, puhelin" in text and "040 123 4567" in text
        assert "Suoraa puhelinnumeroa ei ole" not in text
    Client.objects.filter(pk=agreed.client_id).update(language="sv")
    for text in (worksheet(http, agreed), printed(http, agreed)):
        assert "Olli Ojala, socialhandledare, telefon" in text and "040 123 4567" in text
        assert "Sosiaaliohjaaja (aikuiset)" not in text


def test_without_a_phone_it_says_how_to_reach_the_worker(counsellor: Worker, agreed: ClientPlan) -> None:
    http = signed_in(counsellor)
    for text in (worksheet(http, agreed), printed(http, agreed)):
        assert "Suoraa puhelinnumeroa ei ole: kysy häntä sosiaalitoimistosta, Järvilaakso." in text
        assert "ota yhteyttä omaan työntekijääsi" in text


def test_it_shows_how_we_meet_apart_from_the_next_review(counsellor: Worker, agreed: ClientPlan) -> None:
    http = signed_in(counsellor)
    for text in (worksheet(http, agreed), printed(http, agreed)):
        meet, review = text.index("Miten tapaamme"), text.index("Milloin katsomme suunnitelmaa taas yhdessä")
        often, where = text.index("Kuinka usein: kahden viikon välein"), text.index("Missä: toimistolla")
        assert meet < often < where < review
        assert review < text.index("perjantai 15.1.2027")
    Client.objects.filter(pk=agreed.client_id).update(language="sv")
    for text in (worksheet(http, agreed), printed(http, agreed)):
        assert "Hur vi träffas" in text and "När vi går igenom planen tillsammans igen" in text
        assert "fredag 15.1.2027" in text


def test_a_draft_says_it_is_one_on_screen_and_on_paper(counsellor: Worker, plan: ClientPlan) -> None:
    http = signed_in(counsellor)
    for text in (worksheet(http, plan), printed(http, plan)):
        assert "Luonnos" in text
        assert "tätä suunnitelmaa ei ole vielä sovittu yhdessä" in " ".join(text.split())
    Client.objects.filter(pk=plan.client_id).update(language="sv")
    assert "Utkast – inte ännu överenskommet" in printed(http, plan)


def test_an_agreed_plan_is_not_marked_as_a_draft(counsellor: Worker, agreed: ClientPlan) -> None:
    http = signed_in(counsellor)
    for text in (worksheet(http, agreed), printed(http, agreed)):
        assert "Luonnos" not in text and "Tehty yhdessä 20.11.2026" in text


def test_the_pdf_is_tagged_for_screen_readers_in_the_clients_language(
    counsellor: Worker, agreed: ClientPlan
) -> None:
    Client.objects.filter(pk=agreed.client_id).update(language="sv")
    response = signed_in(counsellor).get(reverse("plan_worksheet_pdf", args=[agreed.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="min-plan.pdf"'
    assert_tagged(response.content, "sv")
