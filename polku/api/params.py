"""The parameters every operation shares, with the bounds Polku's forms and URLs keep
(polku/core/limits.py): an id fits the database, a page number an integer column, and a day
lies within Polku's calendar. A value outside them is a 422, never a database error."""

from datetime import date
from typing import Annotated, Any

from django.core.paginator import Page
from ninja.params.functions import Path, Query

from polku.api.schemas import Error
from polku.core.limits import FIRST_DAY, LAST_DAY, MAX_ID, MAX_INTEGER

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
PageNumber = Annotated[int, Query(1, ge=1, le=MAX_INTEGER, description="The page, from 1.")]
Day = Annotated[date | None, Query(None, ge=FIRST_DAY, le=LAST_DAY)]

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
