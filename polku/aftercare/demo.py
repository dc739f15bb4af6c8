"""A young adult in aftercare for the demo: Iida Nuorinen, 20, placed as a child, whose
responsible worker is Sanna with Olli as the pair. The preparation and plan meetings are
recorded, each with 3X10D filled in; the follow-up meeting is next. Made through the real
services; the relationship itself is seed data. Loaded once (idempotent)."""

from datetime import date, timedelta

from django.utils import timezone

from polku.aftercare.models import AftercareMeeting, MeetingMode
from polku.aftercare.services import meeting_measure_record, plan_meeting_record, preparation_record
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.casework.services import relationship_set_kind
from polku.clients.identity_code import make_identity_code
from polku.clients.models import Client, index_name_words
from polku.codes.loader import GOALS, SERVICES
from polku.codes.models import Code
from polku.core.models import Organisation, Worker
from polku.measures.models import AnsweredBy
from polku.measures.selectors import instruments_in_use
from polku.plans.models import Goal, PlannedService, Step
from polku.plans.services import goal_part_add, plan_agree, plan_create, plan_item_add, plan_save

IDENTITY_NUMBER = 950  # in the 900–999 test range, after the demo's other clients


def _client(org: Organisation, worker: Worker) -> Client:
    today = timezone.localdate()
    born = date(today.year - 20, 3, 14)
    code = make_identity_code(born, IDENTITY_NUMBER)
    client, created = Client.objects.get_or_create(
        organisation=org,
        identity_code=code,
        defaults={
            "birth_date": born,
            "first_names": "Iida",
            "last_name": "Nuorinen",
            "phone": "040 9876543",
            "street_address": "Koulukatu 3 B 12",
            "postal_code": "99120",
            "post_office": "Järvilaakso",
            "team": worker.teams.order_by("pk")[0],
        },
    )
    if created:
        client.refresh_search_name()
        client.save()
        index_name_words(client)
    return client


def _ten(values: list[int]) -> dict[str, int]:
    return {str(n): v for n, v in enumerate(values, start=1)}


def load_demo_aftercare(org: Organisation) -> None:
    if AftercareMeeting.objects.filter(organisation=org).exists():
        return
    sanna, olli = Worker.objects.get(username="sanna"), Worker.objects.get(username="olli")
    today = timezone.localdate()
    client = _client(org, sanna)
    relationship = ClientRelationship.objects.create(
        organisation=org,
        client=client,
        team_id=client.team_id,
        responsible_worker=sanna,
        pair_worker=olli,
        opened_by=sanna,
        opened_at=timezone.now() - timedelta(days=60),
        seen_at=timezone.now() - timedelta(days=60),
    )
    relationship_set_kind(actor=sanna, relationship=relationship, kind=RelationshipKind.AFTERCARE)
    instrument = next(i for i in instruments_in_use() if i.key == "3x10d")
    preparation = preparation_record(
        actor=sanna,
        relationship=relationship,
        held_on=today - timedelta(days=45),
        data={
            "place": "Nuorisotalo Nuppu",
            "mode": MeetingMode.HYBRID,
            "invited": "Iida\nSanna Salo, vastuutyöntekijä\nOlli Ojala, työpari\nTukihenkilö Marja\n"
            "Kokemusasiantuntija Jenni (etänä)",
            "peer_invited": True,
            "rights_info_on": today - timedelta(days=45),
            "rights_info_how": "Paperilla tapaamisessa ja sähköpostilla Iidalle",
            "wishes": "Haluan oman asunnon Järvilaaksosta ja opiskelemaan kokiksi. Tukihenkilö Marja "
            "saa olla mukana tapaamisissa.",
            "notes": "",
        },
    )
    meeting_measure_record(
        actor=sanna,
        meeting=preparation,
        instrument=instrument,
        answered_on=preparation.held_on,
        answered_by=AnsweredBy.TOGETHER,
        values=_ten([4, 4, 2, 5, 5, 3, 2, 5, 4, 4]),
    )
    plan = plan_create(actor=sanna, relationship=relationship, plan_type="aftercare")
    version = plan.versions.get()
    made_on = today - timedelta(days=30)
    version = plan_save(
        actor=sanna,
        plan_version=version,
        version=version.version,
        data={
            "made_on": made_on,
            "meeting_place": "Nuorisotalo Nuppu",
            "participants": "Iida\nSanna Salo\nOlli Ojala\nTukihenkilö Marja",
            "client_strengths": "Osaan laittaa ruokaa. Marja ja kaverit auttavat.",
            "worker_strengths": "Iida tietää, mitä haluaa, ja pitää sovitusta kiinni.",
            "duration": "jälkihuollon loppuun asti",
            "next_review_on": today + timedelta(days=60),
            "informed_of_rights": True,
        },
    )
    for words, goal_code, what, who, days in (
        ("Haluan oman asunnon.", "1", "Haen nuorisoasuntoa", "Iida ja Olli", 10),
        ("Haluan opiskelemaan kokiksi.", "7", "Käydään tutustumassa ammattiopistoon", "Iida ja Sanna", 20),
    ):
        goal = Goal(client_words=words, code=Code.objects.get(code_set__oid=GOALS, code=goal_code))
        plan_item_add(actor=sanna, plan_version=version, item=goal)
        goal_part_add(actor=sanna, goal=goal, item=Step(what=what, who=who, due_on=today + timedelta(days)))
    for code, provider in (
        ("19", "Järvilaakson talous- ja velkaneuvonta"),
        ("20", "Nuorten työpiste Ohjaamo"),
    ):
        plan_item_add(
            actor=sanna,
            plan_version=version,
            item=PlannedService(
                service=Code.objects.get(code_set__oid=SERVICES, code=code), provider=provider
            ),
        )
    version.refresh_from_db()
    plan_agree(actor=sanna, plan_version=version, version=version.version)
    planned = plan_meeting_record(
        actor=sanna,
        relationship=relationship,
        held_on=made_on,
        plan_version=version,
        notes="Iida valitsi, että asunto haetaan ensin ja opiskelupaikka syksyllä.",
    )
    meeting_measure_record(
        actor=sanna,
        meeting=planned,
        instrument=instrument,
        answered_on=made_on,
        answered_by=AnsweredBy.TOGETHER,
        values=_ten([5, 5, 3, 6, 6, 4, 3, 6, 5, 5]),
    )
