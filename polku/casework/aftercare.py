"""Date rules of youth aftercare (jälkihuolto), Child Welfare Act 417/2007 75 §: a young
adult placed as a child is entitled to aftercare until they turn 25. Pure functions of the
birth date and a day, so the rules are tested with fixed dates."""

from calendar import monthrange
from datetime import date, timedelta

AFTERCARE_MIN_AGE = 18
AFTERCARE_END_AGE = 25
# "Well before" the 25th birthday: the move to adult services is planned from six months
# before it (decisions.md §64).
REMINDER_LEAD_MONTHS = 6


def _on_or_after(year: int, month: int, day: int) -> date:
    """The day in the given month, or the first of the next month when the month is too
    short (29 February in a common year is 1 March, as the Finnish age is counted)."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)


def birthday(born: date, age: int) -> date:
    return _on_or_after(born.year + age, born.month, born.day)


def age_on(born: date, day: date) -> int:
    years = day.year - born.year
    return years if day >= birthday(born, years) else years - 1


def may_be_in_aftercare(born: date | None, day: date) -> bool:
    return born is not None and AFTERCARE_MIN_AGE <= age_on(born, day) < AFTERCARE_END_AGE


def aftercare_ends_on(born: date) -> date:
    """The last day of aftercare: the day before the 25th birthday."""
    return birthday(born, AFTERCARE_END_AGE) - timedelta(days=1)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def reminder_from(born: date) -> date:
    """From this day on, the worker is reminded to plan the move to adult services."""
    return months_before(birthday(born, AFTERCARE_END_AGE), REMINDER_LEAD_MONTHS)
