"""Every read of measures goes through these selectors: the gate decides, and the read is
logged once (View.MEASURES). The relationship's readers (READ_RECORD) see the answers; the
form to answer is for the workers who write the record (WRITE_DOCUMENTS)."""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of, decide, log_reads
from polku.access.models import View
from polku.casework.models import ClientRelationship
from polku.core.models import Worker
from polku.measures.charts import Series, line_chart
from polku.measures.definition import Band, Item
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.plans.models import PlanVersion
from polku.plans.selectors import GoalAttainment, attainment_over_time

# The client's lines have round markers (purple on their own, dark blue with the worker); the
# worker's is dashed with square markers, so client and worker are told apart without colour.
LINES = {
    AnsweredBy.CLIENT: ("#5c2483", False, False),
    AnsweredBy.TOGETHER: ("#0000bf", False, False),
    AnsweredBy.WORKER: ("#6b2d00", True, True),
}


@dataclass
class ItemRow:
    item: Item
    cells: list[int | None]
    chart: SafeString


@dataclass
class Reading:
    item: Item
    value: int | None
    band: Band | None


@dataclass
class InstrumentResult:
    instrument: Instrument
    answers: list[MeasureAnswer]
    rows: list[ItemRow] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)

    @property
    def latest(self) -> MeasureAnswer:
        return self.answers[-1]


@dataclass
class Measures:
    relationship: ClientRelationship
    results: list[InstrumentResult]
    in_use: list[Instrument]
    may_answer: bool
    # The plan's goals and how far each was reached at each evaluation (AVAIN).
    attainment: list[GoalAttainment] = field(default_factory=list)

    @property
    def client(self) -> object:
        return self.relationship.client


def instruments_in_use() -> list[Instrument]:
    """The newest version in use of each instrument: new answers are recorded on it."""
    newest: dict[str, Instrument] = {}
    for instrument in Instrument.objects.filter(active=True).order_by("key", "-version"):
        newest.setdefault(instrument.key, instrument)
    return list(newest.values())


def _relationship(worker: Worker, relationship_id: int, capability: Capability) -> ClientRelationship:
    relationship = (
        ClientRelationship.objects.select_related("client", "responsible_worker", "pair_worker")
        .filter(pk=relationship_id, organisation_id=worker.organisation_id)
        .first()
    )
    if relationship is None:
        raise Http404
    basis = decide(worker=worker, client=relationship.client, capability=capability)
    log_reads(worker=worker, reads=[(relationship.client, basis)], view=View.MEASURES)
    return relationship


def _items(versions: list[Instrument]) -> list[Item]:
    """The newest version's items in its order, then any item only older versions had."""
    items: dict[str, Item] = {}
    for instrument in sorted(versions, key=lambda i: -i.version):
        for item in instrument.read.items:
            items.setdefault(item.key, item)
    return list(items.values())


def _chart(result: InstrumentResult, item: Item, number: int) -> SafeString:
    definition = result.instrument.read
    series = []
    for who, (colour, dashed, square) in LINES.items():
        points = [
            (a.answered_on, a.values[item.key])
            for a in result.answers
            if a.answered_by == who and item.key in a.values
        ]
        if points:
            series.append(Series(str(who.label), points, colour, dashed, square))
    description = "; ".join(
        f"{s.name}: " + ", ".join(f"{date_format(d, 'j.n.Y')} {v}" for d, v in s.points) for s in series
    ) or _("No answers to this item.")
    return line_chart(
        element_id=f"chart-{result.instrument.pk}-{number}",
        title=item.label,
        description=description,
        series=series,
        minimum=definition.minimum,
        maximum=definition.maximum,
        bands=[(b.low, b.high, b.colour) for b in definition.bands],
    )


def _result(versions: list[Instrument], answers: list[MeasureAnswer]) -> InstrumentResult:
    result = InstrumentResult(instrument=max(versions, key=lambda i: i.version), answers=answers)
    for number, item in enumerate(_items(versions)):
        cells = [a.values.get(item.key) for a in answers]
        chart = _chart(result, item, number) if any(c is not None for c in cells) else SafeString("")
        result.rows.append(ItemRow(item, cells, chart))
    latest = result.latest.instrument.read
    if latest.bands:
        result.readings = [
            Reading(
                item, result.latest.values.get(item.key), latest.band_for(result.latest.values.get(item.key))
            )
            for item in latest.items
        ]
    return result


def measures_for(*, worker: Worker, relationship_id: int) -> Measures:
    """The relationship's answers per instrument, with a chart per item and the colour-band
    reading of the latest answer, and the plan's goal attainment at each evaluation. A
    constant number of queries, however many answers and evaluations."""
    relationship = _relationship(worker, relationship_id, Capability.READ_RECORD)
    answers = list(
        MeasureAnswer.objects.filter(relationship=relationship)
        .select_related("instrument", "recorded_by", "plan_version")
        .order_by("answered_on", "pk")
    )
    by_key: dict[str, list[MeasureAnswer]] = {}
    for answer in answers:
        by_key.setdefault(answer.instrument.key, []).append(answer)
    results = []
    for key_answers in by_key.values():
        versions = list({a.instrument_id: a.instrument for a in key_answers}.values())
        results.append(_result(versions, key_answers))
    may_answer = relationship.is_open and worker.pk in (
        relationship.responsible_worker_id,
        relationship.pair_worker_id,
    )
    may_answer = may_answer and Capability.WRITE_DOCUMENTS in capabilities_of(worker, relationship.client)
    attainment = attainment_over_time(relationship=relationship)
    return Measures(relationship, results, instruments_in_use(), may_answer, attainment)


def answer_form_for(
    *, worker: Worker, relationship_id: int, key: str
) -> tuple[ClientRelationship, Instrument, list[PlanVersion]]:
    """The relationship, the instrument's newest version in use and the plan evaluations an
    answer can be tied to: for the workers who write the record."""
    relationship = _relationship(worker, relationship_id, Capability.WRITE_DOCUMENTS)
    instrument = next((i for i in instruments_in_use() if i.key == key), None)
    if instrument is None:
        raise Http404
    evaluations = list(
        PlanVersion.objects.filter(plan__relationship=relationship, number__gte=2)
        .select_related("plan")
        .order_by("-made_on", "-number")
    )
    return relationship, instrument, evaluations
