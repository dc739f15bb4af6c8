from typing import Any

from django import template

from polku.codes.models import Code
from polku.plans.models import Factor, Goal

register = template.Library()


@register.filter
def factors_with(goal: Goal, effect: str) -> list[Factor]:
    return [factor for factor in goal.factors.all() if factor.effect == effect]


@register.simple_tag
def plain_name(code: Code, language: str) -> str:
    """A code's name as the client reads it: plain words, in the client's language."""
    return code.plain_name(language)


@register.filter
def mark_of(marks: dict[int, Any], step_id: int) -> Any:
    """The client's own latest tick of a step (polku.participation), if any. A page without
    the marks (the goal's removal page) passes an empty string."""
    return marks.get(step_id) if isinstance(marks, dict) else None
