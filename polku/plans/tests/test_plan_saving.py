"""Saving the plan never lies: autosave answers with the new version and is no read; a
conflict redirects to a page that shows who saved and what was typed; a refused agreement
leaves the version; dates are sane; removing a goal asks first, and a step typed for a goal
removed meanwhile is shown, not lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from polku.access.models import AccessLogEntry
from polku.casework.models import ClientRelationship
from polku.core.models import ChangeRecord, Worker
from polku.personas import signed_in
from polku.plans.models import ClientPlan, Goal, PlanStatus, Step
from polku.plans.tests.test_plan import plan, plan_text, relationship, url

pytestmark = pytest.mark.django_db
__all__ = ["plan", "relationship"]  # fixtures shared with test_plan.py

AUTOSAVE = {"HTTP_X_POLKU_AUTOSAVE": "1"}


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def test_autosave_answers_with_the_new_version_and_is_not_a_read(
    counsellor: Worker, plan: ClientPlan
) -> None:
    http = signed_in(counsellor)
    first = plan.versions.get()
    reads = AccessLogEntry.objects.count()
    response = http.post(url("plan_save", plan), plan_text(first, situation="Kesken."), **AUTOSAVE)
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert AccessLogEntry.objects.count() == reads  # a write is not a read
    record = ChangeRecord.objects.get(model="plans.PlanVersion", action="update")
    assert (record.actor, record.changes["situation"]) == (counsellor, ["", "Kesken."])
    # The Save button with the version the autosave returned: no conflict, one more version.
    response = http.post(url("plan_save", plan), plan_text(first, situation="Valmis.", version="2"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.version, first.situation, plan.versions.count()) == (3, "Valmis.", 1)


def test_autosave_goes_through_the_same_gate_as_saving(
    counsellor: Worker,
    lead: Worker,
    outsider: Worker,
    guidance: Worker,
    admin_worker: Worker,
    plan: ClientPlan,
) -> None:
    first = plan.versions.get()
    data = plan_text(first, situation="Ei kuulu minulle.")
    history = ChangeRecord.objects.count()
    for worker, status in ((outsider, 404), (guidance, 404), (lead, 403), (admin_worker, 403)):
        response = signed_in(worker).post(url("plan_save", plan), data, **AUTOSAVE)
        assert response.status_code == status, worker
        assert AccessLogEntry.objects.filter(worker=worker).count() == 0, worker
    first.refresh_from_db()
    assert (first.version, first.situation) == (1, "")
    assert ChangeRecord.objects.count() == history


def test_a_stale_autosave_says_who_saved(
    counsellor: Worker, social_worker: Worker, relationship: ClientRelationship, plan: ClientPlan
) -> None:
    relationship.pair_worker = social_worker
    relationship.save()
    first = plan.versions.get()
    signed_in(social_worker).post(url("plan_save", plan), plan_text(first, situation="Työparin."))
    response = signed_in(counsellor).post(
        url("plan_save", plan), plan_text(first, situation="Oma."), **AUTOSAVE
    )
    assert response.status_code == 409
    assert response.json()["saved_by"] == "Sanna Salo"
    first.refresh_from_db()
    assert first.situation == "Työparin."


def test_a_refused_agreement_leaves_the_version(counsellor: Worker, plan: ClientPlan) -> None:
    http = signed_in(counsellor)
    first = plan.versions.get()
    http.post(url("plan_save", plan), plan_text(first))
    first.refresh_from_db()
    before = first.version
    response = http.post(url("plan_agree", plan), {"version": before}, follow=True, HTTP_ACCEPT_LANGUAGE="fi")
    assert "Asettakaa yhdessä asiakkaan kanssa ainakin yksi tavoite." in response.content.decode()
    first.refresh_from_db()
    assert (first.version, first.status) == (before, PlanStatus.DRAFT)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"made_on": day(1)}, "Suunnitelmaneuvottelun päivä ei voi olla tulevaisuudessa."),
        ({"made_on": day(-3), "next_review_on": day(-3)}, "Seuraavan arvioinnin pitää olla"),
        ({"made_on": day(-3), "next_review_on": day(-4)}, "Seuraavan arvioinnin pitää olla"),
    ],
)
def test_plan_dates_are_sane(
    counsellor: Worker, plan: ClientPlan, fields: dict[str, str], message: str
) -> None:
    first = plan.versions.get()
    data = plan_text(first, situation="Kirjoitettu teksti.", **fields)
    response = signed_in(counsellor).post(url("plan_save", plan), data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Kirjoitettu teksti." in html  # the form keeps what was typed
    first.refresh_from_db()
    assert (first.version, first.situation) == (1, "")
    assert signed_in(counsellor).post(url("plan_save", plan), data, **AUTOSAVE).status_code == 400


def test_a_plan_made_today_with_its_evaluation_tomorrow_is_fine(counsellor: Worker, plan: ClientPlan) -> None:
    data = plan_text(plan.versions.get(), made_on=day(0), next_review_on=day(1))
    assert signed_in(counsellor).post(url("plan_save", plan), data).status_code == 302


def test_a_step_is_not_due_before_the_plan_meeting(counsellor: Worker, plan: ClientPlan) -> None:
    http = signed_in(counsellor)
    http.post(url("plan_save", plan), plan_text(plan.versions.get(), made_on=day(-3)))
    http.post(url("plan_item_add", plan, "goal"), {"goal-client_words": "Haluan töihin.", "goal-scale": "1"})
    goal = Goal.objects.get()
    step = {f"step-{goal.pk}-what": "Soitan työkkäriin", f"step-{goal.pk}-who": "minä"}
    response = http.post(
        url("goal_part_add", plan, goal.pk, "step"),
        {**step, f"step-{goal.pk}-due_on": day(-4)},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Askeleen määräpäivä ei voi olla ennen suunnitelmaneuvottelua" in html
    assert 'value="Soitan työkkäriin"' in html
    assert not Step.objects.exists()
    response = http.post(
        url("goal_part_add", plan, goal.pk, "step"), {**step, f"step-{goal.pk}-due_on": day(-3)}
    )
    assert response.status_code == 302
    assert Step.objects.count() == 1


def test_removing_a_goal_asks_first(
    counsellor: Worker, lead: Worker, outsider: Worker, plan: ClientPlan
) -> None:
    http = signed_in(counsellor)
    http.post(url("plan_item_add", plan, "goal"), {"goal-client_words": "Haluan töihin.", "goal-scale": "1"})
    goal = Goal.objects.get()
    remove = url("plan_item_delete", plan, "goal", goal.pk)
    page = http.get(remove, HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    assert "Poistetaanko tavoite?" in page.content.decode() and "Haluan töihin." in page.content.decode()
    assert signed_in(outsider).get(remove).status_code == 404
    assert signed_in(lead).get(remove).status_code == 403
    assert signed_in(lead).post(remove, {"confirm": "1"}).status_code == 403
    assert http.post(remove).status_code == 200  # without the confirmation, only asked
    assert Goal.objects.exists()
    assert http.post(remove, {"confirm": "1"}).status_code == 302
    assert not Goal.objects.exists()
    record = ChangeRecord.objects.get(model="plans.Goal", action="delete")
    assert record.changes == {"item": ["Haluan töihin.", None]}


def test_a_step_typed_for_a_goal_removed_meanwhile_is_not_lost(
    counsellor: Worker, social_worker: Worker, relationship: ClientRelationship, plan: ClientPlan
) -> None:
    relationship.pair_worker = social_worker
    relationship.save()
    http = signed_in(counsellor)
    http.post(url("plan_item_add", plan, "goal"), {"goal-client_words": "Haluan töihin.", "goal-scale": "1"})
    goal = Goal.objects.get()
    signed_in(social_worker).post(url("plan_item_delete", plan, "goal", goal.pk), {"confirm": "1"})
    step = {f"step-{goal.pk}-what": "Soitan työkkärille maanantaina", f"step-{goal.pk}-who": "minä"}
    response = http.post(url("goal_part_add", plan, goal.pk, "step"), step)
    assert (response.status_code, response["Location"]) == (302, url("plan_detail", plan) + "#goals")
    html = http.get(url("plan_detail", plan), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Soitan työkkärille maanantaina" in html
    assert "Tavoite ”Haluan töihin.” poistettiin" in html and "Poistanut Sanna Salo" in html
    assert not Step.objects.exists()
    # A goal this plan never had is simply not found.
    assert http.post(url("goal_part_add", plan, 999999, "step"), step).status_code == 404


def test_text_typed_while_a_colleague_agreed_the_plan_is_shown(
    counsellor: Worker, social_worker: Worker, relationship: ClientRelationship, plan: ClientPlan
) -> None:
    relationship.pair_worker = social_worker
    relationship.save()
    first = plan.versions.get()
    PlanVersion = type(first)
    PlanVersion.objects.filter(pk=first.pk).update(status=PlanStatus.AGREED)  # as if agreed just now
    response = signed_in(counsellor).post(
        url("plan_save", plan), plan_text(first, situation="Kirjoitin tätä juuri."), HTTP_ACCEPT_LANGUAGE="fi"
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tämä suunnitelman versio sovittiin sillä välin, kun kirjoitit" in html
    assert "Kirjoitin tätä juuri." in html
