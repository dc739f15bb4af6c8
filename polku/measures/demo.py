"""3X10D answers for the demo's open client relationships, recorded through the service:
three times with the client and once as the worker's rating, so the charts show change and
both raters. Loaded once (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from polku.casework.models import ClientRelationship
from polku.core.models import Organisation
from polku.measures.models import AnsweredBy, MeasureAnswer
from polku.measures.selectors import instruments_in_use
from polku.measures.services import answer_record

# (days ago, who, the ten items)
ANSWERS = [
    (120, AnsweredBy.TOGETHER, [4, 3, 2, 4, 6, 3, 1, 3, 4, 3]),
    (120, AnsweredBy.WORKER, [5, 4, 2, 3, 6, 4, 2, 4, 4, 4]),
    (60, AnsweredBy.TOGETHER, [5, 5, 4, 5, 7, 3, 3, 5, 5, 5]),
    (7, AnsweredBy.TOGETHER, [6, 6, 7, 6, 8, 4, 5, 6, 6, 7]),
]


def load_demo_measures(organisation: Organisation) -> None:
    if MeasureAnswer.objects.filter(organisation=organisation).exists():
        return
    instrument = next(i for i in instruments_in_use() if i.key == "3x10d")
    today = timezone.localdate()
    for relationship in ClientRelationship.objects.filter(organisation=organisation, closed_at__isnull=True):
        for days, who, values in ANSWERS:
            answer_record(
                actor=relationship.responsible_worker,
                relationship=relationship,
                instrument=instrument,
                answered_on=max(today - timedelta(days=days), timezone.localdate(relationship.opened_at)),
                answered_by=who,
                values={str(n): v for n, v in enumerate(values, start=1)},
            )
