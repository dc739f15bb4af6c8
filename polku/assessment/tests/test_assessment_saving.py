"""Saving the assessment never lies: an autosave answers with the new version and is no read;
a refused completion leaves the version as it was; dates are sane; the own-worker rule of
SHL 42 § is told when the draft is saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry
from polku.assessment.models import Assessment, AssessmentStatus
from polku.assessment.tests.test_assessment import draft_data, relationship, started
from polku.casework.models import ClientRelationship
from polku.core.models import ChangeRecord, Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db
__all__ = ["relationship"]  # the fixture, shared with test_assessment.py

AUTOSAVE = {"HTTP_X_POLKU_AUTOSAVE": "1"}
OWN_WORKER_RULE = "omatyöntekijänsä on oltava sosiaalityöntekijä"


def detail(assessment: Assessment) -> str:
    return reverse("assessment_detail", args=[assessment.pk])


def test_autosave_answers_with_the_new_version_and_is_not_a_read(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    reads = AccessLogEntry.objects.count()
    response = http.post(detail(assessment), draft_data(assessment, summary="Kesken."), **AUTOSAVE)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert AccessLogEntry.objects.count() == reads  # a write is not a read
    record = ChangeRecord.objects.get(model="assessment.Assessment", action="update")
    assert (record.actor, record.changes["summary"]) == (social_worker, ["", "Kesken."])
    # The Save button, with the version the autosave returned, is no conflict.
    again = draft_data(assessment, summary="Valmis teksti.", version="2")
    assert http.post(detail(assessment), again).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.version, assessment.summary) == (3, "Valmis teksti.")


def test_a_stale_autosave_says_who_saved_and_changes_nothing(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    relationship.pair_worker = counsellor
    relationship.save()
    assessment = started(signed_in(social_worker), relationship)
    signed_in(counsellor).post(detail(assessment), draft_data(assessment, summary="Työparin."))
    response = signed_in(social_worker).post(
        detail(assessment), draft_data(assessment, summary="Oma."), **AUTOSAVE
    )
    assert response.status_code == 409
    assert response.json()["saved_by"] == "Olli Ojala"
    assessment.refresh_from_db()
    assert (assessment.version, assessment.summary) == (2, "Työparin.")


def test_autosave_goes_through_the_same_gate_as_saving(
    social_worker: Worker,
    lead: Worker,
    outsider: Worker,
    guidance: Worker,
    admin_worker: Worker,
    relationship: ClientRelationship,
) -> None:
    assessment = started(signed_in(social_worker), relationship)
    data = draft_data(assessment, summary="Ei kuulu minulle.")
    history = ChangeRecord.objects.count()
    for worker, status in ((outsider, 404), (guidance, 404), (lead, 403), (admin_worker, 403)):
        response = signed_in(worker).post(detail(assessment), data, **AUTOSAVE)
        assert response.status_code == status, worker
        assert AccessLogEntry.objects.filter(worker=worker).count() == 0, worker
    assessment.refresh_from_db()
    assert (assessment.version, assessment.summary) == (1, "")
    assert ChangeRecord.objects.count() == history


def test_a_refused_completion_leaves_the_version_and_the_corrected_one_completes(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    # A social counsellor as own worker of a client with a special support need (SHL 42 §).
    refused = {**draft_data(assessment, own_worker=str(counsellor.pk)), "complete": "1"}
    response = http.post(detail(assessment), refused, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert OWN_WORKER_RULE in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.version, assessment.status) == (1, AssessmentStatus.DRAFT)
    # A missing field: refused too, and still version 1.
    missing = {**draft_data(assessment, summary="", own_worker=str(social_worker.pk)), "complete": "1"}
    assert http.post(detail(assessment), missing).status_code == 400
    assessment.refresh_from_db()
    assert assessment.version == 1
    corrected = {**draft_data(assessment, own_worker=str(social_worker.pk)), "complete": "1"}
    assert http.post(detail(assessment), corrected).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED


def test_a_draft_save_warns_of_the_own_worker_rule_without_refusing(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    data = draft_data(assessment, own_worker=str(counsellor.pk))
    response = http.post(detail(assessment), data, follow=True, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert "Luonnos on tallennettu." in html and OWN_WORKER_RULE in html
    assessment.refresh_from_db()
    assert (assessment.version, assessment.own_worker) == (2, counsellor)
    autosaved = http.post(detail(assessment), {**data, "version": "2"}, HTTP_ACCEPT_LANGUAGE="fi", **AUTOSAVE)
    assert OWN_WORKER_RULE in autosaved.json()["warnings"][0]
    fine = http.post(
        detail(assessment), {**data, "version": "3", "own_worker": str(social_worker.pk)}, follow=True
    )
    assert OWN_WORKER_RULE not in fine.content.decode()


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "Arviointi ei voi alkaa tulevaisuudessa."),
        (None, "Arviointi ei voi alkaa ennen kuin asia tuli vireille"),
    ],
)
def test_the_start_date_is_neither_in_the_future_nor_before_the_intake(
    social_worker: Worker, relationship: ClientRelationship, days: int | None, message: str
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    assert assessment.pending_since is not None
    day = (
        timezone.localdate() + timedelta(days=days) if days else assessment.pending_since - timedelta(days=1)
    )
    data = draft_data(assessment, started_on=day.isoformat(), summary="Kirjoitettu teksti.")
    response = http.post(detail(assessment), data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Kirjoitettu teksti." in html and day.isoformat() in html  # the form keeps what was typed
    assessment.refresh_from_db()
    assert (assessment.version, assessment.summary) == (1, "")
    # The same rule for an autosave.
    assert http.post(detail(assessment), data, **AUTOSAVE).status_code == 400


def test_the_start_date_may_be_the_intakes_day_or_today(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    assert assessment.pending_since is not None
    data = draft_data(assessment, started_on=assessment.pending_since.isoformat())
    assert http.post(detail(assessment), data).status_code == 302


def test_text_typed_while_a_colleague_completed_the_assessment_is_shown(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.COMPLETED)
    data = draft_data(assessment, summary="Kirjoitin tätä juuri.")
    response = http.post(detail(assessment), data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Arviointi merkittiin valmiiksi sillä välin, kun kirjoitit" in html
    assert "Kirjoitin tätä juuri." in html
