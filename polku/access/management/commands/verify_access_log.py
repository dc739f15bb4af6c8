"""Walk the access log's hash chains and report the first broken link of each.

Streams the rows in chain order (one query, read in chunks), so it runs in constant memory
over millions of rows. Exits with status 1 if any chain is broken.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import attrgetter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.access.chain import GENESIS, entry_hash
from polku.access.models import AccessLogChain, AccessLogEntry

FIELDS = (
    "pk",
    "organisation_id",
    "seq",
    "at",
    "worker_id",
    "worker_name",
    "worker_title",
    "client_id",
    "view",
    "basis",
    "prev_hash",
    "hash",
)


@dataclass
class Row:
    pk: int
    organisation_id: int
    seq: int
    at: datetime
    worker_id: int
    worker_name: str
    worker_title: str
    client_id: int
    view: str
    basis: str
    prev_hash: str
    hash: str

    def recomputed_hash(self) -> str:
        return entry_hash(
            organisation_id=self.organisation_id,
            seq=self.seq,
            at=self.at,
            worker_id=self.worker_id,
            worker_name=self.worker_name,
            worker_title=self.worker_title,
            client_id=self.client_id,
            view=self.view,
            basis=self.basis,
            prev_hash=self.prev_hash,
        )


def _numbers(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def row_problem(row: Row, previous: Row | None) -> str | None:
    """What is wrong with `row` as the successor of `previous` (None: the chain's first)."""
    expected = previous.seq + 1 if previous else 1
    where = f"row id {row.pk} (number {row.seq})"
    if row.seq != expected:
        return (
            f"rows numbered {_numbers(expected, row.seq - 1)} are missing before {where}: deleted"
            if row.seq > expected
            else f"{where} repeats or goes back from number {expected - 1}"
        )
    if row.recomputed_hash() != row.hash:
        return f"{where} does not match its hash: its content was edited after it was written"
    if row.prev_hash != (previous.hash if previous else GENESIS):
        before = f"row id {previous.pk}" if previous else "the start of the chain"
        return (
            f"{where} does not link to {before}: the row before it was replaced or rewritten "
            "with a new hash, or this row was inserted"
        )
    return None


def head_problem(last: Row | None, head: AccessLogChain | None) -> str | None:
    """Whether the chain's last row is the one its head names."""
    if head is None:
        return "the chain has rows but no head: the head was deleted" if last else None
    last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
    if head.seq > last_seq:
        return f"rows numbered {_numbers(last_seq + 1, head.seq)} are missing at the end: deleted"
    if head.seq < last_seq or head.head_hash != last_hash:
        return f"the chain's head (number {head.seq}) does not match its last row (number {last_seq})"
    return None


class Command(BaseCommand):
    help = "Check the access log's hash chains; report the first broken link of each chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=5000, help="rows read at a time")

    def handle(self, *args: Any, **options: Any) -> None:
        heads = {head.organisation_id: head for head in AccessLogChain.objects.all()}
        problems: list[str] = []
        total = chains = 0
        for organisation_id, rows in self._chains(options["chunk_size"]):
            chains += 1
            count, last, problem = self._walk(rows)
            total += count
            head = heads.pop(organisation_id, None)
            problem = problem or head_problem(last, head)
            if problem:
                problems.append(f"organisation {organisation_id}: {problem}")
            elif options["verbosity"] >= 2:
                self.stdout.write(
                    f"organisation {organisation_id}: {count} rows, head {last.hash if last else '-'}"
                )
        for organisation_id, head in sorted(heads.items()):
            if problem := head_problem(None, head):
                chains += 1
                problems.append(f"organisation {organisation_id}: {problem}")
        if problems:
            for problem in problems:
                self.stderr.write(f"BROKEN: {problem}")
            raise CommandError(f"The access log is not intact: {len(problems)} broken chain(s).")
        self.stdout.write(
            self.style.SUCCESS(f"OK: the access log is intact, {total} rows in {chains} chain(s).")
        )

    def _chains(self, chunk_size: int) -> Iterator[tuple[int, Iterator[Row]]]:
        """The rows of each organisation's chain in order, from one streamed query."""
        rows = (
            AccessLogEntry.objects.order_by("organisation_id", "seq")
            .values_list(*FIELDS)
            .iterator(chunk_size=chunk_size)
        )
        return groupby((Row(*values) for values in rows), key=attrgetter("organisation_id"))

    def _walk(self, rows: Iterator[Row]) -> tuple[int, Row | None, str | None]:
        """Row count, last row and the first problem of one chain; reads the chain to its end."""
        count, previous, problem = 0, None, None
        for row in rows:
            count += 1
            if problem is None:
                problem = row_problem(row, previous)
            previous = row
        return count, previous, problem
