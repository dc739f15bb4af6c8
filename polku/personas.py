"""Fixed test personas: one per role in the organisation Järvilaakso, plus an outsider.

The outsider is a team lead of another organisation with a client of her own, so every
"the outsider gets 404" test is about a worker who would have a basis at home.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.test.utils import override_settings
from django.utils import timezone

from polku.clients.identity_code import make_identity_code
from polku.clients.models import Client, index_name_words
from polku.codes.loader import bundled_files, load_file
from polku.codes.models import CodeSet
from polku.core.models import Municipality, Organisation, Role, Team, Worker
from polku.intake import services as intake_services
from polku.intake.defaults import seed_intake_defaults
from polku.intake.models import (
    Channel,
    DeadlineRule,
    DutyWeek,
    Intake,
    Outcome,
    ReceivedHow,
    UrgencyCriterion,
)
from polku.intake.weeks import week_start_of
from polku.measures.loader import bundled_files as instrument_files
from polku.measures.loader import load_file as load_instrument
from polku.measures.models import Instrument

PASSWORD = "oikein-pitkä-salasana-2026"


def make_worker(org: Organisation, username: str, role: str, teams: list[Team]) -> Worker:
    first, last = username.split("_")
    worker = Worker.objects.create_user(
        username=username,
        password=PASSWORD,
        organisation=org,
        role=role,
        first_name=first.title(),
        last_name=last.title(),
        is_staff=role == Role.ADMINISTRATOR,
    )
    worker.teams.set(teams)
    return worker


def make_client(org: Organisation, team: Team, number: int, **fields: object) -> Client:
    born = fields.pop("birth_date", date(1990, 1, 1 + number % 28))
    assert isinstance(born, date)
    client = Client(
        organisation=org,
        identity_code=make_identity_code(born, 900 + number),
        birth_date=born,
        first_names=fields.pop("first_names", "Aino"),
        last_name=fields.pop("last_name", f"Asiakas{number}"),
        team=team,
        **fields,
    )
    client.refresh_search_name()
    client.save()
    index_name_words(client)
    return client


@pytest.fixture
def org(db: None) -> Organisation:
    org = Organisation.objects.create(name="Järvilaakson hyvinvointialue", code="jarvilaakso")
    seed_intake_defaults(org)
    if not CodeSet.objects.exists():
        # Browser tests empty the database between tests, migration data included.
        for path in bundled_files():
            load_file(path)
    if not Instrument.objects.exists():
        for path in instrument_files():
            load_instrument(path)
    return org


@pytest.fixture
def town(org: Organisation) -> Municipality:
    return Municipality.objects.create(organisation=org, code="901", name_fi="Järvilaakso", name_sv="Sjödal")


@pytest.fixture
def team(org: Organisation, town: Municipality) -> Team:
    team = Team.objects.create(organisation=org, name="Järvilaakson tiimi", office="Järvilaakso")
    team.municipalities.add(town)
    return team


@pytest.fixture
def other_team(org: Organisation) -> Team:
    return Team.objects.create(organisation=org, name="Koskelan tiimi", office="Koskela")


@pytest.fixture
def lead(org: Organisation, team: Team) -> Worker:
    return make_worker(org, "tiina_toivonen", Role.TEAM_LEAD, [team])


@pytest.fixture
def social_worker(org: Organisation, team: Team) -> Worker:
    return make_worker(org, "sanna_salo", Role.SOCIAL_WORKER, [team])


@pytest.fixture
def counsellor(org: Organisation, team: Team) -> Worker:
    return make_worker(org, "olli_ojala", Role.SOCIAL_COUNSELLOR, [team])


@pytest.fixture
def guidance(org: Organisation, team: Team) -> Worker:
    return make_worker(org, "noora_nieminen", Role.GUIDANCE_WORKER, [team])


@pytest.fixture
def admin_worker(org: Organisation) -> Worker:
    return make_worker(org, "aki_aalto", Role.ADMINISTRATOR, [])


@pytest.fixture
def other_org(db: None) -> Organisation:
    org = Organisation.objects.create(name="Naapurin hyvinvointialue", code="naapuri")
    seed_intake_defaults(org)
    return org


@pytest.fixture
def outsider(other_org: Organisation) -> Worker:
    other_team = Team.objects.create(organisation=other_org, name="Naapurin tiimi")
    outsider = make_worker(other_org, "ulla_ulkopuolinen", Role.TEAM_LEAD, [other_team])
    make_client(other_org, other_team, 99, last_name="Naapuri")
    return outsider


@pytest.fixture
def client_of_team(org: Organisation, team: Team, town: Municipality) -> Client:
    return make_client(
        org,
        team,
        1,
        first_names="Äijä Eero",
        last_name="Mäkelä",
        municipality=town,
        street_address="Rantatie 5",
        postal_code="99100",
        post_office="Järvilaakso",
        phone="040 1234567",
    )


@pytest.fixture
def client_elsewhere(org: Organisation, other_team: Team) -> Client:
    """A client of the same organisation in a team the personas are not in."""
    return make_client(org, other_team, 2, first_names="Kalle", last_name="Koskinen")


def signed_in(worker: Worker) -> HttpClient:
    http = HttpClient()
    http.force_login(worker)
    return http


def make_intake(client: Client, actor: Worker, **fields: object) -> Intake:
    """An intake about `client`, registered by `actor` through the service."""
    data = {
        "channel": Channel.OWN_CONTACT,
        "received_how": ReceivedHow.PHONE,
        "received_at": timezone.now() - timedelta(hours=1),
        "description": "Asiakas pyytää apua.",
        "deadline_rule": DeadlineRule.objects.get(organisation_id=client.organisation_id, is_default=True),
        **fields,
    }
    return intake_services.intake_register(actor=actor, client=client, data=data)


def forward(intake: Intake, actor: Worker, *, urgent: bool = False) -> Intake:
    """Take an intake through service guidance to the duty pair."""
    criteria = UrgencyCriterion.objects.filter(organisation_id=intake.organisation_id)[:1] if urgent else []
    intake_services.intake_assess_urgency(
        actor=actor, intake=intake, is_urgent=urgent, criteria=criteria, reason="Arvioitu puhelimessa."
    )
    outcome = Outcome.URGENT_DUTY if urgent else Outcome.FORWARDED
    return intake_services.intake_decide(actor=actor, intake=intake, outcome=outcome, note="")


def put_on_duty(team: Team, social_worker: Worker, counsellor: Worker) -> DutyWeek:
    return DutyWeek.objects.create(
        organisation_id=team.organisation_id,
        team=team,
        week_start=week_start_of(timezone.localdate()),
        social_worker=social_worker,
        social_counsellor=counsellor,
    )


def make_relationship(client: Client, responsible: Worker, pair: Worker | None = None) -> Any:
    """An open client relationship, as seed data (distribution is tested through its service)."""
    from polku.casework.models import ClientRelationship

    return ClientRelationship.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        team_id=client.team_id,
        responsible_worker=responsible,
        pair_worker=pair,
        opened_by=responsible,
    )


@pytest.fixture
def own_client(client_of_team: Client, social_worker: Worker) -> Client:
    """client_of_team with social_worker as the responsible worker."""
    make_relationship(client_of_team, social_worker)
    return client_of_team


@pytest.fixture(autouse=True, scope="session")
def fast_password_hasher() -> Iterator[None]:
    """Hashing the personas' passwords with PBKDF2 dominated the suite's time; tests prove
    who may do what, not the hasher."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield
