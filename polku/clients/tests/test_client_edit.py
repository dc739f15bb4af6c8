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


def test_a_change_is_saved_with_old_and_new_values(social_worker: Worker, own_client: Client) -> None:
    response = signed_in(social_worker).post(
        reverse("client_edit", args=[own_client.pk]), edit_data(own_client, phone="050 999")
    )
    assert response.status_code == 302
    own_client.refresh_from_db()
    assert (own_client.phone, own_client.version) == ("050 999", 2)
    record = ChangeRecord.objects.get(action="update")
    assert record.changes == {"phone": ["040 1234567", "050 999"]}
    assert record.actor == social_worker


def test_a_stale_save_is_refused_with_both_versions_shown(social_worker: Worker, own_client: Client) -> None:
    client_update(actor=social_worker, client=own_client, version=1, data={"phone": "044 111"})
    response = signed_in(social_worker).post(
        reverse("client_edit", args=[own_client.pk]), edit_data(own_client, phone="050 222")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Joku muu tallensi tiedot" in page
    assert "044 111" in page
    assert 'value="050 222"' in page
    own_client.refresh_from_db()
    assert own_client.phone == "044 111"


def test_the_service_refuses_a_stale_version(social_worker: Worker, own_client: Client) -> None:
    client_update(actor=social_worker, client=own_client, version=1, data={"phone": "1"})
    with pytest.raises(EditConflict):
        client_update(actor=social_worker, client=own_client, version=1, data={"phone": "2"})


def test_an_address_ban_hides_the_address_everywhere(social_worker: Worker, own_client: Client) -> None:
    client_update(actor=social_worker, client=own_client, version=1, data={"address_ban": True})
    http = signed_in(social_worker)
    for url in (
        reverse("client_detail", args=[own_client.pk]),
        reverse("client_edit", args=[own_client.pk]),
    ):
        page = http.get(url).content.decode()
        assert "Rantatie" not in page
        assert "99100" not in page
    assert "Turvakielto" in http.get(reverse("client_detail", args=[own_client.pk])).content.decode()


def test_saving_under_an_address_ban_keeps_the_address(social_worker: Worker, own_client: Client) -> None:
    client_update(actor=social_worker, client=own_client, version=1, data={"address_ban": True})
    own_client.refresh_from_db()
    data = edit_data(own_client, phone="050 1", address_ban="on")
    for name in ("street_address", "postal_code", "post_office"):
        data.pop(name)
    signed_in(social_worker).post(reverse("client_edit", args=[own_client.pk]), data)
    own_client.refresh_from_db()
    assert (own_client.phone, own_client.street_address) == ("050 1", "Rantatie 5")


def test_the_team_cannot_be_changed_by_editing(social_worker: Worker, own_client: Client, other_team) -> None:
    """The team changes only by a transfer the receiving team's lead accepts."""
    response = signed_in(social_worker).post(
        reverse("client_edit", args=[own_client.pk]), edit_data(own_client, team=other_team.pk, phone="050 3")
    )
    assert response.status_code == 302
    own_client.refresh_from_db()
    assert (own_client.team_id, own_client.phone) == (own_client.team_id, "050 3")
    assert own_client.team.name == "Järvilaakson tiimi"
    client_update(
        actor=social_worker, client=own_client, version=own_client.version, data={"team": other_team}
    )
    own_client.refresh_from_db()
    assert own_client.team.name == "Järvilaakson tiimi"


@pytest.mark.parametrize("persona", ["lead", "guidance", "counsellor"])
def test_only_the_clients_own_workers_edit_the_register(
    request: pytest.FixtureRequest, persona: str, own_client: Client, guidance: Worker
) -> None:
    """The team lead reads but does not edit; others have no basis at all."""
    worker = request.getfixturevalue(persona)
    http = signed_in(worker)
    url = reverse("client_edit", args=[own_client.pk])
    expected = 403 if persona == "lead" else 404
    assert http.get(url).status_code == expected
    assert http.post(url, edit_data(own_client, phone="050 9")).status_code == expected
    own_client.refresh_from_db()
    assert (own_client.phone, own_client.version) == ("040 1234567", 1)
