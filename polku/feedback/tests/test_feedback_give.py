"""The client gives feedback: named keeps who and when; anonymous keeps nothing that leads
back to the client."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.feedback.models import ClientFeedback
from polku.feedback.tests.conftest import give
from polku.personas import make_client, make_relationship

pytestmark = pytest.mark.django_db


def test_it_keeps_the_client_the_relationship_and_the_time_of_named_feedback(
    client_of_team: Client, relationship: Any
) -> None:
    feedback = give(client_of_team, relationship, roses="  Sain apua nopeasti.  ", thorns="Odotin pitkään.")
    feedback.refresh_from_db()
    assert (feedback.client, feedback.relationship, feedback.anonymous) == (
        client_of_team,
        relationship,
        False,
    )
    assert feedback.team_id == relationship.team_id
    assert feedback.organisation_id == client_of_team.organisation_id
    assert feedback.given_at is not None
    assert feedback.given_month == timezone.localdate().replace(day=1)
    assert (feedback.roses, feedback.thorns, feedback.text) == ("Sain apua nopeasti.", "Odotin pitkään.", "")


def test_anonymous_feedback_stores_no_client_no_relationship_and_no_time(
    client_of_team: Client, relationship: Any
) -> None:
    feedback = give(client_of_team, relationship, anonymous=True, text="Kiitos.")
    row = ClientFeedback.objects.values().get(pk=feedback.pk)
    assert row["client_id"] is None
    assert row["relationship_id"] is None
    assert row["given_at"] is None
    assert row["anonymous"] is True
    # Only the month, and the team whose work it is about.
    assert row["given_month"] == timezone.localdate().replace(day=1)
    assert row["team_id"] == relationship.team_id
    # No other column: a new one must be checked for what it would tell of the client.
    assert set(row) == {
        "id",
        "organisation_id",
        "team_id",
        "relationship_id",
        "client_id",
        "roses",
        "thorns",
        "text",
        "anonymous",
        "given_at",
        "given_month",
    }


def test_the_database_refuses_a_client_on_anonymous_feedback(
    client_of_team: Client, relationship: Any
) -> None:
    feedback = give(client_of_team, anonymous=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFeedback.objects.filter(pk=feedback.pk).update(client=client_of_team)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFeedback.objects.filter(pk=feedback.pk).update(given_at=timezone.now())
    assert ClientFeedback.objects.values_list("client_id", "given_at").get() == (None, None)


def test_without_a_relationship_it_goes_to_the_clients_team(client_of_team: Client) -> None:
    assert give(client_of_team).team_id == client_of_team.team_id


def test_feedback_about_a_relationship_of_another_team_goes_to_that_team(
    client_of_team: Client, other_team: Team, counsellor: Worker
) -> None:
    elsewhere = make_relationship(client_of_team, counsellor)
    elsewhere.team = other_team
    elsewhere.save()
    assert give(client_of_team, elsewhere).team_id == other_team.pk


@pytest.mark.parametrize("blank", ["", "   \n "])
def test_empty_feedback_is_refused_in_finnish_and_nothing_is_saved(
    client_of_team: Client, blank: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        give(client_of_team, roses=blank, thorns=blank, text=blank)
    assert refused.value.messages == [
        "Kirjoita ensin jotakin: mikä meni hyvin, mikä voisi olla paremmin tai muuta palautetta."
    ]
    assert not ClientFeedback.objects.exists()


def test_too_long_and_null_characters_are_refused_field_by_field(client_of_team: Client) -> None:
    with pytest.raises(ValidationError) as refused:
        give(client_of_team, roses="a" * 2001, thorns="ok", text="rikki\x00")
    errors = refused.value.message_dict
    assert errors["roses"] == ["Teksti on liian pitkä: enintään 2\xa0000 merkkiä (nyt 2\xa0001)."]
    assert errors["text"][0].startswith("Tekstissä on näkymätön nollamerkki")
    assert "thorns" not in errors
    assert not ClientFeedback.objects.exists()
    assert give(client_of_team, roses="a" * 2000).roses == "a" * 2000


def test_another_clients_relationship_is_404_and_nothing_is_saved(
    org: Any, team: Team, client_of_team: Client, social_worker: Worker
) -> None:
    someone_else = make_client(org, team, 7, last_name="Muu")
    theirs = make_relationship(someone_else, social_worker)
    with pytest.raises(Http404):
        give(client_of_team, theirs)
    with pytest.raises(Http404):
        give(client_of_team, theirs, anonymous=True)
    assert not ClientFeedback.objects.exists()
