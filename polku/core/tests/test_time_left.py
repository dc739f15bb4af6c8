"""Working days left before a deadline, and how the pages say it (issue 9)."""

from datetime import date

import pytest
from django.utils import translation

from polku.core.working_days import MONDAY_TO_FRIDAY, TimeLeft, time_left_text


@pytest.mark.parametrize(
    ("deadline", "today", "expected"),
    [
        (date(2026, 12, 2), date(2026, 12, 2), TimeLeft(0, due_today=True)),
        (date(2026, 12, 3), date(2026, 12, 2), TimeLeft(1)),
        # Friday to Monday: the weekend does not count.
        (date(2026, 11, 30), date(2026, 11, 27), TimeLeft(1)),
        # Independence Day (Sunday 6.12.2026) and Christmas: 23.12. → 7.1. is 7 working days.
        (date(2027, 1, 7), date(2026, 12, 23), TimeLeft(7)),
        # Late: Monday after a Friday deadline is one working day late, Saturday none yet.
        (date(2026, 11, 27), date(2026, 11, 30), TimeLeft(1, overdue=True)),
        (date(2026, 11, 27), date(2026, 11, 28), TimeLeft(0, overdue=True)),
        # Late over Christmas: 23.12. → 28.12. is one working day (24.–26.12. are off).
        (date(2026, 12, 23), date(2026, 12, 28), TimeLeft(1, overdue=True)),
        (date(2026, 12, 1), date(2026, 12, 3), TimeLeft(2, overdue=True)),
    ],
)
def test_it_counts_the_working_days_left(deadline: date, today: date, expected: TimeLeft) -> None:
    assert MONDAY_TO_FRIDAY.left(deadline, today) == expected


@pytest.mark.parametrize(
    ("left", "finnish", "swedish", "english"),
    [
        (TimeLeft(1), "1 arkipäivä jäljellä", "1 arbetsdag kvar", "1 working day left"),
        (TimeLeft(3), "3 arkipäivää jäljellä", "3 arbetsdagar kvar", "3 working days left"),
        (TimeLeft(0, due_today=True), "määräpäivä tänään", "sista dagen i dag", "due today"),
        (
            TimeLeft(1, overdue=True),
            "myöhässä 1 arkipäivän",
            "försenad med 1 arbetsdag",
            "overdue by 1 working day",
        ),
        (
            TimeLeft(2, overdue=True),
            "myöhässä 2 arkipäivää",
            "försenad med 2 arbetsdagar",
            "overdue by 2 working days",
        ),
        (TimeLeft(0, overdue=True), "myöhässä", "försenad", "overdue"),
    ],
)
def test_it_says_the_time_left_naturally(left: TimeLeft, finnish: str, swedish: str, english: str) -> None:
    for language, expected in (("fi", finnish), ("sv", swedish), ("en", english)):
        with translation.override(language):
            assert time_left_text(left) == expected
