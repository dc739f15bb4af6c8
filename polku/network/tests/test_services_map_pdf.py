"""The services map printed for the client: plain words, the client's language, nothing of the
workers' own, read through the gate and logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, View
from polku.access.tests.test_access_report import assert_tagged, pdf_text
from polku.clients.models import Client, Language
from polku.core.models import Worker
from polku.network import services
from polku.network.models import ClientService, PartnerOrganisation
from polku.network.tests.conftest import give_consent
from polku.network.tests.test_services_map import add
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(social_worker: Worker, own_client: Client, employment: PartnerOrganisation) -> list[ClientService]:
    coaching = add(
        social_worker,
        own_client,
        provider=employment,
        provider_name="",
        contact_person="Ville Valmentaja",
        contact_how="040 555 1234, ma–pe 9–15",
        since=timezone.localdate() - timedelta(days=60),
        purpose="Tuki työnhakuun",
    )
    services.service_check(actor=social_worker, item=coaching, in_use=True, checked_on=timezone.localdate())
    second = add(social_worker, own_client, provider_name="Valmennuspaja ry", purpose="Paja kaksi kertaa")
    services.service_end(
        actor=social_worker,
        item=second,
        ended_on=timezone.localdate(),
        reason="Sama tuki saadaan jo työllisyyspalveluista.",
        decided_by="client",
    )
    return [coaching, second]


def test_it_prints_the_current_and_ended_services_in_plain_words(
    social_worker: Worker, own_client: Client, mapped: list[ClientService]
) -> None:
    response = signed_in(social_worker).get(reverse("services_map_pdf", args=[own_client.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="palvelukartta.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Palvelusi ja yhteyshenkilösi" in text
    assert own_client.full_name in text
    assert "Järvilaakson työllisyyspalvelut" in text
    assert "Ville Valmentaja" in text and "040 555 1234" in text
    assert "Tuki työnhakuun" in text
    assert "kerroit" in text.lower() and "käytät" in text
    assert "Päättyneet palvelut" in text
    assert "Sama tuki saadaan jo työllisyyspalveluista." in text
    assert "päätit itse" in text
    assert "Sanna Salo" in text  # whom to ask
    assert "päällekkäinen" not in text.lower()
    assert_tagged(response.content, "fi")


def test_a_swedish_speaking_client_gets_it_in_swedish(
    social_worker: Worker, own_client: Client, mapped: list[ClientService]
) -> None:
    Client.objects.filter(pk=own_client.pk).update(language=Language.SWEDISH)
    response = signed_in(social_worker).get(
        reverse("services_map_pdf", args=[own_client.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    text = pdf_text(response.content)
    assert "Dina tjänster och kontaktpersoner" in text
    assert "Palvelusi" not in text
    assert_tagged(response.content, "sv")


def test_the_print_is_one_logged_read_of_the_services_map(
    social_worker: Worker, own_client: Client, mapped: list[ClientService]
) -> None:
    signed_in(social_worker).get(reverse("services_map_pdf", args=[own_client.pk]))
    reads = AccessLogEntry.objects.filter(worker=social_worker, client=own_client)
    assert list(reads.values_list("view", flat=True)) == [View.SERVICES_MAP]


def test_the_outsider_gets_404_and_a_partner_403_even_with_the_services_in_the_consent(
    social_worker: Worker,
    outsider: Worker,
    counsellor: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    employment_partner: Worker,
) -> None:
    give_consent(social_worker, own_client, [employment], information=["services"])
    url = reverse("services_map_pdf", args=[own_client.pk])
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(counsellor).get(url).status_code == 404
    assert signed_in(employment_partner).get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(worker__in=[outsider, counsellor, employment_partner]).exists()


def test_the_link_is_for_the_clients_workers_not_for_a_partner(
    social_worker: Worker,
    lead: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    employment_partner: Worker,
) -> None:
    give_consent(social_worker, own_client, [employment], information=["services"])
    url = reverse("services_map", args=[own_client.pk])
    link = reverse("services_map_pdf", args=[own_client.pk])
    assert link in signed_in(social_worker).get(url).content.decode()
    assert link in signed_in(lead).get(url).content.decode()
    partner_page = signed_in(employment_partner).get(url)
    assert partner_page.status_code == 200
    assert link not in partner_page.content.decode()
