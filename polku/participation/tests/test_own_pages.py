"""What a signed-in client sees and does: only their own data, only what is meant for them;
everything they tick or write is recorded as theirs and shown to their worker apart from the
workers' texts."""

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from polku.access.models import AccessLogEntry
from polku.casework.models import ClientRelationship, JournalEntry
from polku.core.models import Worker
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.participation.models import ActionKind, ClientAction
from polku.participation.tests.conftest import make_plan
from polku.personas import signed_in
from polku.plans.models import PlanStatus, PlanVersion, Step

pytestmark = pytest.mark.django_db


def test_the_client_sees_the_agreed_plan_as_a_checklist_and_nothing_internal(
    client_http: HttpClient, agreed: PlanVersion, relationship: ClientRelationship, social_worker: Worker
) -> None:
    JournalEntry.objects.create(
        organisation_id=relationship.organisation_id,
        relationship=relationship,
        client_id=relationship.client_id,
        author=social_worker,
        text="SISÄINEN MUISTIINPANO",
    )
    home = client_http.get(reverse("own_home")).content.decode()
    assert "Hei, Äijä Eero" in home
    assert social_worker.get_full_name() in home
    assert "Katsomme suunnitelmaasi yhdessä" in home  # the evaluation date is a coming meeting
    page = client_http.get(reverse("own_plan", args=[agreed.plan_id])).content.decode()
    assert "Haluan pitää kotini." in page and "Soitan vuokranantajalle" in page
    assert "Merkitse tehdyksi" in page
    for internal in ("TYÖNTEKIJÄN SISÄINEN ARVIO", "SISÄINEN MUISTIINPANO"):
        assert internal not in home + page


def test_a_draft_is_not_the_clients_yet(
    client_http: HttpClient, agreed: PlanVersion, relationship: ClientRelationship, social_worker: Worker
) -> None:
    draft = make_plan(relationship, social_worker, status=PlanStatus.DRAFT, number=2)
    draft.goals.update(client_words="LUONNOKSEN TAVOITE")
    page = client_http.get(reverse("own_plan", args=[agreed.plan_id])).content.decode()
    assert "LUONNOKSEN TAVOITE" not in page and "Haluan pitää kotini." in page


def test_ticking_a_step_is_recorded_as_the_clients_and_shown_to_the_worker(
    client_http: HttpClient, agreed: PlanVersion, social_worker: Worker
) -> None:
    step = Step.objects.filter(goal__plan_version=agreed).first()
    assert step is not None
    response = client_http.post(reverse("own_step_tick", args=[step.pk]), {"done": "1"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done
    client_http.post(reverse("own_step_tick", args=[step.pk]), {"done": "0"})
    client_http.post(reverse("own_step_tick", args=[step.pk]), {"done": "1"})
    history = list(ClientAction.objects.filter(step=step).order_by("at", "pk").values_list("kind", flat=True))
    assert history == [ActionKind.STEP_DONE, ActionKind.STEP_UNDONE, ActionKind.STEP_DONE]
    plan_page = signed_in(social_worker).get(reverse("plan_detail", args=[agreed.plan_id])).content.decode()
    assert "asiakas merkitsi tehdyksi" in plan_page


def test_words_before_the_meeting_are_the_clients_own_with_history(
    client_http: HttpClient, agreed: PlanVersion, social_worker: Worker
) -> None:
    goal = agreed.goals.get()
    url = reverse("own_words", args=[agreed.plan_id])
    assert client_http.get(url).status_code == 200
    client_http.post(url, {"topics": "Vuokrarästit", f"goal_{goal.pk}": "Menee paremmin"})
    client_http.post(url, {"topics": "Vuokrarästit", f"goal_{goal.pk}": "Menee jo hyvin"})
    texts = list(ClientAction.objects.order_by("at", "pk").values_list("kind", "text"))
    assert texts == [
        (ActionKind.TOPICS, "Vuokrarästit"),
        (ActionKind.GOAL_VIEW, "Menee paremmin"),
        (ActionKind.GOAL_VIEW, "Menee jo hyvin"),
    ]
    assert "Menee jo hyvin" in client_http.get(url).content.decode()  # the form shows the latest
    plan_page = signed_in(social_worker).get(reverse("plan_detail", args=[agreed.plan_id])).content.decode()
    assert "Asiakkaan omat sanat ennen tapaamista" in plan_page
    assert "Menee jo hyvin" in plan_page and "Menee paremmin" not in plan_page
    too_long = client_http.post(url, {"topics": "x" * 4001})
    assert too_long.status_code == 400
    assert ClientAction.objects.count() == 3


def test_the_client_fills_in_3x10d_and_the_worker_sees_the_point(
    client_http: HttpClient, relationship: ClientRelationship, social_worker: Worker
) -> None:
    url = reverse("own_measure", args=["3x10d"])
    page = client_http.get(url).content.decode()
    assert "Kuinka tyytyväinen" in page or "tyytyväinen" in page
    refused = client_http.post(url, {})
    assert refused.status_code == 400
    assert not MeasureAnswer.objects.exists()
    client_http.post(url, {f"item_{n}": str(n - 1) for n in range(1, 11)})
    answer = MeasureAnswer.objects.get()
    assert answer.answered_by == AnsweredBy.CLIENT and answer.recorded_by is None
    assert answer.relationship == relationship and answer.values["10"] == 9
    measures = signed_in(social_worker).get(reverse("measures_page", args=[relationship.pk])).content.decode()
    assert "asiakas omilla sivuillaan" in measures


def test_the_worker_cannot_record_an_answer_as_the_clients_own(
    relationship: ClientRelationship, social_worker: Worker
) -> None:
    Instrument.objects.get(key="3x10d", version=1)
    url = reverse("measure_answer_new", args=[relationship.pk, "3x10d"])
    response = signed_in(social_worker).post(
        url, {"answered_on": "2026-11-01", "answered_by": AnsweredBy.CLIENT, "item_1": "5"}
    )
    assert response.status_code == 200
    assert not MeasureAnswer.objects.exists()


def test_the_access_report_in_plain_words_shows_who_and_why(
    client_http: HttpClient, relationship: ClientRelationship, social_worker: Worker, lead: Worker
) -> None:
    signed_in(social_worker).get(reverse("case_detail", args=[relationship.pk]))
    signed_in(lead).get(reverse("case_detail", args=[relationship.pk]))
    before = AccessLogEntry.objects.count()
    page = client_http.get(reverse("own_access_report")).content.decode()
    assert social_worker.get_full_name() in page and "Hän on omatyöntekijäsi." in page
    assert lead.get_full_name() in page and "Hän on sen tiimin esihenkilö" in page
    assert AccessLogEntry.objects.count() == before  # the client's own reading is not a worker's read


def test_a_client_never_reaches_another_clients_data(
    client_http: HttpClient, other_client: tuple[ClientRelationship, PlanVersion], social_worker: Worker
) -> None:
    _rel, theirs = other_client
    step = Step.objects.filter(goal__plan_version=theirs).first()
    assert step is not None
    assert client_http.get(reverse("own_plan", args=[theirs.plan_id])).status_code == 404
    assert client_http.get(reverse("own_words", args=[theirs.plan_id])).status_code == 404
    assert client_http.post(reverse("own_words", args=[theirs.plan_id]), {"topics": "x"}).status_code == 404
    assert client_http.post(reverse("own_step_tick", args=[step.pk]), {"done": "1"}).status_code == 404
    step.refresh_from_db()
    assert not step.done
    assert not ClientAction.objects.exists()
    report = client_http.get(reverse("own_access_report")).content.decode()
    assert "Toinen" not in report


def test_a_client_cannot_write_a_view_of_another_plans_goal(
    client_http: HttpClient, agreed: PlanVersion, other_client: tuple[ClientRelationship, PlanVersion]
) -> None:
    _rel, theirs = other_client
    their_goal = theirs.goals.get()
    response = client_http.post(
        reverse("own_words", args=[agreed.plan_id]), {"topics": "", f"goal_{their_goal.pk}": "x"}
    )
    # The form knows only this plan's goals: the foreign field is ignored, nothing is recorded.
    assert response.status_code == 302
    assert not ClientAction.objects.filter(goal=their_goal).exists()


def test_own_pages_keep_a_constant_number_of_queries(
    client_http: HttpClient,
    agreed: PlanVersion,
    relationship: ClientRelationship,
    social_worker: Worker,
    django_assert_max_num_queries: object,
) -> None:
    for _ in range(5):
        signed_in(social_worker).get(reverse("case_detail", args=[relationship.pk]))
    goal = agreed.goals.get()
    for n in range(8):
        Step.objects.create(goal=goal, what=f"Askel {n}", who="Minä")
    pages = [reverse("own_home"), reverse("own_plan", args=[agreed.plan_id]), reverse("own_access_report")]
    for url in pages:
        with django_assert_max_num_queries(14):  # type: ignore[operator]
            assert client_http.get(url).status_code == 200


def test_an_answer_during_an_evaluation_is_tied_to_it(
    client_http: HttpClient, agreed: PlanVersion, relationship: ClientRelationship, social_worker: Worker
) -> None:
    draft = make_plan(relationship, social_worker, status=PlanStatus.DRAFT, number=2)
    client_http.post(reverse("own_measure", args=["3x10d"]), {"item_10": "7"})
    assert MeasureAnswer.objects.get().plan_version == draft


def test_feedback_named_is_the_clients_and_anonymous_leaves_no_trace(
    client_http: HttpClient, relationship: ClientRelationship
) -> None:
    from polku.feedback.models import ClientFeedback

    url = reverse("own_feedback")
    assert client_http.get(url).status_code == 200
    empty = client_http.post(url, {"roses": " ", "thorns": "", "text": ""})
    assert empty.status_code == 400 and not ClientFeedback.objects.exists()
    client_http.post(url, {"roses": "Sanna kuuntelee.", "thorns": "", "text": ""})
    named = ClientFeedback.objects.get()
    assert named.client_id == relationship.client_id and named.relationship == relationship
    assert ClientAction.objects.filter(kind=ActionKind.FEEDBACK).count() == 1
    client_http.post(url, {"roses": "", "thorns": "Jonotus on pitkä.", "text": "", "anonymous": "on"})
    anonymous = ClientFeedback.objects.get(thorns="Jonotus on pitkä.")
    assert anonymous.client_id is None and anonymous.relationship_id is None and anonymous.given_at is None
    assert anonymous.team_id == relationship.team_id
    assert ClientAction.objects.filter(kind=ActionKind.FEEDBACK).count() == 1  # nothing new


def test_the_evaluation_shows_the_answers_given_for_it(
    client_http: HttpClient, agreed: PlanVersion, relationship: ClientRelationship, social_worker: Worker
) -> None:
    make_plan(relationship, social_worker, status=PlanStatus.DRAFT, number=2)
    client_http.post(reverse("own_measure", args=["3x10d"]), {"item_10": "7"})
    page = signed_in(social_worker).get(reverse("plan_detail", args=[agreed.plan_id])).content.decode()
    assert "Tähän arviointiin vastatut mittarit: 3X10D-mittari" in page
    assert "asiakas omilla sivuillaan" in page
