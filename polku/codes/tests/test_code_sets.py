"""Code sets are data: shipped as files, loaded at migration, reloadable from official files."""

import io
import json

import pytest
from django.core.management import call_command

from polku.codes.loader import GOALS, SERVICES, bundled_files, load_code_set
from polku.codes.models import Code, CodeSet
from polku.codes.selectors import codes_of

pytestmark = pytest.mark.django_db


def test_every_bundled_file_is_loaded_after_migrating() -> None:
    assert CodeSet.objects.count() == len(bundled_files()) == 9
    services = codes_of(SERVICES)
    assert services.count() == 25
    assert services.get(code="19").name_fi == "Talous- ja velkaneuvonta"
    assert CodeSet.objects.get(oid=GOALS).is_placeholder


def test_loading_official_values_updates_and_retires_without_deleting(tmp_path) -> None:
    official = {
        "oid": GOALS,
        "version": "2025-01-01",
        "name": {"fi": "Asiakkuuden tavoitteet"},
        "codes": [{"code": "1", "fi": "Asuminen"}, {"code": "100", "fi": "Uusi tavoite"}],
    }
    path = tmp_path / "goals.json"
    path.write_text(json.dumps(official), encoding="utf-8")
    call_command("load_code_sets", str(path), stdout=io.StringIO())
    code_set = CodeSet.objects.get(oid=GOALS)
    assert (code_set.version, code_set.is_placeholder) == ("2025-01-01", False)
    assert [c.code for c in codes_of(GOALS)] == ["1", "100"]
    assert Code.objects.get(code_set=code_set, code="99").active is False  # kept for old documents


def test_loading_twice_changes_nothing() -> None:
    before = Code.objects.count()
    for path in bundled_files():
        load_code_set(json.loads(path.read_text(encoding="utf-8")))
    assert Code.objects.count() == before
