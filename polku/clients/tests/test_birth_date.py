"""A date of birth cannot be in the future: refused in Finnish, with what was typed kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.clients.models import Client
from polku.clients.tests.test_client_create import form_data
from polku.core.models import Team, Worker
from polku.personas import make_client, signed_in

pytestmark = pytest.mark.django_db


def test_a_future_birth_date_is_refused_and_the_form_keeps_what_was_typed(
    guidance: Worker, team: Team
) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = signed_in(guidance).post(
        reverse("client_create"),
        form_data(team, identity_code="", birth_date=tomorrow),
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Syntymäaika ei voi olla tulevaisuudessa." in page
    assert f'value="{tomorrow}"' in page
    assert 'value="Koulukatu 3"' in page
    assert not Client.objects.exists()


def test_today_is_a_possible_birth_date(guidance: Worker, team: Team) -> None:
    today = timezone.localdate().isoformat()
    response = signed_in(guidance).post(
        reverse("client_create"), form_data(team, identity_code="", birth_date=today, confirm_new="on")
    )
    assert response.status_code == 302
    assert Client.objects.get().birth_date.isoformat() == today


def test_editing_to_a_future_birth_date_changes_nothing(social_worker: Worker, org, team: Team) -> None:
    from polku.personas import make_relationship

    client = make_client(org, team, 5)
    Client.objects.filter(pk=client.pk).update(identity_code="")
    client.refresh_from_db()
    make_relationship(client, social_worker)
    born = client.birth_date
    future = (timezone.localdate() + timedelta(days=400)).isoformat()
    response = signed_in(social_worker).post(
        reverse("client_edit", args=[client.pk]),
        {
            "version": client.version,
            "identity_code": "",
            "birth_date": future,
            "first_names": client.first_names,
            "last_name": client.last_name,
            "language": client.language,
            "team": client.team_id,
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert "Syntymäaika ei voi olla tulevaisuudessa." in response.content.decode()
    client.refresh_from_db()
    assert (client.birth_date, client.version) == (born, 1)
