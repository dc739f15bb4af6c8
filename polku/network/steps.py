"""The "who does what next" lines of a meeting's record, read as plan steps.

Each line is written "who – what – by when" by hand, so it is read leniently: any dash with
spaces around it separates the parts, and the date may be 15.1.2027, 15.1.27, 15.1. (the
next such day from the meeting) or 2027-01-15. Anything else stays as text."""

import re
from dataclasses import dataclass
from datetime import date

SEPARATOR = re.compile(r"\s+[-–—]+\s+")
FINNISH = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?:(\d{4}|\d{2})(?!\d))?")
ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


@dataclass
class NextStep:
    line: str
    who: str
    what: str
    due_text: str


def parse_line(line: str) -> NextStep:
    parts = [part.strip() for part in SEPARATOR.split(line.strip(), maxsplit=2)]
    if len(parts) == 1:
        return NextStep(line.strip(), "", parts[0], "")
    if len(parts) == 2:
        return NextStep(line.strip(), parts[0], parts[1], "")
    return NextStep(line.strip(), parts[0], parts[1], parts[2])


def next_steps_of(text: str) -> list[NextStep]:
    """The record's lines, each once, in order; blank lines are skipped."""
    seen: set[str] = set()
    found = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and line not in seen:
            seen.add(line)
            found.append(parse_line(line))
    return found


def parse_due(text: str, *, after: date) -> date | None:
    """The date in `text` ("by 15.1.2027", "15.1. mennessä"), or None. A date without a
    year is the next such day on or after `after` (the meeting's day)."""
    try:
        if match := ISO.search(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := FINNISH.search(text):
            day, month, year = int(match[1]), int(match[2]), match[3]
            if year is None:
                found = date(after.year, month, day)
                return found if found >= after else date(after.year + 1, month, day)
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        return None
    return None
