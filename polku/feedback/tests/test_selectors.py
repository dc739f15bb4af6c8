"""The rules of the lead's figures, one by one."""

from datetime import date

import pytest

from polku.feedback.selectors import SMALL_GROUP, _item_average, first_month_of
from polku.measures.definition import Item

HEALTH = Item("1", "Terveys", False)


@pytest.mark.parametrize(
    ("today", "months", "first"),
    [
        (date(2026, 11, 30), 3, date(2026, 9, 1)),
        (date(2026, 11, 1), 12, date(2025, 12, 1)),
        (date(2027, 2, 15), 6, date(2026, 9, 1)),
        (date(2027, 1, 31), 3, date(2026, 11, 1)),
    ],
)
def test_a_period_is_whole_months_ending_with_this_one(today: date, months: int, first: date) -> None:
    assert first_month_of(today, months) == first


def rows(*answers: tuple[int, int, date, int]) -> list[tuple[int, int, date, dict[str, int]]]:
    return [(r, c, d, {"1": v}) for r, c, d, v in answers]


def test_the_boundary_is_five_clients() -> None:
    four = rows(*[(n, n, date(2026, 11, 1), 5) for n in range(4)])
    assert _item_average(HEALTH, four, date(2026, 9, 1)).average is None
    assert _item_average(HEALTH, four, date(2026, 9, 1)).clients is None
    five = [*four, *rows((4, 4, date(2026, 11, 1), 10))]
    result = _item_average(HEALTH, five, date(2026, 9, 1))
    assert (result.average, result.clients) == (6.0, SMALL_GROUP)


def test_a_client_counts_once_with_the_latest_answer_in_the_period() -> None:
    # Client 1 has two relationships; the latest answer of the two counts.
    answers = rows(
        (1, 1, date(2026, 9, 5), 0),
        (2, 1, date(2026, 10, 5), 10),
        *[(n, n, date(2026, 10, 1), 5) for n in range(3, 7)],
    )
    result = _item_average(HEALTH, answers, date(2026, 9, 1))
    assert (result.average, result.clients) == (6.0, 5)


def test_a_skipped_item_does_not_count_and_does_not_hide_the_earlier_answer() -> None:
    answers = [
        *rows(*[(n, n, date(2026, 10, 1), 4) for n in range(5)]),
        (0, 0, date(2026, 10, 20), {"2": 9}),  # item 1 left empty in the latest answer
    ]
    result = _item_average(HEALTH, answers, date(2026, 9, 1))
    assert (result.average, result.clients) == (4.0, 5)


def test_the_change_needs_five_clients_answered_twice() -> None:
    answers = rows(
        *[(n, n, date(2026, 1, 1), 2) for n in range(5)],
        *[(n, n, date(2026, 10, 1), 6) for n in range(4)],
    )
    result = _item_average(HEALTH, answers, date(2026, 9, 1))
    assert result.change is None and result.changed_clients is None
    answers += rows((4, 4, date(2026, 11, 1), 1))
    result = _item_average(HEALTH, answers, date(2026, 9, 1))
    # Four went from 2 to 6 (+4), one from 2 to 1 (−1): (16 − 1) / 5 = 3.0.
    assert (result.change, result.changed_clients) == (3.0, 5)
