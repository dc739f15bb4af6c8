"""The access log's hash chain: each row's hash covers its content and the previous row's hash.

One chain per organisation. A row's `seq` numbers it in its chain (1, 2, 3 …) so that a
deleted row leaves a gap; its `prev_hash` is the hash of the row before it (GENESIS for the
first); its `hash` is sha256 over a canonical serialisation of the fields below. The chain
head (AccessLogChain) holds the last `seq` and hash, so that deleting the newest rows shows
too. The serialisation never changes: rows already written are verified with it. A new
format would need a new version tag and both kept.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.utils import timezone

GENESIS = "0" * 64
FORMAT = "polku-access-log-v1"


def canonical_time(at: datetime) -> str:
    """The instant in UTC with microseconds, as the database gives it back."""
    if timezone.is_naive(at):
        # What Django does when saving a naive datetime with USE_TZ.
        at = timezone.make_aware(at)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    organisation_id: int,
    seq: int,
    at: datetime,
    worker_id: int,
    worker_name: str,
    worker_title: str,
    client_id: int,
    view: str,
    basis: str,
    prev_hash: str,
) -> str:
    payload = [
        FORMAT,
        int(organisation_id),
        int(seq),
        canonical_time(at),
        int(worker_id),
        str(worker_name),
        str(worker_title),
        int(client_id),
        str(view),
        str(basis),
        str(prev_hash),
    ]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
