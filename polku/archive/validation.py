"""Is an export ready for the archive? Checked against THL's own schema with a maintained
JSON Schema library (jsonschema), so the check is not ours; and a document carrying one of
Polku's placeholder codes is not ready either, because a placeholder is no national code.

Each problem is told in the worker's language by the label of the form field it comes from,
where there is one, and by the structure's own Finnish name where there is not."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError as SchemaError

from polku.archive.exports import CONCLUSIONS, INFORMED, Export, Path
from polku.archive.structure import Structure, field_name
from polku.assessment.models import Assessment
from polku.clients.models import Client
from polku.plans.models import Goal, GoalEvaluation, PlannedMethod, PlanVersion


@dataclass(frozen=True)
class Problem:
    message: str  # what is wrong, in words for the worker
    where: str  # the field in the national structure, by its Finnish names


def _label(model: type[models.Model], name: str) -> Callable[[], str]:
    return lambda: capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))


_CLIENT: dict[Path, Callable[[], str]] = {
    ("asiakas", "sukunimi"): _label(Client, "last_name"),
    ("asiakas", "etunimet"): _label(Client, "first_names"),
    ("asiakas", "henkilotunnus"): _label(Client, "identity_code"),
}
_AUTHOR: dict[Path, Callable[[], str]] = {
    ("laatija",): (lambda: _("The author")),
    ("laatija", "sukunimi"): (lambda: _("The author's last name")),
    ("laatija", "etunimet"): (lambda: _("The author's first name")),
}
# The structure's fields that come from one form field, by path below the document's root.
LABELS: dict[str, dict[Path, Callable[[], str]]] = {
    "tyoikaisten_palvelutarpeen_arvio": {
        **_CLIENT,
        **_AUTHOR,
        ("asian_vireilletuloa_koskevat_tiedot", "vireilletulopaiva"): _label(Assessment, "pending_since"),
        ("palvelutarpeen_arviointia_koskevat_tiedot", "palvelutarpeen_arvioinnin_aloittamispaiva"): _label(
            Assessment, "started_on"
        ),
        ("palvelutarpeen_arviointia_koskevat_tiedot", "asiakkaalla_on_oikeus_erityiseen_tukeen"): _label(
            Assessment, "special_support"
        ),
        ("johtopaatokset_ja_jatkotoimet", "asiakkuuden_jatko"): _label(Assessment, "relationship_needed"),
        ("johtopaatokset_ja_jatkotoimet", "asiakkuuden_jatko", "asiakkuus_jatkuu"): _label(
            Assessment, "relationship_needed"
        ),
        ("johtopaatokset_ja_jatkotoimet", CONCLUSIONS): _label(Assessment, "summary"),
        ("johtopaatokset_ja_jatkotoimet", "asiakas_tarvitsee_omatyontekijan"): _label(
            Assessment, "own_worker_needed"
        ),
        ("johtopaatokset_ja_jatkotoimet", "omatyontekija", "sukunimi"): _label(Assessment, "own_worker"),
        ("johtopaatokset_ja_jatkotoimet", "omatyontekija", "etunimet"): _label(Assessment, "own_worker"),
        ("johtopaatokset_ja_jatkotoimet", "ammattihenkilon_arvio_tuen_tarpeesta"): _label(
            Assessment, "support_needs"
        ),
        ("johtopaatokset_ja_jatkotoimet", "arvio_tuen_tarpeen_luonteesta"): _label(Assessment, "need_nature"),
    },
    "tyoikaisten_palvelujen_asiakassuunnitelma": {
        **_CLIENT,
        **_AUTHOR,
        ("tiedot_neuvottelusta_jossa_tama_suunnitelma_on_tehty", "paivamaara"): _label(
            PlanVersion, "made_on"
        ),
        ("asetettavat_tavoitteet", "tavoite"): _label(Goal, "code"),
        ("asetettavat_tavoitteet", "tilannetekijat", "tilannetekija"): (lambda: _("Situational factor")),
        ("suunnitelman_arviointi", "edellisen_suunnitelman_tavoitteiden_saavuttaminen", "tavoite"): _label(
            Goal, "code"
        ),
        (
            "suunnitelman_arviointi",
            "edellisen_suunnitelman_tavoitteiden_saavuttaminen",
            "arvio_siita_onko_tavoite_saavutettu",
            "arvio",
        ): _label(GoalEvaluation, "worker_attainment"),
        (
            "suunnitelman_arviointi",
            "edellisen_suunnitelman_tavoitteiden_saavuttaminen",
            "arvio_siita_onko_tavoite_saavutettu",
            "tilannetekijat",
            "tilannetekija",
        ): (lambda: _("Situational factor")),
        ("menetelmat_ja_palvelut_joilla_tavoitteet_pyritaan_saavuttamaan", "palvelut", "menetelma"): _label(
            PlannedMethod, "method"
        ),
        ("suunnitelman_arviointi", "menetelmien_arviointi", "menetelma"): _label(PlannedMethod, "method"),
        (INFORMED,): _label(PlanVersion, "informed_of_rights"),
        ("asiakassuunnitelman_tarkastaminen", "paivamaara_ja_kellonaika"): _label(
            PlanVersion, "next_review_on"
        ),
    },
}


def _where(structure: Structure, path: Path) -> str:
    return " › ".join(field_name(structure, path[: i + 1]) for i in range(len(path)))


def _field(structure: Structure, path: Path) -> str:
    """The form field's label; else the structure's own name."""
    found = LABELS.get(structure.root, {}).get(path[1:])
    return found() if found else field_name(structure, path)


def _describe(structure: Structure, error: SchemaError) -> list[tuple[Path, str]]:
    path: Path = tuple(part for part in error.absolute_path if isinstance(part, str))
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return [((*path, name), _("%(field)s is missing.")) for name in missing]
    if error.validator == "minLength":
        return [(path, _("%(field)s is empty."))]
    if error.validator == "pattern" and path and "paiva" in path[-1]:
        return [(path, _("%(field)s is not a date the archive accepts."))]
    if error.validator == "enum":
        return [(path, _("%(field)s: the value is not in the national code set."))]
    if error.validator == "additionalProperties":
        return [(path, _("%(field)s has a field the national structure does not have."))]
    return [(path, _("%(field)s is not in the form the archive accepts."))]


def problems(export: Export) -> list[Problem]:
    """What keeps the export from the archive; empty when it is ready."""
    structure = export.structure
    found: list[Problem] = []
    errors = Draft7Validator(structure.schema).iter_errors(export.document)
    for error in sorted(errors, key=lambda e: [str(part) for part in e.absolute_path]):
        for path, message in _describe(structure, error):
            found.append(Problem(message % {"field": _field(structure, path)}, _where(structure, path)))
    for path, code in export.placeholders:
        message = _(
            "%(field)s: “%(value)s” is one of Polku's temporary values, not a national code. "
            "Ask the administrator to load the official code set from the national code server."
        ) % {"field": _field(structure, path), "value": code.name_fi}
        found.append(Problem(message, _where(structure, path)))
    return list(dict.fromkeys(found))


def schema_errors(document: dict[str, Any], structure: Structure) -> list[str]:
    """The validator's own messages, for tests and diagnostics."""
    return [error.message for error in Draft7Validator(structure.schema).iter_errors(document)]
