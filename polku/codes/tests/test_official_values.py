"""Official values where the national structures publish them, placeholders marked, and the
code server's own listing loaded without a code change; a placeholder never takes an
official meaning, and never replaces one."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from polku.codes.loader import (
    ATTAINMENT,
    GOALS,
    NEED_NATURE,
    SITUATIONAL_FACTORS,
    SUPPORT_NEED,
    USED,
    bundled_files,
    from_code_server,
    load_code_set,
    read_file,
)
from polku.codes.models import Code, CodeSet
from polku.codes.selectors import codes_of

pytestmark = pytest.mark.django_db


def test_the_published_values_are_official_and_the_rest_marked() -> None:
    support = codes_of(SUPPORT_NEED)
    assert [c.code for c in support] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "99"]
    assert support.get(code="9").name_sv == "Stödbehov på grund av problem med den psykiska hälsan"
    assert not support.filter(placeholder=True).exists()
    assert not CodeSet.objects.get(oid=SUPPORT_NEED).is_placeholder
    assert [(c.code, c.placeholder) for c in codes_of(USED)] == [("K", False), ("E", False), ("3", True)]
    factors = codes_of(SITUATIONAL_FACTORS)
    official = {c.code for c in factors.filter(placeholder=False)}
    assert official == {"3", "38", "39", "47", "49", "51", "53", "54"}
    assert factors.get(code="3").name_fi == "Asuinolosuhteet"
    assert not factors.filter(code="7").exists()  # 38, 39 and 47 say it officially
    assert codes_of(NEED_NATURE).get(code="3").placeholder is False
    assert CodeSet.objects.get(oid=SITUATIONAL_FACTORS).is_placeholder  # in part


def test_the_code_servers_listing_is_read(tmp_path: Path) -> None:
    listing = [
        {
            "conceptCodes": [
                {
                    "conceptCodeId": "1",
                    "status": "ACTIVE",
                    "attributes": [
                        {"attributeName": "LongName", "attributeValue": ["Saavutettu"]},
                        {"attributeName": "ShortName", "attributeValue": ["Lyhyt"]},
                        {"attributeName": "LongName_sv", "attributeValue": ["Uppnått"]},
                    ],
                },
                {
                    "conceptCodeId": "9",
                    "status": "DELETED",
                    "attributes": [{"attributeName": "LongName", "attributeValue": ["Vanha"]}],
                },
            ],
            "page": 1,
            "totalPages": 2,
        },
        {
            "conceptCodes": [{"conceptCodeId": 2, "status": "ACTIVE", "longName": "Osittain"}],
            "page": 2,
            "totalPages": 2,
        },
    ]
    data = from_code_server(listing, oid=ATTAINMENT, version="2025-01")
    assert data["codes"] == [
        {"code": "1", "fi": "Saavutettu", "sv": "Uppnått", "placeholder": False},
        {"code": "2", "fi": "Osittain", "placeholder": False},
    ]
    path = tmp_path / "1253.json"
    path.write_text(json.dumps(listing), encoding="utf-8")
    with pytest.raises(CommandError, match="--oid"):
        call_command("load_code_sets", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_code_sets", str(path), "--oid", ATTAINMENT, "--set-version", "2025-01", stdout=out)
    assert "2 codes in use" in out.getvalue()
    assert [(c.code, c.name_fi, c.placeholder) for c in codes_of(ATTAINMENT)] == [
        ("1", "Saavutettu", False),
        ("2", "Osittain", False),
    ]
    assert CodeSet.objects.get(oid=ATTAINMENT).version == "2025-01"
    assert read_file(path, oid=ATTAINMENT, version="x")["oid"] == ATTAINMENT


def test_an_official_value_never_inherits_a_placeholders_documents() -> None:
    placeholder = Code.objects.get(code_set__oid=GOALS, code="1")
    assert placeholder.placeholder and placeholder.name_fi == "Asumisen turvaaminen"
    load_code_set(
        {"oid": GOALS, "version": "2025", "codes": [{"code": "1", "fi": "Asumisen tukeminen: alaluokka"}]}
    )
    placeholder.refresh_from_db()
    # What the documents chose stays what they chose, under a marked code, out of use.
    assert (placeholder.code, placeholder.name_fi, placeholder.active) == (
        "polku:1",
        "Asumisen turvaaminen",
        False,
    )
    official = Code.objects.get(code_set__oid=GOALS, code="1")
    assert official.pk != placeholder.pk and not official.placeholder
    assert CodeSet.objects.get(oid=GOALS).name_fi == "Asiakkuuden tavoitteet"  # the file named none


def test_the_bundled_placeholders_never_replace_loaded_official_values() -> None:
    load_code_set({"oid": GOALS, "version": "2025", "codes": [{"code": "1", "fi": "Virallinen"}]})
    for path in bundled_files():
        load_code_set(json.loads(path.read_text(encoding="utf-8")))
    official = Code.objects.get(code_set__oid=GOALS, code="1")
    assert (official.name_fi, official.placeholder, official.active) == ("Virallinen", False, True)
    assert [c.code for c in codes_of(GOALS)] == ["1"]  # the stand-ins do not come back
