"""Serve Polku from the database in DATABASE_URL, as `make run` would, for a test in another
process: `python -m polku.core.tests.serve_for_test [--migrate]`.

It seeds eight social workers with the personas' password, binds the threaded server that
`runserver` uses to a free port and prints the port. A line "stop" on stdin makes it print
the identity codes of the clients in the database as JSON and exit.
"""

import json
import os
import sys
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

from polku.clients.models import Client  # noqa: E402
from polku.core.models import Organisation, Role, Team  # noqa: E402
from polku.intake.defaults import seed_intake_defaults  # noqa: E402
from polku.personas import make_worker  # noqa: E402

WRITERS = [
    "sanna_salo",
    "olli_ojala",
    "sami_saarinen",
    "kaisa_koivisto",
    "pekka_peltonen",
    "matti_mattila",
    "riikka_rantanen",
    "leena_lindholm",
]


def seed() -> int:
    org = Organisation.objects.create(name="Järvilaakson hyvinvointialue", code="jarvilaakso")
    seed_intake_defaults(org)
    team = Team.objects.create(organisation=org, name="Järvilaakson tiimi", office="Järvilaakso")
    for username in WRITERS:
        make_worker(org, username, Role.SOCIAL_WORKER, [team])
    return team.pk


def main() -> None:
    if "--migrate" in sys.argv:
        call_command("migrate", verbosity=0)
    team_id = seed()
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.daemon_threads = True
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1], "team": team_id}), flush=True)
    for line in sys.stdin:
        if line.strip() == "stop":
            break
    server.shutdown()
    codes = sorted(Client.objects.values_list("identity_code", flat=True))
    print(json.dumps({"clients": codes}), flush=True)


if __name__ == "__main__":
    main()
