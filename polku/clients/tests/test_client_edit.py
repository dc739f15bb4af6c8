import pytest
from django.urls import reverse

from polku.clients.models import Client
from polku.clients.services import client_update
from polku.core.errors import EditConflict
from polku.core.models import ChangeRecord, Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def edit_data(client: Client, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": client.version,
        "identity_code": client.identity_code,
        "first_names": client.first_names,
        "last_name": client.last_name,
        "phone": client.phone,
        "street_address": client.street_address,
        "postal_code": client.postal_code,
        "post_office": client.post_office,
        "language": client.language,
        "team": client.team_id,
        "municipality": client.municipality_id or "",
    }
    data.update(changes)
    return data


def test_a_change_is_saved_with_old_and_new_values(lead: Worker, client_of_team: Client) -> None:
    response = signed_in(lead).post(
        reverse("client_edit", args=[client_of_team.pk]), edit_data(client_of_team, phone="050 999")
    )
    assert response.status_code == 302
    client_of_team.refresh_from_db()
    assert (client_of_team.phone, client_of_team.version) == ("050 999", 2)
    record = ChangeRecord.objects.get(action="update")
    assert record.changes == {"phone": ["040 1234567", "050 999"]}
    assert record.actor == lead


def test_a_stale_save_is_refused_with_both_versions_shown(
    lead: Worker, social_worker: Worker, client_of_team: Client
) -> None:
    client_update(actor=lead, client=client_of_team, version=1, data={"phone": "044 111"})
    response = signed_in(lead).post(
        reverse("client_edit", args=[client_of_team.pk]), edit_data(client_of_team, phone="050 222")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Joku muu tallensi tiedot" in page
    assert "044 111" in page
    assert 'value="050 222"' in page
    client_of_team.refresh_from_db()
    assert client_of_team.phone == "044 111"


def test_the_service_refuses_a_stale_version(lead: Worker, client_of_team: Client) -> None:
    client_update(actor=lead, client=client_of_team, version=1, data={"phone": "1"})
    with pytest.raises(EditConflict):
        client_update(actor=lead, client=client_of_team, version=1, data={"phone": "2"})


def test_an_address_ban_hides_the_address_everywhere(lead: Worker, client_of_team: Client) -> None:
    client_update(actor=lead, client=client_of_team, version=1, data={"address_ban": True})
    http = signed_in(lead)
    for url in (
        reverse("client_detail", args=[client_of_team.pk]),
        reverse("client_edit", args=[client_of_team.pk]),
    ):
        page = http.get(url).content.decode()
        assert "Rantatie" not in page
        assert "99100" not in page
    assert "Turvakielto" in http.get(reverse("client_detail", args=[client_of_team.pk])).content.decode()


def test_saving_under_an_address_ban_keeps_the_address(lead: Worker, client_of_team: Client) -> None:
    client_update(actor=lead, client=client_of_team, version=1, data={"address_ban": True})
    client_of_team.refresh_from_db()
    data = edit_data(client_of_team, phone="050 1", address_ban="on")
    for name in ("street_address", "postal_code", "post_office"):
        data.pop(name)
    signed_in(lead).post(reverse("client_edit", args=[client_of_team.pk]), data)
    client_of_team.refresh_from_db()
    assert (client_of_team.phone, client_of_team.street_address) == ("050 1", "Rantatie 5")
