"""Load the demo organisation: teams, one worker per role and synthetic clients.

Idempotent: running it again changes nothing. Every identity code is in the 900–999
test range, so no demo client can be a real person.
"""

import random
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from polku.aftercare.demo import load_demo_aftercare
from polku.clients.identity_code import make_identity_code
from polku.clients.models import Client, index_name_words
from polku.core.models import Municipality, Organisation, Role, Team, Worker
from polku.core.services import worker_add
from polku.intake.defaults import seed_intake_defaults
from polku.intake.demo import load_demo_week
from polku.measures.demo import load_demo_measures
from polku.network.demo import load_demo_network
from polku.plans.demo import load_demo_plans

DEMO_PASSWORD = "polku-demo-2026"  # noqa: S105 - printed for newcomers; demo only
MUNICIPALITIES = [("901", "Järvilaakso", "Sjödal"), ("902", "Koskela", "Forsby"), ("903", "Harjula", "Åsby")]
TEAMS = [
    ("Järvilaakson työikäisten tiimi", "Järvilaakson sosiaalitoimisto", ["901", "903"]),
    ("Koskelan työikäisten tiimi", "Koskelan palvelukeskus", ["902"]),
]
WORKERS = [
    ("tiina", "Tiina", "Toivonen", Role.TEAM_LEAD, "Johtava sosiaalityöntekijä"),
    ("sanna", "Sanna", "Salo", Role.SOCIAL_WORKER, "Sosiaalityöntekijä"),
    ("olli", "Olli", "Ojala", Role.SOCIAL_COUNSELLOR, "Sosiaaliohjaaja"),
    ("noora", "Noora", "Nieminen", Role.GUIDANCE_WORKER, "Palveluohjaaja"),
    ("aki", "Aki", "Aalto", Role.ADMINISTRATOR, "Järjestelmän pääkäyttäjä"),
]
# Colleagues, so that the duty pair rotates and the worker picker has a choice.
COLLEAGUES = [
    ("sami", "Sami", "Saarinen", Role.SOCIAL_WORKER, "Sosiaalityöntekijä", 0),
    ("kaisa", "Kaisa", "Koivisto", Role.SOCIAL_COUNSELLOR, "Sosiaaliohjaaja", 0),
    ("leena", "Leena", "Lindholm", Role.TEAM_LEAD, "Johtava sosiaalityöntekijä", 1),
    ("pekka", "Pekka", "Peltonen", Role.SOCIAL_WORKER, "Sosiaalityöntekijä", 1),
    ("matti", "Matti", "Mattila", Role.SOCIAL_WORKER, "Sosiaalityöntekijä", 1),
    ("riikka", "Riikka", "Rantanen", Role.SOCIAL_COUNSELLOR, "Sosiaaliohjaaja", 1),
    ("veera", "Veera", "Virta", Role.GUIDANCE_WORKER, "Palveluohjaaja", 1),
]
FIRST = [
    "Aino",
    "Eetu",
    "Helmi",
    "Juho",
    "Kaisa",
    "Lauri",
    "Minna",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tuula",
    "Ville",
    "Åsa",
    "Jönssi",
    "Elina",
    "Mikael",
]
LAST = [
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Söderström",
    "Åberg",
    "Räsänen",
    "Kärkkäinen",
]
STREETS = ["Rantatie", "Koulukatu", "Puistokatu", "Myllytie", "Kirkkokatu"]


class Command(BaseCommand):
    help = "Load the demo organisation, its workers and synthetic clients (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        org, _created = Organisation.objects.get_or_create(
            code="jarvilaakso", defaults={"name": "Järvilaakson hyvinvointialue"}
        )
        towns = {}
        for code, fi, sv in MUNICIPALITIES:
            towns[code], _ = Municipality.objects.get_or_create(
                organisation=org, code=code, defaults={"name_fi": fi, "name_sv": sv}
            )
        teams = []
        for name, office, codes in TEAMS:
            team, created = Team.objects.get_or_create(
                organisation=org, name=name, defaults={"office": office}
            )
            if created:
                team.municipalities.set([towns[c] for c in codes])
            teams.append(team)
        seed_intake_defaults(org)
        rows = [(*w, 0) for w in WORKERS] + COLLEAGUES
        for username, first, last, role, title, team_index in rows:
            worker, created = Worker.objects.get_or_create(
                username=username,
                defaults={
                    "organisation": org,
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "title": title,
                    "is_staff": role == Role.ADMINISTRATOR,
                    "email": f"{username}@jarvilaakso.example",
                },
            )
            if created:
                worker.set_password(DEMO_PASSWORD)
                worker.save()
                if role != Role.ADMINISTRATOR:
                    worker.teams.set([teams[team_index]])
        self._waiting_worker(org, teams[0])
        self._clients(org, teams, towns)
        load_demo_week(org, teams)
        load_demo_plans(org)
        load_demo_network(org, DEMO_PASSWORD)
        load_demo_measures(org)
        load_demo_aftercare(org)
        self.stdout.write(self.style.SUCCESS("Demo organisation: Järvilaakson hyvinvointialue"))
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, _title in WORKERS:
            self.stdout.write(f"  {username:<8} {first} {last} – {role.label}")
        self.stdout.write("  Colleagues: " + ", ".join(c[0] for c in COLLEAGUES))
        self.stdout.write("  tero     Tero Törmänen – partner professional (employment services)")
        self.stdout.write(
            "  Waiting for the team lead's confirmation: ulla (no password until a link is sent)"
        )
        self._client_code(org)

    def _client_code(self, org: Organisation) -> None:
        """A one-time code for a demo client's own pages, given as Sanna would give it (a new
        code each time the demo is loaded; the earlier one stops working)."""
        from polku.casework.models import ClientRelationship
        from polku.participation.selectors import current_versions
        from polku.participation.services import code_days, code_issue

        sanna = Worker.objects.get(username="sanna")
        relationship = next(
            (
                r
                for r in ClientRelationship.objects.filter(
                    organisation=org, responsible_worker=sanna, closed_at__isnull=True
                )
                .select_related("client")
                .order_by("pk")
                if current_versions(r.client_id).exists()
            ),
            None,
        )
        if relationship is None:
            return
        _issued, code = code_issue(actor=sanna, relationship=relationship)
        self.stdout.write(
            f"Client's own pages: /my/sign-in/ with the code {code} "
            f"({relationship.client.full_name}; works once, for {code_days()} days)"
        )

    def _waiting_worker(self, org: Organisation, team: Team) -> None:
        """A newcomer the administrator has added: her role waits for Tiina's confirmation
        (Tiimi → Työntekijämuutokset). The seeded colleagues above are confirmed already."""
        if Worker.objects.filter(username="ulla").exists():
            return
        newcomer = Worker(
            username="ulla", first_name="Ulla", last_name="Uusitalo", email="ulla@jarvilaakso.example"
        )
        worker_add(
            actor=Worker.objects.get(username="aki"),
            worker=newcomer,
            role=Role.SOCIAL_COUNSELLOR,
            teams=[team],
        )

    def _clients(self, org: Organisation, teams: list[Team], towns: dict[str, Municipality]) -> None:
        rng = random.Random(2026)
        for number in range(900, 940):
            born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
            code = make_identity_code(born, number)
            team = teams[number % 2]
            town = next(t for t in towns.values() if t.team_set.filter(pk=team.pk).exists())
            client = Client(
                organisation=org,
                identity_code=code,
                birth_date=born,
                first_names=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                phone=f"040 {rng.randrange(1000000, 9999999)}",
                street_address=f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
                postal_code=f"99{rng.randrange(100, 999)}",
                post_office=town.name_fi,
                municipality=town,
                language="sv" if number % 9 == 0 else "fi",
                address_ban=number % 13 == 0,
                team=team,
            )
            client.refresh_search_name()
            # Registered by nobody: only the team lead of the client's team has a basis.
            fields = {f.name: getattr(client, f.name) for f in Client._meta.concrete_fields}
            for key in ("id", "organisation", "identity_code", "registered_at"):
                fields.pop(key)
            client, created = Client.objects.get_or_create(
                organisation=org, identity_code=code, defaults=fields
            )
            if created:
                index_name_words(client)
