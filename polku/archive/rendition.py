"""The human-readable archival copy is drawn from the exported document itself, with the
structure's own names as headings, so that the PDF and the JSON are one document."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from polku.archive.exports import Export, Path
from polku.archive.structure import Structure, field_name

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Node:
    label: str
    level: int
    text: str = ""
    children: list["Node"] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.level = min(self.level, 6)  # HTML has six levels of heading


def _is_code(value: Any) -> bool:
    return isinstance(value, dict) and "display" in value and "code" in value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if _is_code(value):
        return str(value["display"])
    if isinstance(value, dict) and "value" in value:  # an identifier: {"system", "value"}
        return str(value["value"])
    if isinstance(value, str) and ISO_DATE.match(value):
        return date_format(date.fromisoformat(value), "j.n.Y")
    return str(value)


def _nodes(structure: Structure, path: Path, value: dict[str, Any], language: str, level: int) -> list[Node]:
    found = []
    for key, item in value.items():
        here = (*path, key)
        label = field_name(structure, here, language)
        if isinstance(item, list) and all(_is_code(part) for part in item):
            found.append(Node(label, level, ", ".join(_text(part) for part in item)))
        elif isinstance(item, list):
            found.append(
                Node(
                    label,
                    level,
                    children=[
                        Node(
                            f"{number}.",
                            level + 1,
                            children=_nodes(structure, here, part, language, level + 2),
                        )
                        for number, part in enumerate(item, start=1)
                    ]
                    if len(item) > 1
                    else _nodes(structure, here, item[0], language, level + 1),
                )
            )
        elif isinstance(item, dict) and not _is_code(item) and "value" not in item:
            found.append(Node(label, level, children=_nodes(structure, here, item, language, level + 1)))
        else:
            found.append(Node(label, level, _text(item)))
    return found


def rendition(export: Export) -> list[Node]:
    structure = export.structure
    with override(export.language):
        body = export.document.get(structure.root, {})
        return _nodes(structure, (structure.root,), body, export.language, 2)
