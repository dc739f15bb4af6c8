from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from polku.core.models import Worker
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.measures.tests.conftest import record, ten
from polku.plans.models import PlanStatus, PlanVersion
from polku.plans.services import plan_create

pytestmark = pytest.mark.django_db
VALUES = ten(4, 3, 2, 4, 6, 3, 1, 3, 4, 3)
DAY = date(2026, 11, 2)


def test_it_records_an_answer_on_the_instrument_version(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    answer = record(social_worker, relationship, three_x_ten, DAY, VALUES, answered_by=AnsweredBy.WORKER)
    answer.refresh_from_db()
    assert answer.values == VALUES
    assert (answer.instrument, answer.answered_by, answer.recorded_by) == (
        three_x_ten,
        "worker",
        social_worker,
    )
    assert (answer.client_id, answer.organisation_id) == (
        relationship.client_id,
        relationship.organisation_id,
    )


def test_the_pair_worker_records_too(counsellor: Worker, relationship: Any, three_x_ten: Instrument) -> None:
    assert record(counsellor, relationship, three_x_ten, DAY, VALUES).recorded_by == counsellor


@pytest.mark.parametrize(("who", "refusal"), [("outsider", Http404), ("lead", PermissionDenied)])
def test_the_outsider_gets_404_and_the_lead_403_and_nothing_is_saved(
    request: Any, who: str, refusal: type[Exception], relationship: Any, three_x_ten: Instrument
) -> None:
    with pytest.raises(refusal):
        record(request.getfixturevalue(who), relationship, three_x_ten, DAY, VALUES)
    assert not MeasureAnswer.objects.exists()


def test_a_closed_relationship_takes_no_answers(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    relationship.closed_at = timezone.now()
    relationship.save()
    # Closing ends the worker's basis itself: the client is no longer theirs to see.
    with pytest.raises(Http404):
        record(social_worker, relationship, three_x_ten, DAY, VALUES)
    assert not MeasureAnswer.objects.exists()


@pytest.mark.parametrize(
    "values",
    [ten(11, 3, 2, 4, 6, 3, 1, 3, 4, 3), {"11": 4}, {}, {"1": "5"}],
    ids=["off", "unknown", "none", "text"],
)
def test_values_off_the_definition_are_refused(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument, values: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        record(social_worker, relationship, three_x_ten, DAY, values)
    assert not MeasureAnswer.objects.exists()


def test_a_date_in_the_future_and_an_instrument_no_longer_in_use_are_refused(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    with pytest.raises(ValidationError):
        record(social_worker, relationship, three_x_ten, timezone.localdate() + timedelta(days=1), VALUES)
    three_x_ten.active = False
    three_x_ten.save()
    with pytest.raises(ValidationError):
        record(social_worker, relationship, three_x_ten, DAY, VALUES)
    assert not MeasureAnswer.objects.exists()


def test_an_answer_ties_to_an_evaluation_of_the_relationships_plan_only(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
    first = plan.versions.get()
    with pytest.raises(ValidationError):
        record(social_worker, relationship, three_x_ten, DAY, VALUES, plan_version=first)
    PlanVersion.objects.filter(pk=first.pk).update(status=PlanStatus.AGREED)
    evaluation = PlanVersion.objects.create(plan=plan, number=2, author=social_worker)
    answer = record(social_worker, relationship, three_x_ten, DAY, VALUES, plan_version=evaluation)
    assert answer.plan_version == evaluation
