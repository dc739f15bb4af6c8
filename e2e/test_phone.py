"""Every list and queue a worker uses, on a 360 px phone: nothing scrolls sideways, neither
the page nor a box inside it, and axe-core finds nothing serious. The pages this change
touched are also checked at 1280 px."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from e2e.conftest import assert_accessible
from e2e.test_intake import sign_in
from polku.casework.models import ClientRelationship
from polku.casework.services import journal_add
from polku.clients.models import Client
from polku.clients.services import transfer_answer, transfer_offer
from polku.codes.loader import GOALS
from polku.codes.models import Code
from polku.core.models import Organisation, Role, Team, Worker
from polku.core.services import absence_add, worker_change_request
from polku.personas import forward, make_client, make_intake, make_relationship, make_worker, put_on_duty
from polku.personas import signed_in as http_signed_in
from polku.plans.models import ClientPlan, Goal, Step

pytestmark = pytest.mark.django_db(transaction=True)

LONG_URL = "https://www.jarvilaakso.example/sosiaalipalvelut/aikuissosiaalityo/toimeentulotuki/ohjeet-ja-lomakkeet/hakemus-2027.pdf"


@dataclass
class World:
    client: Client
    relationship: ClientRelationship
    plan: ClientPlan


@pytest.fixture
def world(
    org: Organisation,
    team: Team,
    other_team: Team,
    lead: Worker,
    social_worker: Worker,
    counsellor: Worker,
    guidance: Worker,
    admin_worker: Worker,
    client_of_team: Client,
) -> World:
    """One of everything the lists show: overdue, urgent, not reached before, absent."""
    put_on_duty(team, social_worker, counsellor)
    long_named = make_client(
        org, team, 2, first_names="Maria-Kristiina Aleksandra", last_name="Vähä-Heikkilä-Lindqvist"
    )
    waiting = make_client(org, team, 3, first_names="Ville", last_name="Koskinen")
    before = make_intake(waiting, guidance, received_at=timezone.now() - timedelta(days=40))
    before.stage, before.outcome = "closed", "unreachable"
    before.save()
    make_intake(waiting, guidance, description=f"Ohje: {LONG_URL}")
    forward(make_intake(long_named, guidance), guidance, urgent=True)
    forward(make_intake(make_client(org, team, 4, last_name="Laine"), guidance), guidance)

    relationship = make_relationship(client_of_team, counsellor, social_worker)
    make_relationship(long_named, counsellor)
    journal_add(
        actor=counsellor,
        relationship=relationship,
        data={"kind": "meeting", "text": f"Katsottiin {LONG_URL}"},
    )
    http_signed_in(counsellor).post(
        reverse("plan_create", args=[relationship.pk]), {"plan_type": "working_age"}
    )
    plan = ClientPlan.objects.get(relationship=relationship)
    plan.versions.update(next_review_on=timezone.localdate() - timedelta(days=3))
    goal = Goal.objects.create(
        plan_version=plan.versions.get(),
        client_words="Haluan pitää asuntoni.",
        code=Code.objects.get(code_set__oid=GOALS, code="1"),
    )
    Step.objects.create(
        goal=goal, what=f"Luen ohjeen {LONG_URL}", who="minä", due_on=timezone.localdate() - timedelta(days=1)
    )

    absence_add(
        actor=lead,
        worker=counsellor,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        note=LONG_URL,
    )
    leena = make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    moved = make_client(org, team, 5, first_names="Aino", last_name="Muuttaja")
    transfer_answer(
        actor=leena,
        transfer=transfer_offer(actor=lead, client=moved, to_team=other_team, reason="Muutti."),
        accept=False,
        reason="Asiakas asuu vielä vanhassa kunnassa.",
    )
    worker_change_request(
        actor=admin_worker,
        worker=guidance,
        role=Role.SOCIAL_COUNSELLOR,
        teams=[team],
        email="",
        is_active=True,
    )
    http_signed_in(lead).get(reverse("client_detail", args=[client_of_team.pk]))
    return World(client=client_of_team, relationship=relationship, plan=plan)


# (who, page, what the page is called in the test artefacts)
PAGES = [
    ("olli_ojala", lambda w: "/my-clients/", "my-clients"),
    ("olli_ojala", lambda w: "/clients/?q=m", "client-search"),
    ("olli_ojala", lambda w: f"/clients/{w.client.pk}/", "client"),
    ("olli_ojala", lambda w: f"/cases/{w.relationship.pk}/", "case"),
    ("olli_ojala", lambda w: f"/plans/{w.plan.pk}/", "plan"),
    ("olli_ojala", lambda w: f"/plans/{w.plan.pk}/my-plan/", "worksheet"),
    ("tiina_toivonen", lambda w: f"/clients/{w.client.pk}/access-log/", "access-log"),
    ("tiina_toivonen", lambda w: "/clients/transfers/", "transfers"),
    ("tiina_toivonen", lambda w: "/team/absences/", "absences"),
    ("tiina_toivonen", lambda w: "/team/workers/", "team-workers"),
    ("tiina_toivonen", lambda w: "/team/process/", "process"),
    ("tiina_toivonen", lambda w: "/team/case-meeting/", "case-meeting"),
    ("tiina_toivonen", lambda w: "/team/break-glass/", "break-glass-review"),
    (
        "tiina_toivonen",
        lambda w: "/team/week/",
        "team-week",
    ),
    (
        "noora_nieminen",
        lambda w: "/guidance/",
        "guidance-queue",
    ),
    (
        "sanna_salo",
        lambda w: "/distribution/",
        "distribution-queue",
    ),
    (
        "tiina_toivonen",
        lambda w: "/duty-rota/",
        "duty-rota",
    ),
]
# Pages whose templates this change made into cards; the others are unchanged at 1280 px.
CHANGED = {"my-clients", "worksheet", "access-log", "transfers", "absences", "team-workers"}

SIDEWAYS = """() => {
  const boxes = [...document.querySelectorAll('body *')].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1;
  }).map(el => el.tagName.toLowerCase() + '.' + el.className);
  return {page: document.documentElement.scrollWidth, viewport: window.innerWidth, boxes};
}"""


@pytest.mark.parametrize(("username", "path", "name"), [pytest.param(u, p, n, id=n) for u, p, n in PAGES])
def test_at_360_px_nothing_scrolls_sideways(
    page: Page, live_server, world: World, username, path, name
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server.url, username)
    response = page.goto(live_server.url + path(world))
    assert response is not None and response.status == 200
    widths = page.evaluate(SIDEWAYS)
    assert widths["page"] <= widths["viewport"], f"{name}: the page is {widths['page']} px wide"
    assert widths["boxes"] == [], f"{name}: these scroll sideways: {widths['boxes']}"
    assert_accessible(page, f"phone-360-{name}")


@pytest.mark.parametrize(
    ("username", "path", "name"), [pytest.param(u, p, n, id=n) for u, p, n in PAGES if n in CHANGED]
)
def test_at_1280_px_the_changed_pages_are_accessible(
    page: Page, live_server, world: World, username, path, name
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + path(world))
    assert_accessible(page, f"phone-1280-{name}")
