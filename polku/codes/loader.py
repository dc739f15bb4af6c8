"""Reading code-set files, in Polku's own format or as exported from the national code
server (koodistopalvelu.kanta.fi, see `from_code_server`).

Polku's format is JSON: {"oid", "version", "name": {"fi", "sv", "en"}, "placeholder": bool,
"codes": [{"code", "fi", "sv", "en", "plain_fi", "plain_sv", "placeholder"}]}. A code's
"placeholder" overrides the set's, for a set whose values are only partly published.

Loading again updates names and adds codes; codes missing from the file are marked unused,
never deleted, because documents refer to them. A stand-in value never takes an official
meaning, and never replaces one:

* an official value whose code is held by a placeholder is a new row: the placeholder is
  retired under a marked code (`polku:7`), so the documents that chose it keep what the
  worker chose, and no document silently changes meaning;
* a placeholder value whose code is already official is not loaded, a file of
  placeholders never retires official values, and it leaves alone a set that has since been
  loaded, in another version, from the code server."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction

DATA = Path(__file__).parent / "data"

# OIDs Polku uses, by name in code.
GOALS = "1.2.246.537.6.1292"
ATTAINMENT = "1.2.246.537.6.1253"
SITUATIONAL_FACTORS = "1.2.246.537.6.1290"
METHODS = "1.2.246.537.6.1293"
USED = "1.2.246.537.6.112"
SUPPORT_NEED = "1.2.246.537.6.1282"
NEED_NATURE = "1.2.246.537.6.1294"
SERVICES = "polku.avain.palvelut"
AUTHORITIES = "polku.pta.viranomaiset"

# A retired placeholder keeps its documents under this mark: `polku:7`.
RETIRED_PREFIX = "polku:"


class CodeFileError(ValueError):
    """A file that is not a code set Polku can read; the message says what is missing."""


def bundled_files() -> list[Path]:
    return sorted(DATA.glob("*.json"))


def _has_placeholder_field(code_model: Any) -> bool:
    # A migration before the field existed loads with its historical model.
    return any(field.name == "placeholder" for field in code_model._meta.get_fields())


def _retire(existing: Any, code_model: Any) -> None:
    """Move a placeholder out of the way of the official value with the same code."""
    mark = f"{RETIRED_PREFIX}{existing.code}"
    taken = set(
        code_model.objects.filter(code_set_id=existing.code_set_id, code__startswith=mark).values_list(
            "code", flat=True
        )
    )
    candidate, n = mark, 1
    while candidate in taken:
        n += 1
        candidate = f"{mark}:{n}"
    existing.code = candidate
    existing.active = False
    existing.save(update_fields=["code", "active"])


@transaction.atomic
def load_code_set(data: dict[str, Any], code_set_model: Any = None, code_model: Any = None) -> Any:
    """Create or update one code set. The models are parameters so that a migration can pass
    its historical models."""
    if code_set_model is None or code_model is None:
        from polku.codes.models import Code, CodeSet

        code_set_model, code_model = CodeSet, Code
    marks = _has_placeholder_field(code_model)
    file_is_placeholder = data.get("placeholder", False)
    loaded = code_set_model.objects.filter(oid=data["oid"]).first()
    if (
        marks
        and file_is_placeholder
        and loaded is not None
        and loaded.version != data["version"]
        and code_model.objects.filter(code_set=loaded, active=True, placeholder=False).exists()
    ):
        return loaded  # loaded since from the code server: Polku's stand-ins do not come back
    names = data.get("name") or {}
    defaults = {"version": data["version"], "is_placeholder": data.get("placeholder", False)}
    if names.get("fi"):
        defaults |= {"name_fi": names["fi"], "name_sv": names.get("sv", ""), "name_en": names.get("en", "")}
    code_set, created = code_set_model.objects.update_or_create(oid=data["oid"], defaults=defaults)
    if created and not names.get("fi"):
        code_set.name_fi = data["oid"]
        code_set.save(update_fields=["name_fi"])
    seen = []
    for order, row in enumerate(data["codes"]):
        value = str(row["code"])
        seen.append(value)
        placeholder = row.get("placeholder", file_is_placeholder)
        existing = code_model.objects.filter(code_set=code_set, code=value).first()
        if marks and existing is not None:
            if placeholder and not existing.placeholder:
                continue  # a stand-in never replaces an official value
            if existing.placeholder and not placeholder:
                _retire(existing, code_model)
        fields = {
            "name_fi": row["fi"],
            "name_sv": row.get("sv", ""),
            "name_en": row.get("en", ""),
            "plain_fi": row.get("plain_fi", ""),
            "plain_sv": row.get("plain_sv", ""),
            "order": order,
            "active": True,
        }
        if marks:
            fields["placeholder"] = placeholder
        code_model.objects.update_or_create(code_set=code_set, code=value, defaults=fields)
    missing = code_model.objects.filter(code_set=code_set).exclude(code__in=seen)
    if marks and file_is_placeholder:
        missing = missing.filter(placeholder=True)
    missing.update(active=False)
    if marks:
        code_set.is_placeholder = code_model.objects.filter(
            code_set=code_set, active=True, placeholder=True
        ).exists()
        code_set.save(update_fields=["is_placeholder"])
    return code_set


def read_file(path: Path, *, oid: str = "", version: str = "") -> dict[str, Any]:
    """A code-set file as Polku's format, whichever of the two formats it is in."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise CodeFileError(f"{path}: not JSON ({error})") from error
    if isinstance(data, list) or "conceptCodes" in data:
        return from_code_server(data, oid=oid, version=version)
    if oid and oid != data.get("oid"):
        raise CodeFileError(f"{path}: the file is code set {data.get('oid')}, not {oid}")
    return data


def load_file(path: Path, code_set_model: Any = None, code_model: Any = None) -> Any:
    return load_code_set(read_file(path), code_set_model, code_model)


# The code server's JSON (the `conceptcodes` listing of a classification, csapi v6) as Polku
# assumes it: one page, or a list of pages saved together, of
#   {"classification": {"oid": …, "version": …, "name": …}  (optional),
#    "conceptCodes": [{"conceptCodeId": "3", "status": "ACTIVE",
#                      "attributes": [{"attributeName": "LongName", "attributeValue": ["…"]}, …]}],
#    "page": 1, "totalPages": 1, "totalItems": 12}
# Only ACTIVE codes are loaded (a code the server has retired becomes unused in Polku). The
# Finnish name is the first of the attributes LongName, ShortName, Abbreviation (or a
# `longName` / `conceptCodeName` on the code itself); a Swedish or English name is an
# attribute whose name also says the language (LongName_sv, SwedishLongName, …). docs/deploy.md
# tells how to save the file; the OID and version are asked for when the file lacks them.
_FINNISH = ("longname", "shortname", "abbreviation", "conceptcodename", "name")
_LANGUAGE_MARKS = {"sv": ("sv", "swe", "swedish", "ruotsi"), "en": ("en", "eng", "english", "englanti")}


def _attributes(concept: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for attribute in concept.get("attributes") or []:
        values = attribute.get("attributeValue")
        value = values[0] if isinstance(values, list) and values else values
        if isinstance(value, str) and value.strip():
            found.setdefault(str(attribute.get("attributeName", "")).lower(), value.strip())
    for key in ("longName", "shortName", "conceptCodeName"):
        if isinstance(concept.get(key), str) and concept[key].strip():
            found.setdefault(key.lower(), concept[key].strip())
    return found


def _language_of(attribute: str) -> str:
    parts = [p for p in attribute.replace("-", "_").split("_") if p]
    for language, marks in _LANGUAGE_MARKS.items():
        if any(p in marks for p in parts[1:]) or any(attribute.startswith(m) for m in marks[2:]):
            return language
    return "fi"


def _names(concept: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    attributes = _attributes(concept)
    for base in _FINNISH:
        for attribute, value in attributes.items():
            if base in attribute:
                names.setdefault(_language_of(attribute), value)
    return names


def _pages(data: dict[str, Any] | list[Any]) -> Iterable[dict[str, Any]]:
    return data if isinstance(data, list) else [data]


def from_code_server(data: dict[str, Any] | list[Any], *, oid: str = "", version: str = "") -> dict[str, Any]:
    """The code server's listing as Polku's format, all values official."""
    pages = list(_pages(data))
    found = [p["classification"] for p in pages if isinstance(p.get("classification"), dict)]
    meta: dict[str, Any] = found[0] if found else {}
    oid = oid or str(meta.get("oid") or meta.get("classificationId") or "")
    version = version or str(
        meta.get("version") or meta.get("versionNumber") or meta.get("versionName") or ""
    )
    if not oid:
        raise CodeFileError("The code server's file does not say which code set it is: give --oid.")
    if not version:
        raise CodeFileError("The code server's file does not say its version: give --set-version.")
    codes = []
    for page in pages:
        for concept in page.get("conceptCodes") or []:
            if str(concept.get("status", "ACTIVE")).upper() != "ACTIVE":
                continue
            names = _names(concept)
            value = str(concept.get("conceptCodeId", "")).strip()
            if not value or not names.get("fi"):
                raise CodeFileError(f"Code {value or '?'} of {oid} has no code or no Finnish name.")
            codes.append({"code": value, **names, "placeholder": False})
    if not codes:
        raise CodeFileError(f"The file has no codes in use for {oid}.")
    name = meta.get("name") or meta.get("classificationName") or ""
    return {
        "oid": oid,
        "version": version,
        "name": {"fi": name} if isinstance(name, str) and name else {},
        "placeholder": False,
        "codes": codes,
    }
