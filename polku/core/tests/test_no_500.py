"""No request gives a 500 on bad input.

Every route is requested as up to two personas whose role and basis let the request reach
the view body, with malformed ids in the URL, malformed query values and malformed form
values. A route's form fields are found by rendering the pages (every <form> with its
inputs, selects, textareas and buttons) and by recording which keys the view reads from
request.POST. Each field gets bad values of its kind while the others are filled as the page
offers them, so that a value the form lets through reaches the service and the database.

Each request runs in a savepoint that is rolled back: one request's success does not change
what the next one meets, and a database error on PostgreSQL does not spoil the rest.
"""

import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.test import Client as HttpClient
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone

from polku.access.tests.test_routes import walk
from polku.access.tests.test_routes import world as world  # a fixture, used by fuzz_world
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.codes.loader import METHODS, SERVICES, SITUATIONAL_FACTORS
from polku.codes.selectors import codes_of
from polku.core.models import Organisation, Role, Team, Worker
from polku.intake.models import DeadlineRule
from polku.participation.services import code_issue
from polku.personas import forward, make_intake, make_worker
from polku.plans.models import Factor, Goal, OtherPlan, PlannedMethod, PlannedService, SupportPerson

HUGE = "99999999999999999999"
LONG = "x" * 100_000
# 'ﷺ' decomposes into 18 letters (NFKD), so a name's search key outgrows the name.
GROWING = "𝕏😀ﷺ " * 50
TEXT_VALUES = [LONG, "a\x00b", GROWING]
NUMBER_VALUES = ["abc", "-1", "0", HUGE]
DATE_VALUES = ["9999-12-31", "0001-01-01", "2026-02-30"]
DATETIME_VALUES = ["9999-12-31T23:59", "0001-01-01T00:00", "2026-02-30T12:00"]
CHOICE_VALUES = ["abc", HUGE]
# Every field at once; then the same, raw: invalid UTF-8 and a null character.
ALL_AT_ONCE = [*TEXT_VALUES, "abc", HUGE, "0001-01-01"]
RAW_FORM_VALUE = "%ff%fe%00"

QUERY_PARAMS = ["client", "week", "page", "team", "q", "a", "b", "code", "next"]
QUERY_VALUES = [
    "abc",
    "-1",
    HUGE,
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "99999",
    "x" * 10_000,
    " ".join(["sana"] * 500),
    "𝕏😀",
    "\U0010ffff",  # the last letter of Unicode: a prefix search cannot step it up
    "a\ud7ff",  # stepped up, a surrogate, which no database stores
    "\u0301",  # only a combining mark: no search key at all
]
RAW_QUERY_VALUES = ["%ff%fe", "%00", "%"]

URL_INT_VALUES = ["0", HUGE]
URL_STR_VALUES = ["abc", "9999-12-31", "0001-01-01", "%ff%fe", "x" * 2000]

# In the order tried: the responsible social worker, the team lead, the counsellor a handover
# is offered to, a guidance worker, and the lead of the team a transfer is offered to.
PERSONAS = ["sanna_salo", "tiina_toivonen", "olli_ojala", "noora_nieminen", "leena_lahti"]
# The client of the world's relationship, signed in to their own pages with a one-time code.
OWN_CLIENT = "own_client"


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """The keys a view asks of request.GET or request.POST while the block runs."""
    keys: set[str] = set()

    def wrap(original: Any) -> Any:
        def recorded(self: QueryDict, key: str, *args: Any, **kwargs: Any) -> Any:
            keys.add(key)
            return original(self, key, *args, **kwargs)

        return recorded

    with monkeypatch.context() as patch:
        for name in ("get", "getlist", "__getitem__", "__contains__"):
            patch.setattr(QueryDict, name, wrap(getattr(QueryDict, name)))
        yield keys


@dataclass
class FormField:
    name: str
    kind: str  # text, email, number, date, datetime, checkbox, choice, button, unknown
    value: str | None = None  # what a browser sends for it untouched


class FormParser(HTMLParser):
    """Every <form method="post"> of a page: its action, and its fields with the values a
    browser would send (the selected or first option of a select, the checked or first radio
    button)."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[tuple[str, dict[str, FormField]]] = []
        self.form: dict[str, FormField] | None = None
        self.select: FormField | None = None
        self.textarea: FormField | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attr_list}
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.form = {}
            self.forms.append((urlsplit(attrs.get("action") or self.page_path).path, self.form))
        if tag == "option" and self.select is not None:
            self._option(self.select, attrs)
        if self.form is None or not attrs.get("name"):
            return
        name, kind = attrs["name"], attrs.get("type", "text")
        if tag == "input" and kind in ("checkbox", "radio"):
            # A lone checkbox is a yes; checkboxes sharing a name choose from a list.
            single = kind == "checkbox" and name not in self.form
            known = self.form.setdefault(name, FormField(name, "checkbox" if single else "choice"))
            known.kind = known.kind if single else "choice"
            if "checked" in attrs or (kind == "radio" and known.value is None):
                known.value = attrs.get("value", "on")
        elif tag == "input":
            kinds = {"number": "number", "date": "date", "datetime-local": "datetime", "email": "email"}
            self.form[name] = FormField(
                name, "number" if name.endswith("version") else kinds.get(kind, "text"), attrs.get("value")
            )
        elif tag == "button":
            self.form.setdefault(name, FormField(name, "button"))
        elif tag == "select":
            self.select = self.form[name] = FormField(name, "choice")
        elif tag == "textarea":
            self.textarea = self.form[name] = FormField(name, "text", "")

    @staticmethod
    def _option(select: FormField, attrs: dict[str, str]) -> None:
        if attrs.get("value") and ("selected" in attrs or not select.value):
            select.value = attrs["value"]

    def handle_startendtag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attr_list)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            # A browser drops the newline that starts a textarea's content.
            self.textarea.value = ((self.textarea.value or "") + data).removeprefix("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def filled(form_field: FormField) -> str:
    """What a worker would plausibly send in the field."""
    if form_field.value:
        return form_field.value
    an_hour_ago = timezone.localtime() - timedelta(hours=1)
    return {
        "number": "1",
        "date": an_hour_ago.date().isoformat(),
        "datetime": an_hour_ago.strftime("%Y-%m-%dT%H:%M"),
        "email": "testi@example.fi",
        "text": "" if "identity_code" in form_field.name else "Testi",
    }.get(form_field.kind, "")


def bad_values(kind: str, other_org_ids: list[str]) -> list[str]:
    """Values for one field at a time. A null character and invalid UTF-8 need not be tried
    field by field: a form refuses them in each field alone, and every field gets them at once."""
    return {
        "text": [LONG, GROWING],
        "email": [LONG, GROWING],
        "number": NUMBER_VALUES,
        "date": DATE_VALUES,
        "datetime": DATETIME_VALUES,
        "choice": [*CHOICE_VALUES, *other_org_ids],
        "button": [LONG],
        "checkbox": [LONG],
    }.get(kind) or [*TEXT_VALUES, *NUMBER_VALUES, DATE_VALUES[0], *other_org_ids]


@dataclass
class Fuzz:
    http: dict[str, HttpClient]
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def request(self, persona: str, method: str, url: str, data: Any = None, **extra: Any) -> HttpResponse:
        self.requests += 1
        http = self.http[persona]
        with transaction.atomic():
            if method == "get":
                response = http.get(url, **extra)
            elif isinstance(data, str):
                response = http.post(url, data, content_type="application/x-www-form-urlencoded", **extra)
            else:
                response = http.post(url, data or {}, **extra)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            reason = f"{error[0].__name__}: {str(error[1])[:200]}" if error else ""
            self.failures.append(f"{method.upper()} {url[:200]} as {persona}, sent {_short(data)}: {reason}")
        return response


def _short(data: Any) -> str:
    if not data or isinstance(data, str):
        return repr(data)
    return repr({k: f"{v[:20]}…({len(v)} characters)" if len(v) > 30 else v for k, v in data.items()})


def _refused(response: HttpResponse) -> bool:
    """The role rule or the gate stopped the request before the view body."""
    location = response.get("Location", "")
    to_sign_in = location.startswith((reverse("login"), reverse("two_factor")))
    return response.status_code in (403, 404, 405) or (response.status_code == 302 and to_sign_in)


@pytest.fixture
def fuzz_world(
    world: dict[str, str], org: Organisation, other_team: Team, guidance: Worker, outsider: Worker
) -> dict[str, Any]:
    """The route test's world, plus an intake at every stage, a plan item of every kind, a
    lead for the team a transfer is offered to, and ids of another organisation's objects."""
    client = Client.objects.get(pk=world["client_id"])
    goal = Goal.objects.get(pk=world["goal_id"])
    version = goal.plan_version
    items = {
        "service": PlannedService.objects.create(plan_version=version, service=codes_of(SERVICES).first()),
        "method": PlannedMethod.objects.create(plan_version=version, method=codes_of(METHODS).first()),
        "person": SupportPerson.objects.create(plan_version=version, name="Äiti", relation="äiti"),
        "other_plan": OtherPlan.objects.create(plan_version=version, kind="other"),
        "factor": Factor.objects.create(goal=goal, factor=codes_of(SITUATIONAL_FACTORS).first(), effect="+"),
    }
    intakes = [
        make_intake(client, guidance),
        forward(make_intake(client, guidance), guidance),
        forward(make_intake(client, guidance), guidance, urgent=True),
    ]
    make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    theirs = outsider.organisation_id
    other_ids = {
        outsider.pk,
        outsider.teams.get().pk,
        Client.objects.get(organisation_id=theirs).pk,
        DeadlineRule.objects.filter(organisation_id=theirs).values_list("pk", flat=True)[0],
    }
    variants = [
        *({"intake_id": str(intake.pk)} for intake in intakes),
        {"part": "factor"},
        *({"kind": kind, "item_id": str(item.pk)} for kind, item in items.items()),
        {"kind": "step", "item_id": world["step_id"]},
        {"kind": "goal", "item_id": world["goal_id"]},
    ]
    # The password link's route: a made-up link, which must be refused, not crash.
    world = {**world, "uidb64": "MQ", "token": "abc-123"}
    return {"world": world, "variants": variants, "other_ids": sorted(map(str, other_ids))}


def concrete_urls(world: dict[str, str], variants: list[dict[str, str]]) -> list[tuple[str, str]]:
    """(route, URL) for every route, once for each variant of the world that changes it."""
    urls = []
    for route, pattern in walk(get_resolver().url_patterns):
        params = list(pattern.pattern.converters)
        for variant in [{}, *variants]:
            if variant and not set(variant) & set(params):
                continue
            url = reverse(pattern.name, kwargs={name: {**world, **variant}[name] for name in params})
            if (route, url) not in urls:
                urls.append((route, url))
    return urls


ARGUMENT = re.compile(r"<(\w+):(\w+)>")


def malformed_urls(route: str, url: str) -> list[str]:
    """The URL with each argument in turn replaced by a malformed one that its converter
    lets in; percent escapes go in as they are."""
    given = {name: str(value) for name, value in resolve(url).kwargs.items()}
    malformed = []
    for converter, name in ARGUMENT.findall(route):
        for bad in URL_INT_VALUES if converter == "int" else URL_STR_VALUES:
            values = {**given, name: bad}
            malformed.append("/" + ARGUMENT.sub(lambda m, values=values: values[m.group(2)], route))
    return malformed


@dataclass
class Map:
    """What the first requests learn: who reaches each URL (past the role rule and the gate),
    the query keys its view reads, and the forms that post to it."""

    reaches: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    query_keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    forms: dict[str, dict[str, FormField]] = field(default_factory=lambda: defaultdict(dict))


def explore(fuzz: Fuzz, urls: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> Map:
    found = Map()
    for _route, url in urls:
        public = getattr(resolve(url).func, "access_rule", "") == "public"
        rule = getattr(resolve(url).func, "access_rule", "")
        for persona in ["anonymous"] if public else [OWN_CLIENT] if rule == "client" else PERSONAS:
            with recording(monkeypatch) as keys:
                response = fuzz.request(persona, "get", url)
            if response.status_code == 405:
                response = fuzz.request(persona, "post", url)
            found.query_keys[url] |= keys & set(QUERY_PARAMS)
            if _refused(response):
                continue
            if persona not in found.reaches[url]:
                found.reaches[url].append(persona)
            if "html" in response.get("Content-Type", "") and response.status_code == 200:
                parser = FormParser(url)
                parser.feed(response.content.decode())
                for action, fields in parser.forms:
                    found.forms[action].update(fields)
                    # Whoever sees a form reaches its target, unless the target is public:
                    # signing out or choosing the language would change the persona's session.
                    target = found.reaches[action]
                    if persona not in target and resolve(action).func.access_rule != "public":
                        target.append(persona)
            if len(found.reaches[url]) >= 2:
                break
    return found


def try_urls_and_queries(fuzz: Fuzz, urls: list[tuple[str, str]], found: Map) -> None:
    """Malformed URL arguments and query values, once per route (its first URL reached)."""
    first_of_route: dict[str, str] = {}
    for route, url in urls:
        if route not in first_of_route or (found.reaches[url] and not found.reaches[first_of_route[route]]):
            first_of_route[route] = url
    for route, url in first_of_route.items():
        personas = found.reaches[url] or ["sanna_salo"]
        for bad_url in malformed_urls(route, url):
            fuzz.request(personas[0], "get", bad_url)
            fuzz.request(personas[0], "post", bad_url, {"x": "1"})
        keys = sorted(found.query_keys[url]) or ["q"]
        values = [quote(v) for v in QUERY_VALUES] + RAW_QUERY_VALUES if found.query_keys[url] else ["%00"]
        for i, value in enumerate(values):
            query = "&".join(f"{key}={value}" for key in keys)
            fuzz.request(personas[i % len(personas)], "get", f"{url}?{query}")


def try_forms(
    fuzz: Fuzz,
    urls: list[tuple[str, str]],
    found: Map,
    other_org_ids: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Malformed form values: nothing, every field at once, then one field at a time with the
    others filled. Of a route's URLs with the same fields (an intake at each stage), one is
    enough: the one where the filled form is accepted, if there is one."""
    chosen: dict[tuple[str, frozenset[str]], tuple[str, dict[str, FormField], bool]] = {}
    for route, url in urls:
        if not found.reaches[url]:
            continue
        with recording(monkeypatch) as keys:
            fuzz.request(found.reaches[url][0], "post", url)
        fields = {key: FormField(key, "unknown") for key in keys} | found.forms[url]
        fields.pop("csrfmiddlewaretoken", None)
        signature = (route, frozenset(k for k in fields if not k.startswith("initial-")))
        if not fields or chosen.get(signature, ("", {}, False))[2]:
            continue
        filled_in = {k: filled(f) for k, f in fields.items() if filled(f)}
        accepted = fuzz.request(found.reaches[url][0], "post", url, filled_in).status_code == 302
        if signature not in chosen or accepted:
            chosen[signature] = (url, fields, accepted)
    for url, fields, _accepted in chosen.values():
        persona = found.reaches[url][0]
        filled_in = {k: filled(f) for k, f in fields.items() if filled(f)}
        for value in ALL_AT_ONCE:
            fuzz.request(persona, "post", url, dict.fromkeys(fields, value))
        fuzz.request(persona, "post", url, "&".join(f"{quote(k)}={RAW_FORM_VALUE}" for k in fields))
        # The assessment also saves in the background, answering in JSON.
        background = {"HTTP_X_POLKU_AUTOSAVE": "1"} if resolve(url).url_name == "assessment_detail" else {}
        for key, form_field in fields.items():
            for value in bad_values(form_field.kind, other_org_ids):
                fuzz.request(persona, "post", url, {**filled_in, key: value}, **background)


@pytest.mark.django_db
def test_no_request_gives_a_500(fuzz_world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    http = {"anonymous": HttpClient(raise_request_exception=False)}
    for username in PERSONAS:
        http[username] = HttpClient(raise_request_exception=False)
        http[username].force_login(Worker.objects.get(username=username))
    relationship = ClientRelationship.objects.get(pk=fuzz_world["world"]["relationship_id"])
    code = code_issue(actor=relationship.responsible_worker, relationship=relationship)[1]
    http[OWN_CLIENT] = HttpClient(raise_request_exception=False)
    assert http[OWN_CLIENT].post(reverse("own_sign_in"), {"code": code}).status_code == 302
    fuzz = Fuzz(http)
    # Signing out would end the client's session for the rest of the run (tested elsewhere).
    urls = [
        u
        for u in concrete_urls(fuzz_world["world"], fuzz_world["variants"])
        if u[1] != reverse("own_sign_out")
    ]

    found = explore(fuzz, urls, monkeypatch)
    unreached = [url for _route, url in urls if not found.reaches[url]]
    assert len(unreached) < len(urls) / 5, unreached
    try_urls_and_queries(fuzz, urls, found)
    try_forms(fuzz, urls, found, fuzz_world["other_ids"], monkeypatch)

    report = "\n".join(fuzz.failures)
    assert not fuzz.failures, f"{len(fuzz.failures)} of {fuzz.requests} requests gave a 500:\n{report}"
