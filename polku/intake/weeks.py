from datetime import date, timedelta


def week_start_of(day: date) -> date:
    """The Monday of the week `day` is in; duty weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())
