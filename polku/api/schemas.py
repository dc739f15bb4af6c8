"""What the API answers, as OpenAPI documents it. Values are codes (the enums below), not
words in one language: a program translates them, as the pages do."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from polku.access.models import Basis
from polku.clients.models import Language
from polku.core.models import Role
from polku.intake.models import Channel, Outcome, ReceivedHow, Stage
from polku.plans.models import PlanStatus, PlanType, Scale


class Error(Schema):
    """401, 403 and 404 say only that; 422 lists what was wrong with the request."""

    detail: str | list[dict[str, Any]]


class Team(Schema):
    id: int
    name: str


class Me(Schema):
    id: int
    name: str
    role: Role
    teams: list[Team]
    key_expires_at: datetime = Field(description="When the key used for this request expires.")


class Paged(Schema):
    count: int = Field(description="How many in all.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages; each has at most 25.")


class ClientSummary(Schema):
    id: int
    last_name: str
    first_names: str
    birth_date: date | None
    municipality: str | None


class ClientSearch(Paged):
    items: list[ClientSummary]
    registered_without_basis: bool = Field(
        description="An exact identity code matched a client you have no basis to see. Nothing else "
        "about them is given; the check is logged and limited per hour, as on the search page."
    )
    refusal: str | None = Field(description="Why the identity-code check was refused, if it was.")


class Address(Schema):
    street_address: str
    postal_code: str
    post_office: str


class ClientDetails(Schema):
    id: int
    identity_code: str | None
    birth_date: date | None
    first_names: str
    last_name: str
    details_incomplete: bool
    municipality: str | None
    team: Team
    language: Language
    other_language: str
    needs_interpreter: bool
    phone: str
    email: str
    address_ban: bool = Field(description="Turvakielto: the address is never given.")
    address: Address | None
    basis: Basis = Field(description="Your closest basis for seeing the client, as the access log names it.")


class Intake(Schema):
    id: int
    client_id: int
    team_id: int
    received_at: datetime
    channel: Channel
    received_how: ReceivedHow
    description: str
    stage: Stage
    is_urgent: bool | None
    start_by: date = Field(description="The service needs assessment must start by this day (SHL 36 §).")
    complete_by: date | None
    outcome: Outcome | None
    decided_at: datetime | None
    closed_at: datetime | None


class IntakePage(Paged):
    items: list[Intake]


class VersionSummary(Schema):
    number: int
    status: PlanStatus
    made_on: date
    agreed_at: datetime | None
    next_review_on: date | None


class PlanSummary(Schema):
    id: int
    client_id: int
    relationship_id: int
    plan_type: PlanType
    created_at: datetime
    current_version: VersionSummary | None
    versions: int


class PlanPage(Paged):
    items: list[PlanSummary]


class Step(Schema):
    id: int
    what: str
    who: str
    due_on: date | None
    done: bool


class Goal(Schema):
    id: int
    order: int
    client_words: str = Field(description="The goal in the client's own words.")
    area: str | None = Field(description="The goal area's code in THL's classification, if chosen.")
    aim: Scale = Field(description="1: change for the better; 2: prevent the situation getting worse.")
    description: str
    steps: list[Step]


class Version(VersionSummary):
    situation: str
    next_steps: str
    meeting_frequency: str
    goals: list[Goal]


class Plan(Schema):
    id: int
    client_id: int
    relationship_id: int
    plan_type: PlanType
    created_at: datetime
    versions: list[VersionSummary]
    current_version: Version = Field(description="The newest version, a draft or agreed (see status).")


class Figure(Schema):
    key: str
    count: int


class Load(Schema):
    worker_id: int
    name: str
    role: Role
    active: int = Field(description="Open client relationships as the responsible worker.")
    new: int = Field(description="Of those, assigned and not yet opened.")
    assessments: int = Field(description="Of those, in service needs assessment.")
    by_quadrant: dict[str, int]
    absent_today: bool


class Overdue(Schema):
    start_by: date
    intake_id: int | None = Field(description="Only where your basis covers the intake; else only counted.")
    client_id: int | None
    client_name: str | None


class TeamWeek(Schema):
    team: Team
    week_start: date
    week_end: date
    received: int
    by_channel: list[Figure]
    by_outcome: list[Figure] = Field(description='"open" counts the intakes without an outcome yet.')
    guidance_only: int
    guidance_only_share: int | None = Field(description="Per cent of the intakes received.")
    urgent: int
    urgent_share: int | None
    overdue: list[Overdue]
    loads: list[Load]
