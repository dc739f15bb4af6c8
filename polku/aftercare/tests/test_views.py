"""The aftercare pages: the process on the case page, a page per stage with its form, 3X10D
at each stage; who sees what, the read logged once, refusals in Finnish with what was typed
kept, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, View
from polku.aftercare.models import AftercareMeeting, ServiceFollowUp, Stage
from polku.aftercare.tests.conftest import agreed_plan, all_delivered, days_ago, plan_meeting, prepare
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.core.models import Worker
from polku.measures.models import MeasureAnswer
from polku.personas import make_intake, signed_in
from polku.plans.models import ClientPlan, PlanType

pytestmark = pytest.mark.django_db


def stage_url(case: ClientRelationship, stage: str) -> str:
    return reverse("aftercare_stage", args=[case.pk, stage])


def measure_url(case: ClientRelationship, stage: str) -> str:
    return reverse("aftercare_measure", args=[case.pk, stage])


PREPARATION_FORM = {
    "held_on": days_ago(7).isoformat(),
    "mode": "hybrid",
    "place": "Nuorisotalo Nuppu",
    "invited": "Iida\nSanna",
    "peer_invited": "on",
    "rights_info_on": days_ago(7).isoformat(),
    "rights_info_how": "paperilla tapaamisessa",
    "wishes": "Oma asunto ja opiskelupaikka.",
}


def test_the_case_page_guides_through_the_three_stages(
    case: ClientRelationship, social_worker: Worker
) -> None:
    http = signed_in(social_worker)
    page = http.get(reverse("case_detail", args=[case.pk]))
    steps = page.context["aftercare"]
    assert [s.key for s in steps] == ["preparation", "plan", "follow_up"]
    assert steps[0].current and steps[0].link == stage_url(case, "preparation")
    assert not steps[1].link and not steps[2].link
    html = page.content.decode()
    assert "Jälkihuollon tapaamiset" in html and "Kirjaa valmisteleva tapaaminen" in html

    prepare(case, social_worker, days_ago(7))
    agreed_plan(case, days_ago(3))
    steps = http.get(reverse("case_detail", args=[case.pk])).context["aftercare"]
    assert steps[0].done and "3X10D:tä ei ole vielä täytetty" in steps[0].detail
    assert steps[1].current and steps[1].link == stage_url(case, "plan")
    assert steps[1].detail == "Jälkihuoltosuunnitelma on hyväksytty: kirjaa palaveri"


def test_an_ordinary_relationship_has_no_aftercare_pages(
    case: ClientRelationship, social_worker: Worker
) -> None:
    ClientRelationship.objects.filter(pk=case.pk).update(kind=RelationshipKind.ORDINARY)
    http = signed_in(social_worker)
    page = http.get(reverse("case_detail", args=[case.pk]))
    assert page.context["aftercare"] == []
    assert "Jälkihuollon tapaamiset" not in page.content.decode()
    assert http.get(stage_url(case, "preparation")).status_code == 404
    assert http.post(stage_url(case, "preparation"), PREPARATION_FORM).status_code == 404
    assert http.get(measure_url(case, "preparation")).status_code == 404
    assert not AftercareMeeting.objects.exists()


def test_the_worker_records_the_preparation_meeting(case: ClientRelationship, social_worker: Worker) -> None:
    http = signed_in(social_worker)
    page = http.get(stage_url(case, "preparation"))
    assert page.status_code == 200 and page.context["show_form"]
    response = http.post(stage_url(case, "preparation"), PREPARATION_FORM)
    assert response.status_code == 302 and response["Location"] == stage_url(case, "preparation")
    meeting = AftercareMeeting.objects.get()
    assert (meeting.mode, meeting.peer_invited, meeting.rights_info_on) == ("hybrid", True, days_ago(7))
    html = http.get(stage_url(case, "preparation")).content.decode()
    assert "Nuorisotalo Nuppu" in html and "Täytä 3X10D" in html


def test_a_refused_meeting_says_why_in_finnish_and_keeps_what_was_typed(
    case: ClientRelationship, social_worker: Worker
) -> None:
    http = signed_in(social_worker)
    future = {**PREPARATION_FORM, "held_on": (timezone.localdate() + timedelta(days=3)).isoformat()}
    response = http.post(stage_url(case, "preparation"), future)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tapaaminen ei voi olla tulevaisuudessa" in html
    assert "Oma asunto ja opiskelupaikka." in html and "paperilla tapaamisessa" in html
    missing = http.post(stage_url(case, "preparation"), {**PREPARATION_FORM, "wishes": ""})
    assert "Kirjaa nuoren toiveet." in missing.content.decode()
    assert not AftercareMeeting.objects.exists()


def test_a_later_stage_before_the_earlier_one_is_explained_and_refused(
    case: ClientRelationship, social_worker: Worker
) -> None:
    http = signed_in(social_worker)
    page = http.get(stage_url(case, "plan"))
    assert page.status_code == 200 and not page.context["show_form"]
    assert "Kirjaa ensin valmisteleva tapaaminen" in page.content.decode()
    version = agreed_plan(case, days_ago(2))
    response = http.post(
        stage_url(case, "plan"),
        {"held_on": days_ago(2).isoformat(), "plan_version": version.pk, "notes": "Hyvä."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kirjaa ensin valmisteleva tapaaminen: suunnitelmapalaveri pidetään sen jälkeen." in html
    assert "Hyvä." in html
    assert not AftercareMeeting.objects.exists()


def test_the_plan_stage_makes_the_aftercare_plan_with_the_plans_app(
    case: ClientRelationship, social_worker: Worker
) -> None:
    prepare(case, social_worker, days_ago(7))
    http = signed_in(social_worker)
    html = http.get(stage_url(case, "plan")).content.decode()
    assert "Tee jälkihuoltosuunnitelma" in html and reverse("plan_create", args=[case.pk]) in html
    response = http.post(reverse("plan_create", args=[case.pk]), {"plan_type": "aftercare"})
    plan = ClientPlan.objects.get(relationship=case)
    assert plan.plan_type == PlanType.AFTERCARE and response["Location"] == reverse(
        "plan_detail", args=[plan.pk]
    )
    assert "Jatka jälkihuoltosuunnitelmaa" in http.get(stage_url(case, "plan")).content.decode()


def test_the_plan_and_follow_up_meetings_are_recorded_on_their_pages(
    case: ClientRelationship, social_worker: Worker
) -> None:
    prepare(case, social_worker, days_ago(30))
    version = agreed_plan(case, days_ago(20), services_count=2)
    http = signed_in(social_worker)
    form = http.get(stage_url(case, "plan")).context["form"]
    assert form["held_on"].value() == days_ago(20) and form["plan_version"].value() == version.pk
    response = http.post(
        stage_url(case, "plan"), {"held_on": days_ago(20).isoformat(), "plan_version": version.pk}
    )
    assert response.status_code == 302
    first, second = version.services.all()
    data = {
        "held_on": days_ago(1).isoformat(),
        f"delivery_{first.pk}": "delivered",
        f"delivery_{second.pk}": "not_delivered",
        f"next_{second.pk}": "",
    }
    refused = http.post(stage_url(case, "follow_up"), data)
    assert refused.status_code == 400
    assert "Kirjaa, miten palvelun kanssa jatketaan." in refused.content.decode()
    data[f"next_{second.pk}"] = "Haetaan syksyllä uudelleen."
    assert http.post(stage_url(case, "follow_up"), data).status_code == 302
    assert ServiceFollowUp.objects.count() == 2
    html = http.get(stage_url(case, "follow_up")).content.decode()
    assert "Haetaan syksyllä uudelleen." in html and "Ei toteutunut" in html


def test_3x10d_is_filled_in_at_a_stage_dated_by_its_meeting(
    case: ClientRelationship, social_worker: Worker
) -> None:
    meeting = prepare(case, social_worker, days_ago(7))
    http = signed_in(social_worker)
    page = http.get(measure_url(case, "preparation"))
    assert page.status_code == 200
    assert page.context["form"]["answered_on"].value() == days_ago(7)
    assert "Valmisteleva tapaaminen" in page.content.decode()
    data = {"answered_on": days_ago(7).isoformat(), "answered_by": "together", "item_1": "4", "item_10": "6"}
    response = http.post(measure_url(case, "preparation"), data)
    assert response.status_code == 302 and response["Location"] == stage_url(case, "preparation")
    meeting.refresh_from_db()
    assert meeting.measure_answer == MeasureAnswer.objects.get()
    assert "Täytetty" in http.get(stage_url(case, "preparation")).content.decode()
    # A second time: back to the stage, nothing recorded.
    again = http.post(measure_url(case, "preparation"), data)
    assert again.status_code == 302 and MeasureAnswer.objects.count() == 1
    # A stage not yet recorded has nothing to fill in at.
    assert http.get(measure_url(case, "plan")).status_code == 404


def test_who_may_see_and_who_may_record(
    case: ClientRelationship,
    social_worker: Worker,
    lead: Worker,
    counsellor: Worker,
    guidance: Worker,
    outsider: Worker,
) -> None:
    prepare(case, social_worker, days_ago(7))
    make_intake(case.client, guidance)
    # The lead reads the record: the stage, without a form; she cannot record.
    http = signed_in(lead)
    page = http.get(stage_url(case, "preparation"))
    assert page.status_code == 200 and "Täytä 3X10D" not in page.content.decode()
    assert not http.get(stage_url(case, "plan")).context["show_form"]
    assert http.post(stage_url(case, "plan"), {"held_on": days_ago(1).isoformat()}).status_code == 403
    assert http.get(measure_url(case, "preparation")).status_code == 403
    # Guidance of an intake: the basics and the intake, not the record.
    assert signed_in(guidance).get(stage_url(case, "preparation")).status_code == 403
    assert signed_in(guidance).post(stage_url(case, "plan"), {}).status_code == 403
    # No basis: the counsellor of the team who does not work with Iida, and the outsider.
    for worker in (counsellor, outsider):
        http = signed_in(worker)
        for url in (
            stage_url(case, "preparation"),
            stage_url(case, "plan"),
            measure_url(case, "preparation"),
        ):
            assert http.get(url).status_code == 404, url
            assert http.post(url, PREPARATION_FORM).status_code == 404, url
    assert AftercareMeeting.objects.count() == 1 and not MeasureAnswer.objects.exists()


def test_an_unknown_stage_is_404(case: ClientRelationship, social_worker: Worker) -> None:
    http = signed_in(social_worker)
    assert http.get(stage_url(case, "guidance")).status_code == 404
    assert http.get(measure_url(case, "x" * 300)).status_code == 404


def test_the_stage_page_is_logged_once_as_aftercare(case: ClientRelationship, social_worker: Worker) -> None:
    http = signed_in(social_worker)
    http.get(stage_url(case, "preparation"))
    http.post(stage_url(case, "preparation"), {**PREPARATION_FORM, "wishes": ""})
    entries = AccessLogEntry.objects.filter(worker_id=social_worker.pk, client_id=case.client_id)
    assert list(entries.values_list("view", flat=True)) == [View.AFTERCARE, View.AFTERCARE]


def test_bad_input_is_refused_not_a_500(case: ClientRelationship, social_worker: Worker) -> None:
    http = signed_in(social_worker)
    prepare(case, social_worker, days_ago(30))
    version = agreed_plan(case, days_ago(20))
    for bad in ("99999999999999999999", "abc", "-1"):
        response = http.post(
            stage_url(case, "plan"), {"held_on": days_ago(2).isoformat(), "plan_version": bad}
        )
        assert response.status_code == 400
    for day in ("0001-01-01", "9999-12-31", "2026-02-30"):
        response = http.post(stage_url(case, "preparation"), {**PREPARATION_FORM, "held_on": day})
        assert response.status_code == 400
    plan_meeting(case, social_worker, days_ago(20), plan_version=version)
    first = version.services.first()
    response = http.post(
        stage_url(case, "follow_up"),
        {"held_on": days_ago(1).isoformat(), f"delivery_{first.pk}": "x" * 10_000, "notes": "a\x00b"},
    )
    assert response.status_code == 400
    assert AftercareMeeting.objects.count() == 2


def _queries(http: object, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(queries)


def test_the_pages_take_a_constant_number_of_queries(case: ClientRelationship, social_worker: Worker) -> None:
    http = signed_in(social_worker)
    prepare(case, social_worker, days_ago(30))
    few = agreed_plan(case, days_ago(20), services_count=1)
    plan_meeting(case, social_worker, days_ago(20), plan_version=few)
    follow_up = stage_url(case, "follow_up")
    case_page = reverse("case_detail", args=[case.pk])
    _queries(http, follow_up)
    _queries(http, case_page)  # the first opening marks the new client seen
    form_with_one = _queries(http, follow_up)
    AftercareMeeting.objects.filter(stage=Stage.PLAN).delete()
    many = agreed_plan(case, days_ago(20), services_count=6)
    plan_meeting(case, social_worker, days_ago(20), plan_version=many)
    assert _queries(http, follow_up) == form_with_one
    from polku.aftercare import services

    services.follow_up_record(
        actor=social_worker, relationship=case, held_on=days_ago(1), deliveries=all_delivered(many)
    )
    recorded = _queries(http, follow_up)
    case_queries = _queries(http, case_page)
    ServiceFollowUp.objects.all().delete()
    AftercareMeeting.objects.filter(stage=Stage.FOLLOW_UP).delete()
    AftercareMeeting.objects.filter(stage=Stage.PLAN).delete()
    plan_meeting(case, social_worker, days_ago(20), plan_version=few)
    services.follow_up_record(
        actor=social_worker, relationship=case, held_on=days_ago(1), deliveries=all_delivered(few)
    )
    assert _queries(http, follow_up) == recorded
    assert _queries(http, case_page) == case_queries
