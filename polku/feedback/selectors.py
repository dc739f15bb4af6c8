"""What a team lead reads of the team's feedback and measures: counts, texts and averages,
never a client. Small groups are not shown in a way that identifies: fewer than SMALL_GROUP
feedbacks in the period show no count and no texts, an average needs SMALL_GROUP clients,
and nothing is dated finer than a month (docs/decisions.md)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone

from polku.core.models import Role, Team, Worker
from polku.feedback.models import ClientFeedback
from polku.measures.definition import Definition, Item
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer

SMALL_GROUP = 5
PERIODS = (3, 6, 12)
DEFAULT_PERIOD = 12
# The instruments and items averaged: every item of 3X10D, and the work-ability item of the
# self-assessment (its domains are read one client at a time, on the measures page).
AVERAGED: dict[str, tuple[str, ...] | None] = {"3x10d": None, "work-ability": ("work_ability",)}


@dataclass(frozen=True)
class FeedbackText:
    """Only the words: the row's client, relationship and month never reach the page."""

    roses: str
    thorns: str
    text: str


@dataclass(frozen=True)
class ItemAverage:
    item: Item
    # None when fewer than SMALL_GROUP clients answered: then neither the value nor the
    # number of clients is shown.
    average: float | None
    clients: int | None
    change: float | None
    changed_clients: int | None


@dataclass(frozen=True)
class InstrumentAverages:
    name: str
    items: list[ItemAverage]


@dataclass
class TeamFeedback:
    team: Team
    months: int
    first_month: date
    last_month: date
    # None when fewer than SMALL_GROUP: the page says "fewer than 5" and shows no texts.
    count: int | None
    texts: list[FeedbackText] = field(default_factory=list)
    measures: list[InstrumentAverages] = field(default_factory=list)
    small_group: int = SMALL_GROUP


def lead_teams(lead: Worker) -> list[Team]:
    """The teams the lead leads: the only teams whose feedback they read."""
    if lead.role != Role.TEAM_LEAD:
        return []
    return list(lead.teams.filter(organisation_id=lead.organisation_id).order_by("name", "pk"))


def first_month_of(today: date, months: int) -> date:
    """The first day of the period's first month: the current month and the months before."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def _shown(n: int) -> int | None:
    return n if n >= SMALL_GROUP else None


def _feedback(team: Team, first_month: date) -> tuple[int | None, list[FeedbackText]]:
    rows = ClientFeedback.objects.filter(
        organisation_id=team.organisation_id, team=team, given_month__gte=first_month
    )
    count = _shown(rows.count())
    if count is None:
        return None, []
    # Ordered by the random key: neither the time nor the order of giving shows.
    texts = [FeedbackText(*row) for row in rows.order_by("pk").values_list("roses", "thorns", "text")]
    return count, texts


def _items(key: str, versions: list[Instrument]) -> list[Item]:
    """The newest version's items, then any item only older versions had (matched by key)."""
    items: dict[str, Item] = {}
    for instrument in sorted(versions, key=lambda i: -i.version):
        for item in Definition(instrument.definition).items:
            items.setdefault(item.key, item)
    wanted = AVERAGED[key]
    return [item for item in items.values() if wanted is None or item.key in wanted]


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


Row = tuple[int, int, date, dict[str, Any]]


def _item_average(item: Item, rows: list[Row], first_month: date) -> ItemAverage:
    """`rows` are (relationship, client, date, values) in date order: every answer up to
    today of the relationships answered in the period. The level is each client's latest
    answer in the period; the change is each relationship's latest answer minus its first,
    where it has at least two."""
    latest_of_client: dict[int, int] = {}
    answers: dict[int, list[int]] = defaultdict(list)
    client_of: dict[int, int] = {}
    in_period: set[int] = set()
    for relationship_id, client_id, answered_on, values in rows:
        value = values.get(item.key)
        if value is None:
            continue
        answers[relationship_id].append(value)
        client_of[relationship_id] = client_id
        if answered_on >= first_month:
            latest_of_client[client_id] = value
            in_period.add(relationship_id)
    # The latest answer of a relationship answered in the period is in the period; its
    # first may be earlier, which is the change the work has seen.
    changes = {r: answers[r][-1] - answers[r][0] for r in in_period if len(answers[r]) > 1}
    clients = _shown(len(latest_of_client))
    changed_clients = _shown(len({client_of[r] for r in changes}))
    return ItemAverage(
        item=item,
        average=_mean(list(latest_of_client.values())) if clients else None,
        clients=clients,
        change=_mean(list(changes.values())) if changed_clients else None,
        changed_clients=changed_clients,
    )


def _measures(team: Team, first_month: date, today: date) -> list[InstrumentAverages]:
    """Answers given by or with the client, never the worker's own rating: the averages are
    the clients' view of their situation. Two queries, however many answers."""
    own_view = MeasureAnswer.objects.filter(
        organisation_id=team.organisation_id, relationship__team=team, instrument__key__in=AVERAGED
    ).exclude(answered_by=AnsweredBy.WORKER)
    answered = own_view.filter(answered_on__gte=first_month, answered_on__lte=today).values("relationship_id")
    rows: dict[str, list[Row]] = defaultdict(list)
    for key, *row in (
        own_view.filter(relationship_id__in=answered, answered_on__lte=today)
        .order_by("answered_on", "pk")
        .values_list("instrument__key", "relationship_id", "client_id", "answered_on", "values")
    ):
        rows[key].append(tuple(row))
    versions: dict[str, list[Instrument]] = defaultdict(list)
    for instrument in Instrument.objects.filter(key__in=AVERAGED):
        versions[instrument.key].append(instrument)
    result = []
    for key in AVERAGED:
        if not versions[key]:
            continue
        newest = max(versions[key], key=lambda i: i.version)
        result.append(
            InstrumentAverages(
                name=newest.read.name,
                items=[_item_average(item, rows[key], first_month) for item in _items(key, versions[key])],
            )
        )
    return result


def team_feedback(
    *, lead: Worker, team_id: int | None, months: int
) -> tuple[list[Team], TeamFeedback | None]:
    """The lead's teams, and the chosen one's feedback and measures over the last `months`
    months (this month included). Another team, or another organisation's, is 404."""
    if months not in PERIODS:
        raise Http404
    teams = lead_teams(lead)
    if team_id is None:
        team = teams[0] if teams else None
    else:
        team = next((t for t in teams if t.pk == team_id), None)
        if team is None:
            raise Http404
    if team is None:
        return teams, None
    today = timezone.localdate()
    first_month = first_month_of(today, months)
    count, texts = _feedback(team, first_month)
    return teams, TeamFeedback(
        team=team,
        months=months,
        first_month=first_month,
        last_month=today.replace(day=1),
        count=count,
        texts=texts,
        measures=_measures(team, first_month, today),
    )
