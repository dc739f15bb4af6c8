"""Working days, for the deadlines of the Social Welfare Act (SHL 36 §).

By default Monday to Friday, without Finnish public holidays (which, as `holidays` lists
them, include Christmas Eve and Midsummer Eve, when offices are closed). An organisation
can change its weekdays, stop using the public holidays and add its own days off.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

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


MONDAY_TO_FRIDAY = WorkingCalendar(weekdays=frozenset({1, 2, 3, 4, 5}))


def calendar_of(organisation: Organisation) -> WorkingCalendar:
    weekdays = frozenset(int(d) for d in organisation.working_weekdays if d in "1234567")
    return WorkingCalendar(
        weekdays=weekdays or MONDAY_TO_FRIDAY.weekdays,
        public_holidays_off=organisation.public_holidays_off,
        days_off=frozenset(DayOff.objects.filter(organisation=organisation).values_list("date", flat=True)),
    )
