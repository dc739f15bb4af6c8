"""A guided process as the relationship page shows it: each step derived from what was
recorded, never ticked by hand. Used by the pair-work process (polku/network/pair_work.py)
and youth aftercare's three stages (polku/aftercare/steps.py)."""

from dataclasses import dataclass, replace
from datetime import date

from django.utils.functional import Promise

from polku.core.models import Worker


@dataclass(frozen=True)
class Step:
    key: str
    name: str | Promise
    done_on: date | None = None
    by: Worker | None = None
    detail: str = ""
    # Where the step is taken, for a viewer who may take it.
    link: str = ""
    link_label: str | Promise = ""
    # The first step not yet taken: where the work is now.
    current: bool = False

    @property
    def done(self) -> bool:
        return self.done_on is not None


def mark_current(steps: list[Step]) -> list[Step]:
    """The first step not yet taken is where the work is now."""
    waiting = next((i for i, step in enumerate(steps) if not step.done), None)
    if waiting is not None:
        steps[waiting] = replace(steps[waiting], current=True)
    return steps
