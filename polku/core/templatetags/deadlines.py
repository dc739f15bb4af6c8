from django import template

from polku.core.working_days import TimeLeft, time_left_text

register = template.Library()


@register.filter
def time_left(left: TimeLeft | None) -> str:
    return time_left_text(left) if left is not None else ""
