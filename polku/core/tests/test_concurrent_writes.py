"""Eight workers sign in and register clients at the same moment, over HTTP, against a real
database file (SQLite, as `make run` uses) or the PostgreSQL test database: no request fails
with "database is locked" or a 500, and every client registered is in the database."""

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.db import connection

from polku.clients.identity_code import make_identity_code
from polku.core.tests.serve_for_test import WRITERS
from polku.personas import PASSWORD

ROOT = Path(__file__).resolve().parents[3]
CLIENTS_EACH = 3

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Server:
    base: str
    team: int
    process: subprocess.Popen[str]
    log: Path

    def stop(self) -> list[str]:
        """The identity codes of the clients in the database, read by the server process."""
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write("stop\n")
        self.process.stdin.flush()
        codes = json.loads(self.process.stdout.readline())["clients"]
        self.process.wait(timeout=60)
        return codes


def database_url(tmp_path: Path) -> tuple[str, bool]:
    """A database both processes can open, and whether it still needs migrating."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'polku.sqlite3'}", True
    db = connection.settings_dict
    auth = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}", False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    url, migrate = database_url(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=url, DEBUG="true", REQUIRE_TWO_FACTOR="false")
    log = tmp_path / "server.log"
    with log.open("w") as errors:
        process = subprocess.Popen(  # noqa: S603 - our own module, run by this Python
            [sys.executable, "-m", "polku.core.tests.serve_for_test", *(["--migrate"] if migrate else [])],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    assert process.stdout
    started = process.stdout.readline()
    assert started, log.read_text()
    ready = json.loads(started)
    yield Server(f"http://127.0.0.1:{ready['port']}", ready["team"], process, log)
    if process.poll() is None:
        process.kill()
        process.wait()


class NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One worker's cookies and CSRF token, over plain HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirects())
        self.statuses: list[int] = []
        self.token = ""

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        data = urlencode(form).encode() if form is not None else None
        request = Request(self.base + path, data=data)  # noqa: S310 - the test server, http only
        try:
            with self.opener.open(request, timeout=60) as response:
                result = response.status, response.headers.get("Location", ""), response.read().decode()
        except HTTPError as error:
            result = error.code, error.headers.get("Location", ""), error.read().decode()
        self.statuses.append(result[0])
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', result[2])
        self.token = token.group(1) if token else self.token
        return result

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str, str]:
        return self.open(path, {"csrfmiddlewaretoken": self.token, **form})


def work(server: Server, number: int, start: threading.Barrier, made: list[str]) -> None:
    browser = Browser(server.base)
    browser.open("/sign-in/")
    start.wait()
    status, location, _page = browser.post("/sign-in/", {"username": WRITERS[number], "password": PASSWORD})
    assert (status, location) == (302, "/"), (WRITERS[number], status)
    for i in range(CLIENTS_EACH):
        code = make_identity_code(date(1980 + number, 1 + i, 15), 900 + 10 * number + i)
        form = {"identity_code": code, "first_names": "Aino", "last_name": f"Kirjattu{number}x{i}"}
        browser.open("/clients/new/")
        status, location, _page = browser.post(
            "/clients/new/", {**form, "language": "fi", "team": str(server.team)}
        )
        assert status == 302 and re.fullmatch(r"/clients/\d+/", location), (code, status)
        status, _location, page = browser.open(location)
        assert status == 200 and f"Kirjattu{number}x{i}" in page
        made.append(code)
    browser.post("/sign-out/", {})
    assert 500 not in browser.statuses


def test_eight_workers_write_at_once_without_a_locked_database(server: Server) -> None:
    start = threading.Barrier(len(WRITERS))
    made: list[str] = []
    failures: list[BaseException] = []

    def run(number: int) -> None:
        try:
            work(server, number, start, made)
        except BaseException as error:
            failures.append(error)
            start.abort()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(WRITERS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    in_database = server.stop()
    log = server.log.read_text()
    assert "database is locked" not in log
    assert failures == [], log[-3000:]
    assert len(made) == len(WRITERS) * CLIENTS_EACH
    assert sorted(made) == in_database
