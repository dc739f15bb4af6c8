"""No request gives a 500 on bad input.

Every route is requested, as each persona whose role and basis let the request reach the view
body, with malformed ids in the URL, malformed query values and malformed form values. The
form fields are found by rendering the pages (every <form> with its inputs, selects and
textareas) and by recording which keys a view reads from request.POST. Each request runs in
a savepoint that is rolled back, so one request's success does not change what the next one
meets, and a database error on PostgreSQL does not poison the rest of the test.
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
from django.http import QueryDict
from django.test import Client as HttpClient
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone

from polku.access.tests.test_routes import walk
from polku.access.tests.test_routes import world as world  # a fixture
from polku.core.models import Organisation, Role, Team, Worker

HUGE = "99999999999999999999"
LONG = "x" * 100_000
# Some letters decompose into many (NFKD: 'ﷺ' into 18): a name's search key grows.
TEXT_VALUES = [LONG, "a\x00b", "𝕏😀ﷺ " * 50]
NUMBER_VALUES = ["abc", "-1", "0", HUGE, "1" * 5000]
DATE_VALUES = ["9999-12-31", "0001-01-01", "2026-02-30", "abc"]
DATETIME_VALUES = ["9999-12-31T23:59", "0001-01-01T00:00", "2026-02-30T12:00"]
CHOICE_VALUES = ["abc", "-1", HUGE, "\x00"]

# Query values, each given to every parameter a view reads; raw ones are sent as they are.
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
    "\U0010ffff",
    "a\ud7ff",
    "\u0301",
]
RAW_QUERY_VALUES = ["%ff%fe", "%00", "%"]
QUERY_PARAMS = ["client", "week", "page", "team", "q", "a", "b", "code", "next"]

URL_INT_VALUES = ["0", HUGE]
URL_STR_VALUES = ["abc", "9999-12-31", "0001-01-01", "2026-02-30", "%ff%fe", "x" * 2000]


# ---------------------------------------------------------------------------------------------
# Which keys does a view read? QueryDict is wrapped for the test so that every key asked for
# is recorded; form fields read their values through get/getlist.


@contextmanager
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    keys: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__", "__contains__")}

    def wrap(original: Any) -> Any:
        def recorded(self: QueryDict, key: str, *args: Any, **kwargs: Any) -> Any:
            keys.add(key)
            return original(self, key, *args, **kwargs)

        return recorded

    with monkeypatch.context() as patch:
        for name, original in originals.items():
            patch.setattr(QueryDict, name, wrap(original))
        yield keys


# ---------------------------------------------------------------------------------------------
# The forms of a page.


@dataclass
class FormField:
    name: str
    kind: str  # text, number, date, datetime, choice, flag
    value: str | None  # what a browser would send for it untouched (None: nothing)
    options: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    """Every <form method="post"> of a page: its action and its fields."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[tuple[str, dict[str, FormField]]] = []
        self.current: dict[str, FormField] | None = None
        self.select: FormField | None = None
        self.option_selected = False
        self.textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self.current = {}
                self.forms.append((urlsplit(attrs.get("action") or self.page_path).path, self.current))
            return
        if self.current is None or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                known = self.current.setdefault(name, FormField(name, "choice", None))
                known.options.append(attrs.get("value", "on"))
                if "checked" in attrs or (kind == "radio" and known.value is None):
                    known.value = attrs.get("value", "on")
            else:
                self.current[name] = FormField(name, _kind(kind, name), attrs.get("value"))
        elif tag == "button":
            self.current.setdefault(name, FormField(name, "flag", None, [attrs.get("value", "")]))
        elif tag == "select":
            self.select = self.current[name] = FormField(name, "choice", None)
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select.options.append(value)
            if "selected" in attrs or (self.select.value in (None, "") and value):
                self.select.value = value
        elif tag == "textarea":
            self.textarea = self.current[name] = FormField(name, "text", "")

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value = (self.textarea.value or "") + data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _kind(input_type: str, name: str) -> str:
    if input_type == "number" or name.endswith("version"):
        return "number"
    if input_type == "date":
        return "date"
    if input_type == "datetime-local":
        return "datetime"
    return "text"


def filled(form_field: FormField) -> str:
    """A value the form would accept, as far as a test can tell."""
    if form_field.value:
        return form_field.value
    now = timezone.localtime() - timedelta(hours=1)
    return {
        "number": "1",
        "date": now.date().isoformat(),
        "datetime": now.strftime("%Y-%m-%dT%H:%M"),
        "text": "" if "identity_code" in form_field.name else "Testi",
    }.get(form_field.kind, form_field.value or "")


def baseline_of(fields: dict[str, FormField]) -> dict[str, str]:
    return {k: filled(f) for k, f in fields.items() if f.kind != "flag" and filled(f)}


def bad_values(kind: str, other_org_ids: list[str]) -> list[str]:
    values = {
        "text": TEXT_VALUES,
        "number": NUMBER_VALUES,
        "date": [*DATE_VALUES, "a\x00b"],
        "datetime": [*DATETIME_VALUES, "a\x00b"],
        "choice": CHOICE_VALUES + other_org_ids,
        "flag": ["a\x00b", LONG],
    }.get(kind)
    return values or [*TEXT_VALUES, *NUMBER_VALUES[:4], *DATE_VALUES[:3], *other_org_ids]


# ---------------------------------------------------------------------------------------------
# The run.


@dataclass
class Fuzz:
    http: dict[str, HttpClient]
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    times: dict[str, float] = field(default_factory=dict)

    def request(self, persona: str, method: str, url: str, data: Any = None, **extra: Any) -> Any:
        self.requests += 1
        import time

        started = time.perf_counter()
        route = resolve(urlsplit(url).path).url_name if not url.startswith("/duty-rota/1/week/%") else "x"
        http = self.http[persona]
        with transaction.atomic():
            if method == "get":
                response = http.get(url, **extra)
            elif isinstance(data, bytes):
                response = http.post(url, data, content_type="application/x-www-form-urlencoded", **extra)
            else:
                response = http.post(url, data or {}, **extra)
            transaction.set_rollback(True)
        self.times[f"{route}"] = self.times.get(f"{route}", 0) + time.perf_counter() - started
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            reason = f"{error[0].__name__}: {str(error[1])[:200]}" if error else ""
            self.failures.append(
                f"{response.status_code} {method.upper()} {url[:300]} as {persona}, "
                f"sent {_short(data)}: {reason}"
            )
        return response


def _short(data: Any) -> str:
    if not data:
        return "nothing"
    if isinstance(data, bytes):
        return repr(data[:120])
    return repr(
        {k: (v[:40] + f"…({len(v)})" if isinstance(v, str) and len(v) > 40 else v) for k, v in data.items()}
    )


@pytest.fixture
def fuzz_world(
    world: dict[str, str],
    org: Organisation,
    team: Team,
    other_team: Team,
    guidance: Worker,
    client_of_team: Any,
    outsider: Worker,
) -> dict[str, Any]:
    """The route test's world, plus intakes at every stage, a plan item of every kind, a lead
    for the team a transfer is offered to, and ids of another organisation's objects."""
    from polku.codes.loader import METHODS, SERVICES, SITUATIONAL_FACTORS
    from polku.codes.selectors import codes_of
    from polku.intake.models import DeadlineRule, GuidanceCategory, NotifierType, UrgencyCriterion
    from polku.personas import forward, make_intake, make_worker
    from polku.plans.models import Factor, Goal, OtherPlan, PlannedMethod, PlannedService, SupportPerson

    goal = Goal.objects.get(pk=world["goal_id"])
    version = goal.plan_version
    service = PlannedService.objects.create(plan_version=version, service=codes_of(SERVICES).first())
    method = PlannedMethod.objects.create(plan_version=version, method=codes_of(METHODS).first())
    person = SupportPerson.objects.create(plan_version=version, name="Äiti", relation="äiti", task="tuki")
    other_plan = OtherPlan.objects.create(
        plan_version=version, kind=OtherPlan._meta.get_field("kind").choices[0][0]
    )
    factor = Factor.objects.create(goal=goal, factor=codes_of(SITUATIONAL_FACTORS).first(), effect="+")
    waiting = make_intake(client_of_team, guidance)
    distributing = forward(make_intake(client_of_team, guidance), guidance)
    urgent = forward(make_intake(client_of_team, guidance), guidance, urgent=True)
    make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    other_org = outsider.organisation_id
    other_ids = {
        outsider.pk,
        outsider.teams.get().pk,
        *(
            m.objects.filter(organisation_id=other_org).values_list("pk", flat=True).first()
            for m in (DeadlineRule, NotifierType, UrgencyCriterion, GuidanceCategory)
        ),
    }
    from polku.clients.models import Client

    other_ids.add(Client.objects.get(organisation_id=other_org).pk)
    variants = [
        {"intake_id": str(waiting.pk)},
        {"intake_id": str(distributing.pk)},
        {"intake_id": str(urgent.pk)},
        {"part": "factor"},
        {"kind": "service", "item_id": str(service.pk)},
        {"kind": "method", "item_id": str(method.pk)},
        {"kind": "person", "item_id": str(person.pk)},
        {"kind": "other_plan", "item_id": str(other_plan.pk)},
        {"kind": "step", "item_id": world["step_id"]},
        {"kind": "factor", "item_id": str(factor.pk)},
        {"kind": "goal", "item_id": world["goal_id"]},
    ]
    return {"world": world, "variants": variants, "other_ids": sorted(str(i) for i in other_ids if i)}


PERSONAS = ["sanna_salo", "tiina_toivonen", "olli_ojala", "noora_nieminen", "leena_lahti"]


def concrete_urls(
    world: dict[str, str], variants: list[dict[str, str]]
) -> list[tuple[str, str, dict[str, str]]]:
    """(route, URL, its arguments) for every route, with each variant of the world."""
    urls = []
    for route, pattern in walk(get_resolver().url_patterns):
        params = list(pattern.pattern.converters)
        seen = set()
        for variant in [{}, *variants]:
            if variant and not set(variant) & set(params):
                continue
            kwargs = {name: {**world, **variant}[name] for name in params}
            url = reverse(pattern.name, kwargs=kwargs)
            if url not in seen:
                seen.add(url)
                urls.append((route, url, kwargs))
    return urls


ARGUMENT = re.compile(r"<(\w+):(\w+)>")


def malformed_urls(route: str, kwargs: dict[str, str]) -> list[str]:
    """The URL with each argument in turn replaced by a malformed one its converter lets in;
    a value with percent escapes goes in as it is."""
    urls = []
    for match in ARGUMENT.finditer(route):
        converter, param = match.groups()
        for value in URL_INT_VALUES if converter == "int" else URL_STR_VALUES:
            values = {**kwargs, param: value}
            urls.append("/" + ARGUMENT.sub(lambda m, values=values: values[m.group(2)], route))
    return urls


@pytest.mark.django_db
def test_no_request_gives_a_500(fuzz_world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    world, variants, other_ids = fuzz_world["world"], fuzz_world["variants"], fuzz_world["other_ids"]
    http = {"anonymous": HttpClient(raise_request_exception=False)}
    for username in PERSONAS:
        http[username] = HttpClient(raise_request_exception=False)
        http[username].force_login(Worker.objects.get(username=username))
    fuzz = Fuzz(http)
    urls = concrete_urls(world, variants)

    # 1. Who reaches each URL (past the role rule and the gate), which keys the view reads,
    # and the forms of every page.
    reaches: dict[str, list[str]] = defaultdict(list)
    reads: dict[tuple[str, str], set[str]] = defaultdict(set)
    forms: dict[str, dict[str, FormField]] = defaultdict(dict)
    for _route, url, _kwargs in urls:
        public = getattr(resolve(url).func, "access_rule", "") == "public"
        for persona in ["anonymous"] if public else PERSONAS:
            for method in ("get", "post"):
                with recording(monkeypatch) as keys:
                    response = fuzz.request(persona, method, url)
                if response.status_code in (403, 404, 405) or _to_sign_in(response):
                    continue
                if persona not in reaches[url]:
                    reaches[url].append(persona)
                reads[(url, method)] |= keys
                if method == "get" and "html" in response["Content-Type"]:
                    parser = FormParser(url)
                    parser.feed(response.content.decode())
                    for action, fields in parser.forms:
                        forms[action].update(fields)
    fuzz.times["phase1"] = fuzz.requests
    unreached = [url for _r, url, _k in urls if not reaches[url]]
    assert len(unreached) < len(urls) / 5, unreached

    # 2. Malformed URLs and query values, once per route, as two personas who reach it.
    by_route: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for route, url, kwargs in urls:
        by_route[route].append((url, kwargs))
    for route, variants_of_route in by_route.items():
        url, kwargs = next(((u, k) for u, k in variants_of_route if reaches[u]), variants_of_route[0])
        for persona in reaches[url][:2] or ["sanna_salo"]:
            for bad_url in malformed_urls(route, kwargs):
                fuzz.request(persona, "get", bad_url)
                fuzz.request(persona, "post", bad_url, {"x": "1"})
            query_keys = reads[(url, "get")] & set(QUERY_PARAMS)
            values = [quote(v) for v in QUERY_VALUES] + RAW_QUERY_VALUES if query_keys else ["%00"]
            for value in values:
                fuzz.request(
                    persona, "get", url + "?" + "&".join(f"{k}={value}" for k in query_keys or ["q"])
                )

    fuzz.times["phase2"] = fuzz.requests
    # 3. Malformed form values: all fields at once, then one field at a time with the others
    # filled as the page offers them, so that the bad value reaches the service. Of the URLs
    # of a route with the same fields (an intake at each stage), one is enough: the one where
    # the filled form is accepted, if there is one.
    chosen: dict[tuple[str, frozenset[str]], tuple[str, str, dict[str, FormField], bool]] = {}
    for route, url, _kwargs in urls:
        fields = dict(forms.get(url, {}))
        for key in reads[(url, "post")] - set(fields):
            fields[key] = FormField(key, "unknown", None)
        fields.pop("csrfmiddlewaretoken", None)
        signature = (route, frozenset(fields))
        if not fields or not reaches[url] or chosen.get(signature, ("", "", {}, False))[3]:
            continue
        persona = reaches[url][0]
        accepted = fuzz.request(persona, "post", url, baseline_of(fields)).status_code == 302
        if signature not in chosen or accepted:
            chosen[signature] = (url, persona, fields, accepted)
    for url, persona, fields, _accepted in chosen.values():
        baseline = baseline_of(fields)
        for value in [*TEXT_VALUES, "abc", HUGE, "9999-12-31"]:
            fuzz.request(persona, "post", url, dict.fromkeys(fields, value))
        fuzz.request(persona, "post", url, "&".join(f"{quote(k)}=%ff%fe%00" for k in fields).encode())
        autosave = {"HTTP_X_POLKU_AUTOSAVE": "1"} if resolve(url).url_name == "assessment_detail" else {}
        for key, form_field in fields.items():
            for value in bad_values(form_field.kind, other_ids):
                fuzz.request(persona, "post", url, {**baseline, key: value}, **autosave)

    import os

    if os.environ.get("FUZZ_REPORT"):
        with open(os.environ["FUZZ_REPORT"], "w") as report:
            report.write(f"{fuzz.requests} requests {fuzz.times}\n" + "\n".join(fuzz.failures))
    assert fuzz.failures == [], f"{len(fuzz.failures)} of {fuzz.requests} requests:\n" + "\n".join(
        fuzz.failures
    )


def _to_sign_in(response: Any) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith(reverse("login")) or location.startswith(reverse("two_factor"))
    )
