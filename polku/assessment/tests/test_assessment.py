"""The service needs assessment: started from the relationship, drafted, completed, added to."""

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, View
from polku.assessment.models import Addendum, Assessment, AssessmentStatus
from polku.casework.models import CaseStage, ClientRelationship
from polku.clients.models import Client
from polku.core.models import ChangeRecord, Team, Worker
from polku.intake.services import intake_assign
from polku.personas import forward, make_intake, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


def make_relationship(
    team, social_worker, counsellor, guidance, client, *, special: bool, responsible
) -> ClientRelationship:
    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client, guidance, description="Vuokrat maksamatta."), guidance)
    return intake_assign(
        actor=social_worker,
        intake=intake,
        complexity="high" if special else "low",
        resources="weak",
        note="",
        responsible=responsible,
    )


@pytest.fixture
def relationship(
    team: Team, social_worker: Worker, counsellor: Worker, guidance: Worker, client_of_team: Client
):
    return make_relationship(
        team, social_worker, counsellor, guidance, client_of_team, special=True, responsible=social_worker
    )


def started(http, relationship: ClientRelationship) -> Assessment:
    response = http.post(reverse("assessment_start", args=[relationship.pk]))
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment_detail", args=[assessment.pk])
    return assessment


def draft_data(assessment: Assessment, **fields: str) -> dict[str, str]:
    return {
        "version": str(assessment.version),
        "started_on": timezone.localdate().isoformat(),
        "client_view": "Haluan pitää asuntoni.",
        "summary": "Vuokrarästit ja päihteet; tarvitsee sosiaalityön tukea.",
        "special_support": "True",
        "special_support_reasons": "Useita samanaikaisia tarpeita.",
        "relationship_needed": "True",
        "own_worker_needed": "True",
        "plan_to_make": "True",
        "life_housing": "Vuokra-asunto, häätöuhka.",
        **fields,
    }


def test_starting_fills_in_what_is_known(social_worker: Worker, relationship: ClientRelationship) -> None:
    assessment = started(signed_in(social_worker), relationship)
    assert assessment.pending_since == timezone.localdate(relationship.intake.received_at)
    assert assessment.special_support is True  # from the quadrant
    assert assessment.own_worker == social_worker
    # Starting again opens the same draft.
    signed_in(social_worker).post(reverse("assessment_start", args=[relationship.pk]))
    assert Assessment.objects.count() == 1


def test_a_draft_is_saved_and_read_is_logged(social_worker: Worker, relationship: ClientRelationship) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    response = http.post(reverse("assessment_detail", args=[assessment.pk]), draft_data(assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.version, assessment.life_areas) == (2, {"housing": "Vuokra-asunto, häätöuhka."})
    assert assessment.status == AssessmentStatus.DRAFT
    http.get(reverse("assessment_detail", args=[assessment.pk]))
    assert AccessLogEntry.objects.filter(worker=social_worker, view=View.ASSESSMENT).exists()
    assert ChangeRecord.objects.filter(model="assessment.Assessment", action="update").exists()


def test_a_stale_save_is_refused_with_both_versions(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    relationship.pair_worker = counsellor
    relationship.save()
    assessment = started(signed_in(social_worker), relationship)
    mine = draft_data(assessment, summary="Minun yhteenvetoni.")
    theirs = draft_data(assessment, summary="Työparin yhteenveto.")
    assert (
        signed_in(counsellor).post(reverse("assessment_detail", args=[assessment.pk]), theirs).status_code
        == 302
    )
    http = signed_in(social_worker)
    url = reverse("assessment_detail", args=[assessment.pk])
    response = http.post(url, mine, HTTP_ACCEPT_LANGUAGE="fi")
    # Post/Redirect/Get: the page after a conflict is not left on the POST.
    assert (response.status_code, response["Location"]) == (302, url)
    response = http.get(url, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Työparin yhteenveto." in html and "Minun yhteenvetoni." in html
    assert "Tallentanut Olli Ojala" in html
    # What was typed is shown once, then forgotten by the server.
    assert "Minun yhteenvetoni." not in http.get(url).content.decode()
    assessment.refresh_from_db()
    assert assessment.summary == "Työparin yhteenveto."
    # Saving again from the conflict page replaces it knowingly.
    again = {**mine, "version": str(assessment.version)}
    assert (
        signed_in(social_worker).post(reverse("assessment_detail", args=[assessment.pk]), again).status_code
        == 302
    )
    assessment.refresh_from_db()
    assert assessment.summary == "Minun yhteenvetoni."


def test_completing_needs_the_mandatory_answers(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    data = draft_data(assessment, summary="", relationship_needed="")
    response = http.post(
        reverse("assessment_detail", args=[assessment.pk]),
        {**data, "complete": "1"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kirjoita yhteenveto tilanteesta ja palvelutarpeesta." in html
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT


def test_special_support_needs_a_social_worker_as_own_worker(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    data = {**draft_data(assessment, own_worker=str(counsellor.pk)), "complete": "1"}
    response = http.post(reverse("assessment_detail", args=[assessment.pk]), data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    html = response.content.decode()
    assert "omatyöntekijänsä on oltava sosiaalityöntekijä" in html
    assert "Useita samanaikaisia tarpeita." in html  # what was typed stays in the form
    before = assessment.version
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert (assessment.version, assessment.summary) == (before, "")  # a refusal saves nothing


def test_completing_moves_the_relationship_on_and_freezes_the_text(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    data = {**draft_data(assessment, own_worker=str(social_worker.pk)), "complete": "1"}
    assert http.post(reverse("assessment_detail", args=[assessment.pk]), data).status_code == 302
    assessment.refresh_from_db()
    relationship.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert relationship.stage == CaseStage.PLAN
    changed = {**draft_data(assessment, summary="Muutettu jälkikäteen.")}
    assert http.post(reverse("assessment_detail", args=[assessment.pk]), changed).status_code == 400
    assessment.refresh_from_db()
    assert assessment.summary.startswith("Vuokrarästit")
    http.post(reverse("assessment_addendum", args=[assessment.pk]), {"text": "Asiakas sai asunnon."})
    addendum = Addendum.objects.get()
    assert (addendum.assessment, addendum.author) == (assessment, social_worker)


def test_autosave_answers_in_json(social_worker: Worker, relationship: ClientRelationship) -> None:
    http = signed_in(social_worker)
    assessment = started(http, relationship)
    url = reverse("assessment_detail", args=[assessment.pk])
    response = http.post(url, draft_data(assessment), HTTP_X_POLKU_AUTOSAVE="1")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    stale = http.post(url, draft_data(assessment), HTTP_X_POLKU_AUTOSAVE="1")
    assert stale.status_code == 409


def test_who_may_see_and_write(
    social_worker: Worker,
    lead: Worker,
    outsider: Worker,
    admin_worker: Worker,
    guidance: Worker,
    relationship,
) -> None:
    assessment = started(signed_in(social_worker), relationship)
    url = reverse("assessment_detail", args=[assessment.pk])
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(guidance).get(url).status_code == 404
    assert signed_in(admin_worker).get(url).status_code == 403
    assert signed_in(lead).get(url).status_code == 200  # reads, as team lead
    assert signed_in(lead).post(url, draft_data(assessment)).status_code == 403
    assert signed_in(lead).post(reverse("assessment_start", args=[relationship.pk])).status_code == 403
