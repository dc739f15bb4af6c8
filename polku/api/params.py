"""The parameters every operation shares, with the bounds Polku's forms and URLs keep
(polku/core/limits.py): an id fits the database, a page number an integer column, and a day
lies within Polku's calendar. A value outside them is a 422, never a database error."""

import re
from datetime import date
from typing import Annotated, Any

from django.core.paginator import Page
from ninja.params.functions import Path, Query
from pydantic import BeforeValidator, WithJsonSchema

from polku.api.schemas import Error
from polku.core.limits import MAX_ID, MAX_INTEGER, parse_day

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Query(1, ge=1, le=MAX_INTEGER, description="The page, from 1.")]
# A day is written YYYY-MM-DD between 1900 and 2100, as the pages take it (parse_day); the
# schema says so, so that a program (and the fuzzer) knows which days are accepted.
DAY_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(DAY_PATTERN, value):
        raise ValueError("Write the day as YYYY-MM-DD, from 1900 to 2100.")
    return parse_day(value)


Day = Annotated[
    date | None,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN}),
    Query(None, description="A day of the week wanted, YYYY-MM-DD; this week if not given."),
]
# Text as the forms take it: no null character, which PostgreSQL cannot store.
NO_NULL = r"^[^\x00]*$"


# Every operation may answer these; OpenAPI lists them, so a client knows each one.
def responses(ok: Any) -> dict[int, Any]:
    return {200: ok, 401: Error, 403: Error, 404: Error, 422: Error}


def paged(page: Page[Any], items: list[Any]) -> dict[str, Any]:
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": items,
    }
