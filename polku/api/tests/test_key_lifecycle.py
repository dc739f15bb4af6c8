"""A key lasts API_TOKEN_DAYS and ends with the worker's access or a role without keys."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from polku.api.models import ApiToken, EndReason
from polku.api.tests.conftest import key_for, with_key
from polku.core.models import Role, Team, Worker, WorkerChange, WorkerEvent
from polku.core.services import worker_change_confirm, worker_change_request

pytestmark = pytest.mark.django_db


def test_a_key_expires_after_the_set_days(social_worker: Worker, settings: Any) -> None:
    settings.API_TOKEN_DAYS = 7
    key = key_for(social_worker)
    token = ApiToken.objects.get()
    assert timedelta(days=7) - (token.expires_at - token.created_at) == timedelta(0)
    assert (
        with_key(key).get("/api/me").json()["key_expires_at"].startswith(token.expires_at.date().isoformat())
    )
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert with_key(key).get("/api/me").status_code == 401


def test_ninety_days_by_default(social_worker: Worker) -> None:
    key_for(social_worker)
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(days=90)


def test_ending_the_workers_access_ends_every_key_for_good(
    social_worker: Worker, admin_worker: Worker, lead: Worker, team: Team
) -> None:
    keys = [key_for(social_worker, "Yksi"), key_for(social_worker, "Kaksi")]
    worker_change_request(
        actor=admin_worker,
        worker=social_worker,
        role=Role.SOCIAL_WORKER,
        teams=[team],
        email="",
        is_active=False,
    )
    assert set(ApiToken.objects.values_list("end_reason", flat=True)) == {EndReason.ACCESS_ENDED}
    event = WorkerEvent.objects.get(worker=social_worker, action=WorkerEvent.Action.DEACTIVATED)
    assert event.changes["api_keys"] == [2, 0]
    # Access given again (confirmed by the lead) does not bring the old keys back.
    change = worker_change_request(
        actor=admin_worker,
        worker=social_worker,
        role=Role.SOCIAL_WORKER,
        teams=[team],
        email="",
        is_active=True,
    )
    assert isinstance(change, WorkerChange)
    worker_change_confirm(actor=lead, change=change)
    social_worker.refresh_from_db()
    assert social_worker.is_active
    for key in keys:
        assert with_key(key).get("/api/me").status_code == 401


def test_an_inactive_workers_key_is_refused_whatever_path_ended_the_access(social_worker: Worker) -> None:
    key = key_for(social_worker)
    Worker.objects.filter(pk=social_worker.pk).update(is_active=False)
    assert with_key(key).get("/api/me").status_code == 401


def test_becoming_an_administrator_ends_the_keys(social_worker: Worker, admin_worker: Worker) -> None:
    key = key_for(social_worker)
    worker_change_request(
        actor=admin_worker, worker=social_worker, role=Role.ADMINISTRATOR, teams=[], email="", is_active=True
    )
    assert ApiToken.objects.get().end_reason == EndReason.ROLE_CHANGED
    assert with_key(key).get("/api/me").status_code == 401


def test_the_last_use_is_noted_at_most_hourly(social_worker: Worker) -> None:
    key = key_for(social_worker)
    http = with_key(key)
    http.get("/api/me")
    used = ApiToken.objects.get().last_used_at
    assert used is not None
    http.get("/api/me")
    assert ApiToken.objects.get().last_used_at == used
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(hours=2))
    http.get("/api/me")
    assert ApiToken.objects.get().last_used_at > used
