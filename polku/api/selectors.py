"""Reads for the API and the API keys page. Every client read goes through the gate and the
pages' own selectors; what is new here is only the shape of a list (a page of a client's
intakes or plans), asked after the gate has let the worker in and logged the read."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import client_get_for
from polku.access.models import View
from polku.api.models import KEY_PREFIX, ApiToken, key_hash
from polku.core.models import Role, Team, Worker
from polku.intake.models import Intake
from polku.plans.models import ClientPlan, PlanVersion

PAGE_SIZE = 25
# A key is KEY_PREFIX and 43 characters; anything much longer is not one, and is not hashed.
KEY_MAX_LENGTH = 100
# The keys page shows the live keys and the latest ended ones.
KEYS_SHOWN = 30


def token_for_key(*, key: str) -> ApiToken | None:
    """The live key's row with its worker, or None: unknown, revoked, expired, or a worker
    whose access has ended all look the same to the caller (401)."""
    if not key.startswith(KEY_PREFIX) or len(key) > KEY_MAX_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("worker__organisation")
        .filter(key_hash=key_hash(key), ended_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.worker.is_active:
        return None
    return token


def tokens_of(*, worker: Worker) -> list[ApiToken]:
    return list(ApiToken.objects.filter(worker=worker)[:KEYS_SHOWN])


def token_get_for(*, worker: Worker, token_id: int) -> ApiToken:
    """One of the worker's own keys; anyone else's is not found."""
    token = ApiToken.objects.filter(pk=token_id, worker=worker).first()
    if token is None:
        raise Http404
    return token


def client_intakes_page(*, worker: Worker, client_id: int, page_number: int) -> Page[Intake]:
    """A page of the client's intakes, newest first, for a basis that covers the client's
    intakes (the client page shows them on the same capability)."""
    client, _basis = client_get_for(
        worker=worker, client_id=client_id, view=View.INTAKE, capability=Capability.READ_INTAKE
    )
    intakes = Intake.objects.filter(client=client).order_by("-received_at", "-pk")
    return Paginator(intakes, PAGE_SIZE).get_page(page_number)


def client_plans_page(*, worker: Worker, client_id: int, page_number: int) -> Page[Any]:
    """A page of the client's plans, newest first, each with its versions newest first, for
    a basis that covers the record (as the plan page asks)."""
    client, _basis = client_get_for(
        worker=worker, client_id=client_id, view=View.PLAN, capability=Capability.READ_RECORD
    )
    plans = (
        ClientPlan.objects.filter(client=client)
        .prefetch_related(
            Prefetch("versions", queryset=PlanVersion.objects.order_by("-number"), to_attr="newest_first")
        )
        .order_by("-created_at", "-pk")
    )
    return Paginator(plans, PAGE_SIZE).get_page(page_number)


def lead_teams(*, worker: Worker) -> list[Team]:
    """The teams whose numbers the worker may read through the API: a team lead's own."""
    if worker.role != Role.TEAM_LEAD:
        raise PermissionDenied
    return list(worker.teams.order_by("name"))


def lead_team_get(*, worker: Worker, team_id: int) -> Team:
    team = next((team for team in lead_teams(worker=worker) if team.pk == team_id), None)
    if team is None:
        raise Http404
    return team
