"""Youth aftercare as a kind of client relationship: allowed for ages 18–24 on the day it is
recorded (Child Welfare Act 417/2007 75 §), ending the day before the 25th birthday."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from polku.casework.aftercare import aftercare_ends_on, age_on, reminder_from
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.casework.services import relationship_set_kind
from polku.clients.models import Client
from polku.core.models import ChangeRecord, Organisation, Team, Worker
from polku.personas import make_client, make_relationship, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def young(org: Organisation, team: Team) -> Client:
    return make_client(org, team, 5, first_names="Iida", last_name="Nuorinen", birth_date=date(2002, 6, 1))


@pytest.fixture
def young_case(young: Client, social_worker: Worker, counsellor: Worker) -> ClientRelationship:
    return make_relationship(young, social_worker, pair=counsellor)


def test_it_ends_aftercare_the_day_before_the_25th_birthday() -> None:
    assert aftercare_ends_on(date(2002, 6, 1)) == date(2027, 5, 31)
    # Born on 29 February: the 25th birthday in a common year is 1 March.
    assert aftercare_ends_on(date(2004, 2, 29)) == date(2029, 2, 28)
    assert reminder_from(date(2002, 6, 1)) == date(2026, 12, 1)
    assert reminder_from(date(2002, 8, 31)) == date(2027, 2, 28)
    assert age_on(date(2002, 6, 1), date(2020, 5, 31)) == 17
    assert age_on(date(2002, 6, 1), date(2020, 6, 1)) == 18


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (date(2020, 5, 31), False),  # 17
        (date(2020, 6, 1), True),  # 18 today
        (date(2027, 5, 31), True),  # 24, the last day of aftercare
        (date(2027, 6, 1), False),  # 25
    ],
)
def test_it_allows_aftercare_only_at_18_to_24(
    social_worker: Worker, young_case: ClientRelationship, today: date, allowed: bool
) -> None:
    def act() -> None:
        relationship_set_kind(
            actor=social_worker, relationship=young_case, kind=RelationshipKind.AFTERCARE, today=today
        )

    if allowed:
        act()
        young_case.refresh_from_db()
        assert young_case.kind == RelationshipKind.AFTERCARE
        assert ChangeRecord.objects.filter(action="set_kind", client_id=young_case.client_id).exists()
    else:
        with pytest.raises(ValidationError, match="18–24"):
            act()
        young_case.refresh_from_db()
        assert young_case.kind == RelationshipKind.ORDINARY


def test_it_refuses_aftercare_without_a_birth_date(
    social_worker: Worker, young: Client, young_case: ClientRelationship
) -> None:
    Client.objects.filter(pk=young.pk).update(birth_date=None, identity_code="")
    young_case.refresh_from_db()
    young_case.client.refresh_from_db()
    with pytest.raises(ValidationError, match="syntymäaikaa"):
        relationship_set_kind(
            actor=social_worker,
            relationship=young_case,
            kind=RelationshipKind.AFTERCARE,
            today=date(2026, 1, 1),
        )


def test_it_is_the_responsible_workers_to_set(
    counsellor: Worker, lead: Worker, young_case: ClientRelationship
) -> None:
    for worker in (counsellor, lead):
        with pytest.raises(PermissionDenied):
            relationship_set_kind(
                actor=worker, relationship=young_case, kind=RelationshipKind.AFTERCARE, today=date(2026, 1, 1)
            )
        response = signed_in(worker).post(reverse("case_kind", args=[young_case.pk]), {"kind": "aftercare"})
        assert response.status_code == 403
    young_case.refresh_from_db()
    assert young_case.kind == RelationshipKind.ORDINARY


def test_it_shows_the_end_of_aftercare_on_the_case_and_in_my_clients(
    social_worker: Worker, young_case: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    response = http.post(reverse("case_kind", args=[young_case.pk]), {"kind": "aftercare"})
    assert response.status_code == 302
    case = http.get(reverse("case_detail", args=[young_case.pk])).content.decode()
    assert "Jälkihuolto päättyy 31.5.2027" in case
    assert "Jälkihuolto päättyy 31.5.2027" in http.get(reverse("my_clients")).content.decode()


def test_it_refuses_a_30_year_old_in_finnish_and_keeps_the_kind(
    social_worker: Worker, client_of_team: Client
) -> None:
    relationship = make_relationship(client_of_team, social_worker)
    response = signed_in(social_worker).post(
        reverse("case_kind", args=[relationship.pk]), {"kind": "aftercare"}
    )
    assert response.status_code == 400
    assert "Jälkihuolto on 18–24-vuotiaille" in response.content.decode()
    relationship.refresh_from_db()
    assert relationship.kind == RelationshipKind.ORDINARY


def test_it_says_when_aftercare_has_ended(social_worker: Worker, org: Organisation, team: Team) -> None:
    older = make_client(org, team, 6, first_names="Olli", last_name="Vanhempi", birth_date=date(2000, 1, 10))
    relationship = make_relationship(older, social_worker)
    ClientRelationship.objects.filter(pk=relationship.pk).update(kind=RelationshipKind.AFTERCARE)
    page = signed_in(social_worker).get(reverse("case_detail", args=[relationship.pk])).content.decode()
    assert "Jälkihuolto päättyi 9.1.2025" in page
