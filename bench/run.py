"""County-scale benchmark: generate a synthetic wellbeing services county and time the
worker pages in-process (server time, no network), with the queries each page makes.

    make bench                      # SQLite under var/bench.sqlite3
    DATABASE_URL=postgres://... make bench

The data set follows architecture.md's scale: about 250,000 residents' worth of clients seen
by the services, 20,000 intakes a year, 6,000 open client relationships, 150 workers, and a
year of access-log rows. Timings are reported, never asserted.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.casework.models import ClientRelationship
from polku.clients.identity_code import make_identity_code
from polku.clients.models import Client, NameWord, name_words
from polku.core.models import Municipality, Organisation, Role, Team, Worker
from polku.intake.defaults import seed_intake_defaults
from polku.intake.models import Channel, DeadlineRule, DutyWeek, Intake, ReceivedHow, Stage
from polku.intake.weeks import week_start_of

CLIENTS = 40_000
INTAKES = 20_000
RELATIONSHIPS = 6_000
TEAMS = 10
WORKERS_PER_TEAM = 15
LOG_ROWS = 500_000
REPEATS = 30
FIRST = ["Aino", "Eetu", "Helmi", "Juho", "Kaisa", "Lauri", "Minna", "Niko", "Oona", "Pekka", "Sami", "Åsa"]
LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
]


def generate() -> Organisation:
    rng = random.Random(250_000)
    org = Organisation.objects.create(name="Vertailun hyvinvointialue", code="bench")
    seed_intake_defaults(org)
    rule = DeadlineRule.objects.get(organisation=org, is_default=True)
    teams, workers = [], []
    for t in range(TEAMS):
        town = Municipality.objects.create(organisation=org, code=f"{t:03d}", name_fi=f"Kunta {t}")
        team = Team.objects.create(organisation=org, name=f"Tiimi {t}")
        team.municipalities.add(town)
        teams.append(team)
        roles = [Role.TEAM_LEAD, Role.GUIDANCE_WORKER, Role.GUIDANCE_WORKER]
        roles += [Role.SOCIAL_WORKER] * 6 + [Role.SOCIAL_COUNSELLOR] * 6
        for n, role in enumerate(roles[:WORKERS_PER_TEAM]):
            worker = Worker.objects.create_user(
                username=f"w{t}-{n}", password="bench-password-2026", organisation=org, role=role
            )
            worker.teams.add(team)
            workers.append(worker)
    clients = []
    for n in range(CLIENTS):
        born = timezone.localdate() - timedelta(days=rng.randrange(18 * 365, 80 * 365))
        client = Client(
            organisation=org,
            identity_code=make_identity_code(born, 900 + n % 100) if n % 100 else "",
            birth_date=born,
            first_names=rng.choice(FIRST),
            last_name=f"{rng.choice(LAST)}{n // 100}",
            team=teams[n % TEAMS],
        )
        client.refresh_search_name()
        clients.append(client)
    # identity codes must be unique per organisation: keep one per (code)
    seen: set[str] = set()
    for client in clients:
        if client.identity_code in seen:
            client.identity_code = ""
        seen.add(client.identity_code)
    Client.objects.bulk_create(clients, batch_size=2000)
    clients = list(Client.objects.filter(organisation=org))
    NameWord.objects.bulk_create([w for c in clients for w in name_words(c)], batch_size=5000)
    now = timezone.now()
    stages = [Stage.CLOSED] * 6 + [Stage.GUIDANCE, Stage.DISTRIBUTION, Stage.ASSIGNED]
    intakes = [
        Intake(
            organisation=org,
            client=clients[n % len(clients)],
            team=clients[n % len(clients)].team,
            channel=rng.choice(Channel.values),
            received_how=ReceivedHow.PHONE,
            received_at=now - timedelta(hours=rng.randrange(1, 365 * 24)),
            description="Yhteydenotto.",
            deadline_rule=rule,
            start_by=timezone.localdate() + timedelta(days=rng.randrange(-10, 10)),
            stage=rng.choice(stages),
            registered_by=workers[n % len(workers)],
        )
        for n in range(INTAKES)
    ]
    Intake.objects.bulk_create(intakes, batch_size=2000)
    case_workers = [w for w in workers if w.role in (Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR)]
    ClientRelationship.objects.bulk_create(
        [
            ClientRelationship(
                organisation=org,
                client=clients[n * 5],
                team=clients[n * 5].team,
                responsible_worker=case_workers[n % len(case_workers)],
                opened_by=case_workers[0],
                quadrant=rng.choice(["low_good", "low_weak", "high_good", "high_weak"]),
            )
            for n in range(RELATIONSHIPS)
        ],
        batch_size=2000,
    )
    monday = week_start_of(timezone.localdate())
    for team in teams:
        members = list(team.workers.all())
        DutyWeek.objects.create(
            organisation=org,
            team=team,
            week_start=monday,
            social_worker=next(w for w in members if w.role == Role.SOCIAL_WORKER),
            social_counsellor=next(w for w in members if w.role == Role.SOCIAL_COUNSELLOR),
        )
    for start in range(0, LOG_ROWS, 10_000):
        AccessLogEntry.objects.bulk_create(
            AccessLogEntry(
                organisation=org,
                at=now - timedelta(minutes=rng.randrange(1, 365 * 24 * 60)),
                worker=workers[n % len(workers)],
                worker_name="Työntekijä",
                client=clients[n % len(clients)],
                view=View.CLIENT_PAGE,
                basis=Basis.TEAM_LEAD,
            )
            for n in range(start, start + 10_000)
        )
    return org


def measure(http: HttpClient, label: str, url: str) -> tuple[str, float, float, int]:
    http.get(url)  # warm up
    times = []
    reset_queries()  # the log is a bounded deque: once full, its length no longer grows
    with CaptureQueriesContext(connection) as queries:
        http.get(url)
    count = len(queries.captured_queries)  # now: the query log is a bounded deque
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = http.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{label}: {response.status_code}")
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return label, statistics.median(times), p95, count


def main() -> None:
    # Outside tests, each request resets the query log and closes the connection; keep both
    # so that the queries of one request can be counted.
    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    org = Organisation.objects.filter(code="bench").first()
    if org is None:
        started = time.perf_counter()
        org = generate()
        print(f"Generated the county in {time.perf_counter() - started:.0f} s")
    team = Team.objects.filter(organisation=org).order_by("pk").first()
    assert team is not None
    lead = team.workers.get(role=Role.TEAM_LEAD)
    guide = team.workers.filter(role=Role.GUIDANCE_WORKER).first()
    duty = DutyWeek.objects.get(team=team, week_start=week_start_of(timezone.localdate())).social_worker
    relationship = ClientRelationship.objects.filter(responsible_worker=duty).first()
    client = Client.objects.filter(team=team).order_by("pk").first()
    assert guide and relationship and client
    rows = []
    for worker, pages in (
        (
            lead,
            [
                ("client search (name)", "/clients/?q=virtanen1"),
                ("client page", f"/clients/{client.pk}/"),
                ("access log of a client", f"/clients/{client.pk}/access-log/"),
                ("access log PDF (a year)", f"/clients/{client.pk}/access-log.pdf"),
                ("team week (statistics)", "/team/week/"),
                ("process page", "/team/process/"),
            ],
        ),
        (guide, [("guidance queue", "/guidance/")]),
        (
            duty,
            [
                ("distribution queue", "/distribution/"),
                ("my clients", "/my-clients/"),
                ("case page", f"/cases/{relationship.pk}/"),
                ("network page", f"/network/cases/{relationship.pk}/"),
            ],
        ),
    ):
        http = HttpClient(HTTP_HOST="localhost")
        http.force_login(worker)
        rows += [measure(http, label, url) for label, url in pages]
    counts = (Client, Intake, ClientRelationship, AccessLogEntry)
    clients, intakes, relationships, log_rows = (model.objects.count() for model in counts)
    print(f"\nPolku bench on {connection.vendor}: {clients} clients, {intakes} intakes,")
    print(f"{relationships} open relationships, {log_rows} access-log rows, {REPEATS} requests per page")
    print(f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
    for label, p50, p95, count in rows:
        print(f"{label:<28}{p50:>9.1f}{p95:>9.1f}{count:>9}")


if __name__ == "__main__":
    main()
