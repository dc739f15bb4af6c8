"""Bounds on what Polku accepts from a form or a URL, the same everywhere (docs/decisions.md).

Free text has a maximum length by its kind; dates lie between FIRST_DAY and LAST_DAY, so
that date arithmetic (deadlines in working days, duty weeks, statistics weeks) never leaves
Python's calendar; whole numbers fit the database's integer column on SQLite and PostgreSQL.
"""

from datetime import date

# Long document texts: a journal entry, the assessment and the plan, instructions.
DOCUMENT_TEXT = 10_000
# Notes, reasons, questions and answers.
NOTE = 2_000
# Names and other one-line values.
NAME = 200

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)

# Django's IntegerField is 32 bits on every database; ids are 64 bits.
MAX_INTEGER = 2**31 - 1
MAX_ID = 2**63 - 1


def parse_day(value: str) -> date:
    """An ISO date (2026-03-02) between FIRST_DAY and LAST_DAY; ValueError for anything else."""
    day = date.fromisoformat(value)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(value)
    return day


def parse_id(value: str) -> int:
    """A database id written in decimal digits; ValueError for anything else."""
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or int(value) > MAX_ID:
        raise ValueError(value)
    return int(value)
