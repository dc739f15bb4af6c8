from datetime import date
from typing import Any

import pytest

from polku.clients.models import Client
from polku.core.models import Worker
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.measures.services import answer_record
from polku.personas import make_relationship


@pytest.fixture
def relationship(client_of_team: Client, social_worker: Worker, counsellor: Worker) -> Any:
    return make_relationship(client_of_team, social_worker, pair=counsellor)


@pytest.fixture
def three_x_ten(org: Any) -> Instrument:
    return Instrument.objects.get(key="3x10d", version=1)


def ten(*values: int) -> dict[str, int]:
    return {str(n): v for n, v in enumerate(values, start=1)}


def record(
    worker: Worker, relationship: Any, instrument: Instrument, on: date, values: dict[str, int], **extra: Any
) -> MeasureAnswer:
    return answer_record(
        actor=worker,
        relationship=relationship,
        instrument=instrument,
        answered_on=on,
        answered_by=extra.pop("answered_by", AnsweredBy.TOGETHER),
        values=values,
        **extra,
    )
