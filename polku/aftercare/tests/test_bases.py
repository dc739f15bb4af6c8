"""Every basis × every aftercare write and read, on the capability walk's world (one client,
one worker per basis): allowed exactly as the table says, refused otherwise, and a refused
write changes nothing — asked of the services and of the routes."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import resolve, reverse

from polku.access.capabilities import Capability
from polku.access.models import AccessLogEntry
from polku.access.tests.test_capabilities import PERSONAS, World, allowed, in_savepoint
from polku.access.tests.test_capabilities import world as world  # a fixture
from polku.aftercare import services
from polku.aftercare.models import AftercareMeeting, ServiceFollowUp, Stage
from polku.aftercare.tests.conftest import PREPARATION, agreed_plan, all_delivered, days_ago
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.core.models import ChangeRecord, Worker
from polku.measures.models import Instrument, MeasureAnswer
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def fingerprint() -> list[list[dict[str, Any]]]:
    models = [AftercareMeeting, ServiceFollowUp, MeasureAnswer, ChangeRecord]
    return [list(model.objects.order_by("pk").values()) for model in models]  # type: ignore[attr-defined]


def _aftercare(w: World) -> None:
    ClientRelationship.objects.filter(pk=w.relationship.pk).update(kind=RelationshipKind.AFTERCARE)
    w.relationship.refresh_from_db()


def _prepared(w: World) -> None:
    _aftercare(w)
    services.preparation_record(
        actor=w.people["responsible"], relationship=w.relationship, held_on=days_ago(30), data=PREPARATION
    )
    w.extra["aftercare_plan"] = agreed_plan(w.relationship, days_ago(20))


def _planned(w: World) -> None:
    _prepared(w)
    services.plan_meeting_record(
        actor=w.people["responsible"],
        relationship=w.relationship,
        held_on=days_ago(20),
        plan_version=w.extra["aftercare_plan"],
    )


def _follow_up_form(w: World) -> dict[str, str]:
    data = {"held_on": days_ago(1).isoformat()}
    for service in w.extra["aftercare_plan"].services.all():
        data[f"delivery_{service.pk}"] = "delivered"
    return data


def _preparation_form(w: World) -> dict[str, str]:
    return {**PREPARATION, "held_on": days_ago(30).isoformat(), "peer_invited": "", "rights_info_on": ""}


WRITES: list[
    tuple[str, Callable[[World], None], Callable[[World, Worker], Any], str, Callable[[World], dict]]
] = [
    (
        "preparation",
        _aftercare,
        lambda w, a: services.preparation_record(
            actor=a, relationship=w.relationship, held_on=days_ago(30), data=PREPARATION
        ),
        "preparation",
        _preparation_form,
    ),
    (
        "plan",
        _prepared,
        lambda w, a: services.plan_meeting_record(
            actor=a, relationship=w.relationship, held_on=days_ago(20), plan_version=w.extra["aftercare_plan"]
        ),
        "plan",
        lambda w: {"held_on": days_ago(20).isoformat(), "plan_version": str(w.extra["aftercare_plan"].pk)},
    ),
    (
        "follow_up",
        _planned,
        lambda w, a: services.follow_up_record(
            actor=a,
            relationship=w.relationship,
            held_on=days_ago(1),
            deliveries=all_delivered(w.extra["aftercare_plan"]),
        ),
        "follow_up",
        _follow_up_form,
    ),
    (
        "measure",
        _prepared,
        lambda w, a: services.meeting_measure_record(
            actor=a,
            meeting=AftercareMeeting.objects.get(relationship=w.relationship, stage=Stage.PREPARATION),
            instrument=Instrument.objects.get(key="3x10d", version=1),
            answered_on=days_ago(30),
            answered_by="together",
            values={"1": 5},
        ),
        "preparation/3x10d",
        lambda w: {"answered_on": days_ago(30).isoformat(), "answered_by": "together", "item_1": "5"},
    ),
]


def _url(w: World, path: str) -> str:
    return f"{reverse('case_detail', args=[w.relationship.pk])}aftercare/{path}/"


@pytest.mark.parametrize("write", WRITES, ids=[w[0] for w in WRITES])
def test_every_basis_against_the_service_and_the_route(world: World, write: tuple) -> None:
    _name, prepare, service, path, data = write
    for persona, worker in world.people.items():

        def check(persona: str = persona, worker: Worker = worker) -> None:
            prepare(world)
            before = fingerprint()
            if allowed(persona, Capability.WRITE_DOCUMENTS):
                service(world, worker)
                assert fingerprint() != before, persona
            else:
                with pytest.raises((PermissionDenied, Http404)):
                    service(world, worker)
                assert fingerprint() == before, f"{persona}: a refused write changed data"

        def check_route(persona: str = persona, worker: Worker = worker) -> None:
            prepare(world)
            before = fingerprint()
            url = _url(world, path)
            response = signed_in(worker).post(url, data(world))
            if allowed(persona, Capability.WRITE_DOCUMENTS):
                assert response.status_code == 302, f"{persona}: {response.status_code}"
                assert fingerprint() != before, persona
            else:
                rule = resolve(url).func.access_rule  # type: ignore[attr-defined]
                wrong_role = worker.role not in rule[6:].split(",")
                expected = (403,) if wrong_role else (404,) if PERSONAS[persona] is None else (403, 404)
                assert response.status_code in expected, f"{persona}: {response.status_code}"
                assert fingerprint() == before, f"{persona}: a refused write changed data"

        in_savepoint(world, check)
        in_savepoint(world, check_route)


def test_every_basis_reads_the_stages_as_its_capabilities_cover(world: World) -> None:
    _aftercare(world)
    for persona, worker in world.people.items():
        for stage in Stage.values:
            url = _url(world, stage)
            logged = AccessLogEntry.objects.filter(worker_id=worker.pk).count()
            status = signed_in(worker).get(url).status_code
            rule = resolve(url).func.access_rule  # type: ignore[attr-defined]
            wrong_role = worker.role not in rule[6:].split(",")
            expected = (
                403
                if wrong_role
                else 200
                if allowed(persona, Capability.READ_RECORD)
                else 404
                if PERSONAS[persona] is None
                else 403
            )
            assert status == expected, f"{stage} as {persona}: {status}"
            read = AccessLogEntry.objects.filter(worker_id=worker.pk).count() - logged
            assert read == (1 if expected == 200 else 0), f"{stage} as {persona}: {read} log rows"
