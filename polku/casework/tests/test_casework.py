"""After distribution: the need changes, pair work, consultations, escorted handovers and the
team's case meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.casework.models import CaseMeetingItem, ClientRelationship, Consultation, Handover
from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.intake.services import intake_assign
from polku.personas import forward, make_intake, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(
    team: Team, social_worker: Worker, counsellor: Worker, guidance: Worker, client_of_team: Client
) -> ClientRelationship:
    put_on_duty(team, social_worker, counsellor)
    intake = forward(make_intake(client_of_team, guidance), guidance)
    return intake_assign(
        actor=social_worker,
        intake=intake,
        complexity="high",
        resources="weak",
        note="Useita tarpeita.",
        responsible=social_worker,
    )


def url(name: str, relationship: ClientRelationship) -> str:
    return reverse(name, args=[relationship.pk])


def test_the_quadrant_is_re_assessed_with_history(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    response = signed_in(social_worker).post(
        url("case_quadrant", relationship),
        {"complexity": "low", "resources": "good", "note": "Tilanne helpottanut."},
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.quadrant == "low_good"
    assert [r.code for r in relationship.quadrant_ratings.all()] == ["low_good", "high_weak"]


def test_only_the_responsible_worker_re_assesses(lead: Worker, relationship: ClientRelationship) -> None:
    response = signed_in(lead).post(
        url("case_quadrant", relationship), {"complexity": "low", "resources": "good"}
    )
    assert response.status_code == 403


def test_a_consultation_gives_logged_time_limited_access(
    social_worker: Worker, org, other_team: Team, relationship: ClientRelationship, client_of_team: Client
) -> None:
    from polku.personas import make_worker

    colleague = make_worker(org, "pekka_peltonen", "social_worker", [other_team])
    detail = reverse("client_detail", args=[client_of_team.pk])
    assert signed_in(colleague).get(detail).status_code == 404
    response = signed_in(social_worker).post(
        url("case_consultation", relationship),
        {"consultant": colleague.pk, "question": "Mitä mieltä olet asumisesta?", "days": "3"},
    )
    assert response.status_code == 302
    http = signed_in(colleague)
    assert http.get(detail).status_code == 200
    assert AccessLogEntry.objects.filter(
        worker=colleague, client=client_of_team, basis=Basis.CONSULTATION
    ).exists()
    consultation = Consultation.objects.get()
    answer = http.post(
        reverse("consultation_answer", args=[consultation.pk]), {"answer": "Asumisneuvontaan."}
    )
    assert answer.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answer == "Asumisneuvontaan."
    # When the time is up, so is the access.
    Consultation.objects.filter(pk=consultation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert http.get(detail).status_code == 404
    assert http.get(reverse("consultation_answer", args=[consultation.pk])).status_code == 404


def test_a_consultation_longer_than_allowed_is_refused(
    social_worker: Worker, lead: Worker, relationship: ClientRelationship
) -> None:
    response = signed_in(social_worker).post(
        url("case_consultation", relationship), {"consultant": lead.pk, "question": "?", "days": "30"}
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_an_escorted_handover_changes_the_worker_only_when_accepted(
    social_worker: Worker, org, team: Team, relationship: ClientRelationship, client_of_team: Client
) -> None:
    from polku.personas import make_worker

    sami = make_worker(org, "sami_saarinen", "social_worker", [team])
    signed_in(social_worker).post(
        url("case_handover", relationship), {"to_worker": sami.pk, "note": "Asiakas muuttaa alueellesi."}
    )
    handover = Handover.objects.get()
    relationship.refresh_from_db()
    assert relationship.responsible_worker == social_worker
    http = signed_in(sami)
    assert http.get(reverse("client_detail", args=[client_of_team.pk])).status_code == 200
    assert http.get(reverse("my_clients")).context["handovers"] == [handover]
    declined = http.post(reverse("handover_answer", args=[handover.pk]), {"accept": "False"})
    assert declined.status_code == 200  # a reason is needed
    accepted = http.post(reverse("handover_answer", args=[handover.pk]), {"accept": "True"})
    assert accepted.status_code == 302
    relationship.refresh_from_db()
    assert relationship.responsible_worker == sami
    assert signed_in(social_worker).get(url("case_detail", relationship)).status_code == 404


def test_a_special_support_client_is_handed_only_to_a_social_worker(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    response = signed_in(social_worker).post(
        url("case_handover", relationship), {"to_worker": counsellor.pk, "note": "Siirto."}
    )
    assert response.status_code == 400
    assert not Handover.objects.exists()


def test_a_pair_worker_is_added(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship
) -> None:
    signed_in(social_worker).post(url("case_pair", relationship), {"pair": counsellor.pk})
    relationship.refresh_from_db()
    assert relationship.pair_worker == counsellor
    response = signed_in(counsellor).get(url("case_detail", relationship))
    assert response.context["basis"] == Basis.PAIR_WORKER


def test_the_case_meeting_gets_an_anonymised_summary(
    social_worker: Worker, counsellor: Worker, relationship: ClientRelationship, client_of_team: Client
) -> None:
    http = signed_in(social_worker)
    named = http.post(
        url("case_meeting_bring", relationship),
        {"summary": "Eero Mäkelä on velkaantunut.", "question": "Mitä tehdä?"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert named.status_code == 400
    assert not CaseMeetingItem.objects.exists()
    http.post(
        url("case_meeting_bring", relationship),
        {"summary": "Keski-ikäinen asiakas, velkoja ja asunto vaarassa.", "question": "Mitä tehdä?"},
    )
    item = CaseMeetingItem.objects.get()
    page = signed_in(counsellor).get(reverse("case_meeting"))
    html = page.content.decode()
    assert "velkoja ja asunto vaarassa" in html
    assert client_of_team.last_name not in html
    advice = signed_in(counsellor).post(
        reverse("case_meeting_advise", args=[item.pk]), {"advice": "Kokeile jalkautuvaa työtä."}
    )
    assert advice.status_code == 302
    item.refresh_from_db()
    assert (item.advice, item.advice_recorded_by) == ("Kokeile jalkautuvaa työtä.", counsellor)


def test_my_clients_query_count_is_constant(
    social_worker: Worker, relationship: ClientRelationship, django_assert_max_num_queries
) -> None:
    http = signed_in(social_worker)
    # 16: the access log's write includes two queries for its hash chain (access/models.py).
    with django_assert_max_num_queries(16):
        response = http.get(reverse("my_clients"))
    assert len(response.context["page"]) == 1
    assert AccessLogEntry.objects.filter(worker=social_worker, view=View.CASE_LIST).count() == 1


def test_every_case_url_gives_the_outsider_and_the_uninvolved_404(
    outsider: Worker, guidance: Worker, relationship: ClientRelationship
) -> None:
    for worker in (outsider, guidance):
        http = signed_in(worker)
        assert http.get(url("case_detail", relationship)).status_code == 404
        for name in (
            "case_quadrant",
            "case_pair",
            "case_consultation",
            "case_handover",
            "case_meeting_bring",
        ):
            assert http.post(url(name, relationship), {}).status_code == 404, name


def test_the_administrator_gets_403_on_casework(
    admin_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(admin_worker)
    for path in (reverse("my_clients"), reverse("case_meeting"), url("case_detail", relationship)):
        assert http.get(path).status_code == 403, path


def test_journal_entries_are_written_freely_and_no_shows_recorded(
    social_worker: Worker, relationship: ClientRelationship, client_of_team: Client
) -> None:
    from polku.casework.models import JournalEntry

    http = signed_in(social_worker)
    today = timezone.localdate().isoformat()
    response = http.post(
        url("case_journal", relationship),
        {
            "text": "Asiakas ei tullut sovittuun tapaamiseen.",
            "kind": "meeting",
            "happened_on": today,
            "no_show": "on",
        },
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.no_show, entry.author, entry.client) == (True, social_worker, client_of_team)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    refused = http.post(
        url("case_journal", relationship), {"text": "x", "kind": "phone", "happened_on": future}
    )
    assert refused.status_code == 400
    page = http.get(reverse("client_detail", args=[client_of_team.pk])).content.decode()
    assert "Asiakas ei tullut sovittuun tapaamiseen." in page


def test_ending_the_relationship_needs_reason_and_guidance(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    http = signed_in(social_worker)
    assert http.post(url("case_close", relationship), {"reason": "Tavoitteet saavutettu."}).status_code == 400
    response = http.post(
        url("case_close", relationship),
        {"reason": "Tavoitteet saavutettu.", "guidance": "Ohjattu järjestön vertaisryhmään."},
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert relationship.closed_at is not None
    assert relationship.closing_guidance == "Ohjattu järjestön vertaisryhmään."
    assert list(signed_in(social_worker).get(reverse("my_clients")).context["page"]) == []


def test_my_list_shows_the_next_evaluation_and_late_steps(
    social_worker: Worker, relationship: ClientRelationship
) -> None:
    from polku.plans.models import Goal, PlanVersion, Step
    from polku.plans.services import plan_create

    plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
    version = PlanVersion.objects.get(plan=plan)
    version.next_review_on = timezone.localdate() - timedelta(days=1)
    version.save()
    goal = Goal.objects.create(plan_version=version, client_words="Haluan kodin.")
    Step.objects.create(goal=goal, what="Soitan", who="minä", due_on=timezone.localdate() - timedelta(days=2))
    Step.objects.create(goal=goal, what="Käyn", who="minä", due_on=timezone.localdate() + timedelta(days=2))
    row = signed_in(social_worker).get(reverse("my_clients")).context["page"][0]
    assert (row.overdue_steps, row.review_overdue) == (1, True)
