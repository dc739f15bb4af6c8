"""Working days for SHL 36 § deadlines: weekends and Finnish public holidays are skipped."""

from datetime import date

import pytest

from polku.core.models import DayOff, Organisation
from polku.core.working_days import MONDAY_TO_FRIDAY, calendar_of


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Christmas: 24.–26.12. and New Year's Day and Epiphany are days off.
        (date(2026, 12, 23), 7, date(2027, 1, 7)),
        (date(2026, 12, 23), 1, date(2026, 12, 28)),
        # Easter 2027: Good Friday 26.3. and Easter Monday 29.3.
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        (date(2027, 3, 24), 7, date(2027, 4, 6)),
        # Midsummer 2027: Midsummer Eve Friday 25.6.
        (date(2027, 6, 24), 1, date(2027, 6, 28)),
        (date(2027, 6, 21), 7, date(2027, 7, 1)),
        # An ordinary week: Friday + 1 is Monday.
        (date(2026, 11, 20), 1, date(2026, 11, 23)),
        # At once: the same day, even on a holiday.
        (date(2026, 12, 25), 0, date(2026, 12, 25)),
    ],
)
def test_it_counts_working_days(start: date, days: int, expected: date) -> None:
    assert MONDAY_TO_FRIDAY.add_working_days(start, days) == expected


def test_holidays_are_not_working_days() -> None:
    for holiday in [date(2026, 12, 6), date(2027, 1, 6), date(2027, 5, 6), date(2027, 12, 24)]:
        assert not MONDAY_TO_FRIDAY.is_working_day(holiday), holiday
    assert MONDAY_TO_FRIDAY.is_working_day(date(2026, 12, 7))  # Independence Day's Monday after


@pytest.mark.django_db
def test_an_organisation_configures_its_calendar() -> None:
    org = Organisation.objects.create(name="Testi", code="testi", working_weekdays="123456")
    DayOff.objects.create(organisation=org, date=date(2026, 11, 23), name="Toimisto suljettu")
    calendar = calendar_of(org)
    # Saturday works here, the closed Monday does not.
    assert calendar.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 21)
    assert calendar.add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 24)
    org.public_holidays_off = False
    assert calendar_of(org).is_working_day(date(2026, 12, 24))
