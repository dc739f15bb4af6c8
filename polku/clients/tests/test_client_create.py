import pytest
from django.urls import reverse

from polku.clients.models import Client
from polku.core.models import ChangeRecord, Team, Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def form_data(team: Team, **changes: str) -> dict[str, str]:
    data = {
        "identity_code": "010594Y9032",
        "birth_date": "",
        "first_names": "Eeva Maria",
        "last_name": "Järvinen",
        "phone": "040 555 1234",
        "email": "",
        "street_address": "Koulukatu 3",
        "postal_code": "99100",
        "post_office": "Järvilaakso",
        "municipality": "",
        "language": "fi",
        "other_language": "",
        "team": str(team.pk),
    }
    data.update(changes)
    return data


def test_it_registers_a_client_with_history(guidance: Worker, team: Team) -> None:
    response = signed_in(guidance).post(reverse("client_create"), form_data(team))
    client = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("client_detail", args=[client.pk])
    assert (client.registered_by, client.birth_date.isoformat()) == (guidance, "1994-05-01")
    record = ChangeRecord.objects.get()
    assert record.actor == guidance
    assert record.changes["last_name"] == [None, "Järvinen"]


def test_an_invalid_code_gets_a_finnish_message_and_keeps_what_was_typed(
    guidance: Worker, team: Team
) -> None:
    response = signed_in(guidance).post(
        reverse("client_create"), form_data(team, identity_code="010594Y9033")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tarkistusmerkki ei täsmää" in page
    assert 'value="010594Y9033"' in page
    assert 'value="Koulukatu 3"' in page
    assert not Client.objects.exists()


def test_a_client_without_a_code_needs_a_birth_date(guidance: Worker, team: Team) -> None:
    response = signed_in(guidance).post(reverse("client_create"), form_data(team, identity_code=""))
    assert "Anna henkilötunnus tai" in response.content.decode()
    response = signed_in(guidance).post(
        reverse("client_create"), form_data(team, identity_code="", birth_date="1980-02-29")
    )
    assert response.status_code == 302
    assert Client.objects.get().identity_code == ""


def test_likely_duplicates_are_shown_and_must_be_confirmed(
    guidance: Worker, team: Team, client_of_team: Client
) -> None:
    data = form_data(
        team, identity_code="", birth_date=client_of_team.birth_date.isoformat(), last_name="Makela"
    )
    response = signed_in(guidance).post(reverse("client_create"), data)
    page = response.content.decode()
    assert "Henkilö saattaa olla jo rekisterissä" in page
    assert "Mäkelä, Äijä Eero" in page
    assert Client.objects.count() == 1
    response = signed_in(guidance).post(reverse("client_create"), {**data, "confirm_new": "on"})
    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_the_same_identity_code_cannot_be_registered_twice(
    guidance: Worker, team: Team, client_of_team: Client
) -> None:
    data = form_data(team, identity_code=client_of_team.identity_code, confirm_new="on")
    response = signed_in(guidance).post(reverse("client_create"), data)
    assert "Tällä henkilötunnuksella on jo kirjattu asiakas" in response.content.decode()
    assert Client.objects.count() == 1


def test_the_outsider_cannot_pick_another_organisations_team(outsider: Worker, team: Team) -> None:
    response = signed_in(outsider).post(reverse("client_create"), form_data(team))
    assert response.status_code == 200
    assert not Client.objects.filter(identity_code="010594Y9032").exists()
