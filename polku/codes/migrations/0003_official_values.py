"""Official values where THL's published structures give them (docs/decisions.md, "Documents in
the national structure"): support need 1.2.246.537.6.1282 complete, yes/no 1.2.246.537.6.112,
situational factors 1.2.246.537.6.1290 and support-need duration 1.2.246.537.6.1294 in part.

Every value becomes marked official or placeholder. Existing documents keep their meaning: a
placeholder that means the same as an official value becomes that value (same row, so every
document referring to it follows); one that does not is retired under a marked code and stays
on the documents that chose it. On a new database the files were already loaded by 0002."""

import json
from pathlib import Path
from typing import Any

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data"
CHANGED = ["support_need.json", "used.json", "situational_factors.json", "need_nature.json"]

# Old placeholder code -> official code with the same meaning; None: no official equivalent.
SAME_MEANING = {
    "1.2.246.537.6.1282": {
        "1": None,  # "Välttämätön huolenpito ja toimeentulo" is not "Jokapäiväisestä elämästä…"
        "2": "2",
        "3": "3",
        "4": "4",
        "5": "5",
        "6": "6",
        "7": None,  # "Päihteiden käyttö tai mielenterveys": the official list has two (8 and 9)
        "8": "10",  # functional capacity
        "99": "99",
    },
    "1.2.246.537.6.112": {"1": "K", "2": "E"},
    "1.2.246.537.6.1290": {"3": "3"},
    "1.2.246.537.6.1294": {"3": "3"},
}


def mark(apps: Any, schema_editor: Any) -> None:
    from polku.codes.loader import load_file

    code_set_model = apps.get_model("codes", "CodeSet")
    code_model = apps.get_model("codes", "Code")
    for code_set in code_set_model.objects.all():
        code_set.codes.update(placeholder=code_set.is_placeholder)
    files = {name: json.loads((DATA / name).read_text(encoding="utf-8")) for name in CHANGED}
    for data in files.values():
        code_set = code_set_model.objects.filter(oid=data["oid"]).first()
        if code_set is None:
            continue
        # Values loaded from this very file (a new database): marked as the file marks them.
        for row in data["codes"]:
            code_model.objects.filter(code_set=code_set, code=row["code"], name_fi=row["fi"]).update(
                placeholder=row.get("placeholder", data.get("placeholder", False))
            )
        if not code_set.is_placeholder and data["oid"] not in ("1.2.246.537.6.1290", "1.2.246.537.6.1294"):
            continue  # already official: nothing to carry over
        mapping = SAME_MEANING[data["oid"]]
        stand_ins = code_model.objects.filter(code_set=code_set, code__in=list(mapping), placeholder=True)
        # Retire first, then renumber, so that no two rows hold one code on the way.
        for code in stand_ins.order_by("pk"):
            if mapping[code.code] is None:
                code.code = f"polku:{code.code}"
                code.active = False
                code.save(update_fields=["code", "active"])
        for code in code_model.objects.filter(code_set=code_set, code__in=list(mapping), placeholder=True):
            code.code = mapping[code.code]
            code.placeholder = False
            code.save(update_fields=["code", "placeholder"])
    for name in CHANGED:
        load_file(DATA / name, code_set_model, code_model)


class Migration(migrations.Migration):
    dependencies = [("codes", "0002_load_bundled_code_sets")]
    operations = [
        migrations.AddField(
            model_name="code",
            name="placeholder",
            field=models.BooleanField(default=False, verbose_name="placeholder value"),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
