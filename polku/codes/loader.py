"""Reading code-set files. A file is JSON: {"oid", "version", "name": {"fi", "sv", "en"},
"placeholder": bool, "codes": [{"code", "fi", "sv", "en", "plain_fi", "plain_sv"}]}.
Loading again updates names and adds codes; codes missing from the file are marked unused,
never deleted, because documents refer to them."""

import json
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


def bundled_files() -> list[Path]:
    return sorted(DATA.glob("*.json"))


@transaction.atomic
def load_code_set(data: dict[str, Any], code_set_model: Any = None, code_model: Any = None) -> Any:
    """Create or update one code set. The models are parameters so that a migration can pass
    its historical models."""
    if code_set_model is None or code_model is None:
        from polku.codes.models import Code, CodeSet

        code_set_model, code_model = CodeSet, Code
    names = data["name"]
    code_set, _created = code_set_model.objects.update_or_create(
        oid=data["oid"],
        defaults={
            "name_fi": names["fi"],
            "name_sv": names.get("sv", ""),
            "name_en": names.get("en", ""),
            "version": data["version"],
            "is_placeholder": data.get("placeholder", False),
        },
    )
    seen = []
    for order, row in enumerate(data["codes"]):
        code_model.objects.update_or_create(
            code_set=code_set,
            code=str(row["code"]),
            defaults={
                "name_fi": row["fi"],
                "name_sv": row.get("sv", ""),
                "name_en": row.get("en", ""),
                "plain_fi": row.get("plain_fi", ""),
                "plain_sv": row.get("plain_sv", ""),
                "order": order,
                "active": True,
            },
        )
        seen.append(str(row["code"]))
    code_model.objects.filter(code_set=code_set).exclude(code__in=seen).update(active=False)
    return code_set


def load_file(path: Path, code_set_model: Any = None, code_model: Any = None) -> Any:
    return load_code_set(json.loads(path.read_text(encoding="utf-8")), code_set_model, code_model)
