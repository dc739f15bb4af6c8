"""THL's two document structures as published (Sosmeta's JSON schemas, draft-07, in
schemas/, unchanged): what a document must look like to go to the national archive, and the
structure's own Finnish and Swedish names for each field."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).parent / "schemas"


@dataclass(frozen=True)
class Structure:
    oid: str
    version: str  # the document definition's version, as the schema states it
    root: str  # the document's one top-level property
    name_fi: str
    name_sv: str

    @property
    def schema(self) -> dict[str, Any]:
        return _schema(self.oid)

    def name(self, language: str) -> str:
        return self.name_sv if language == "sv" else self.name_fi


@cache
def _schema(oid: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{oid}.json").read_text(encoding="utf-8"))
    return schema


ASSESSMENT = Structure(
    oid="1.2.246.537.6.1506.1012.2023.9.28",
    version="2023-09-28",
    root="tyoikaisten_palvelutarpeen_arvio",
    name_fi="Työikäisten palvelutarpeen arvio",
    name_sv="Bedömning av servicebehovet för personer i arbetsför ålder",
)
PLAN = Structure(
    oid="1.2.246.537.6.1506.15020.2024.11.28",
    version="2024-11-28",
    root="tyoikaisten_palvelujen_asiakassuunnitelma",
    name_fi="Työikäisten palvelujen asiakassuunnitelma",
    name_sv="Klientplan inom servicen för personer i arbetsför ålder",
)


def node(structure: Structure, path: tuple[str, ...]) -> dict[str, Any]:
    """The schema of the field at `path` (property names; list items are skipped)."""
    current = structure.schema
    for name in path:
        while current.get("type") == "array":
            current = current.get("items", {})
        current = current.get("properties", {}).get(name, {})
    while current.get("type") == "array":
        current = current.get("items", {})
    return current


def field_name(structure: Structure, path: tuple[str, ...], language: str = "fi") -> str:
    """The structure's own name for the field at `path` (or for the items of a list)."""
    names = (node(structure, path).get("sosmeta") or {}).get("name") or []
    for wanted in (language, "fi"):
        for name in names:
            if name.get("lang") == wanted and name.get("value"):
                return str(name["value"])
    return path[-1].replace("_", " ").capitalize() if path else ""
