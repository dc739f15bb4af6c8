"""Working days, for the deadlines of the Social Welfare Act (SHL 36 §).

By default Monday to Friday, without Finnish public holidays (which, as `holidays` lists
them, include Christmas Eve and Midsummer Eve, when offices are closed). An organisation
can change its weekdays, stop using the public holidays and add its own days off.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
from django.utils.translation import gettext, ngettext

from polku.core.models import DayOff, Organisation


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year))


@dataclass(frozen=True)
class WorkingCalendar:
    weekdays: frozenset[int]
    public_holidays_off: bool = True
    days_off: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day.isoweekday() not in self.weekdays or day in self.days_off:
            return False
        return not (self.public_holidays_off and day in _public_holidays(day.year))

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`th working day after `start`; 0 is `start` itself (at once)."""
        day = start
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def left(self, deadline: date, today: date) -> "TimeLeft":
        """How many working days are left before `deadline` (today not counted, the deadline
        counted), or, once it has passed, how many working days it is late (up to and
        including today)."""
        if deadline >= today:
            return TimeLeft(self._count(today, deadline), overdue=False, due_today=deadline == today)
        return TimeLeft(self._count(deadline, today), overdue=True)

    def _count(self, after: date, until: date) -> int:
        """Working days in (after, until]."""
        return sum(1 for n in range(1, (until - after).days + 1) if self.is_working_day(after + timedelta(n)))


@dataclass(frozen=True)
class TimeLeft:
    """Working days left before a deadline, or working days late once it has passed (a
    deadline passed on Friday is late, but by no working day, on Saturday)."""

    days: int
    overdue: bool = False
    due_today: bool = False


MONDAY_TO_FRIDAY = WorkingCalendar(weekdays=frozenset({1, 2, 3, 4, 5}))


def calendar_of(organisation: Organisation) -> WorkingCalendar:
    weekdays = frozenset(int(d) for d in organisation.working_weekdays if d in "1234567")
    return WorkingCalendar(
        weekdays=weekdays or MONDAY_TO_FRIDAY.weekdays,
        public_holidays_off=organisation.public_holidays_off,
        days_off=frozenset(DayOff.objects.filter(organisation=organisation).values_list("date", flat=True)),
    )


def time_left_text(left: TimeLeft) -> str:
    """The time left as a worker says it: "3 working days left", "overdue by 2 working
    days" (in Finnish "3 arkipäivää jäljellä", "myöhässä 2 arkipäivää")."""
    if left.overdue:
        if not left.days:
            return gettext("overdue")
        return ngettext("overdue by %(n)s working day", "overdue by %(n)s working days", left.days) % {
            "n": left.days
        }
    if left.due_today:
        return gettext("due today")
    return ngettext("%(n)s working day left", "%(n)s working days left", left.days) % {"n": left.days}
