from typing import Any

import pytest

from polku.clients.models import Client
from polku.core.models import Organisation, Team, Worker
from polku.feedback.models import ClientFeedback
from polku.feedback.services import feedback_give
from polku.personas import make_client, make_relationship


@pytest.fixture
def relationship(client_of_team: Client, social_worker: Worker) -> Any:
    return make_relationship(client_of_team, social_worker)


def give(client: Client, relationship: Any = None, **fields: Any) -> ClientFeedback:
    data = {"roses": "Sain apua nopeasti.", "thorns": "", "text": "", "anonymous": False, **fields}
    return feedback_give(client=client, relationship=relationship, **data)


def clients_with_relationships(
    org: Organisation, team: Team, worker: Worker, count: int, start: int = 10
) -> list[Any]:
    """`count` clients of the team, each with an open relationship with `worker`."""
    return [
        make_relationship(make_client(org, team, start + n, last_name=f"Palautteenantaja{n}"), worker)
        for n in range(count)
    ]
