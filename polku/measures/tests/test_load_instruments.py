import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from polku.core.models import Worker
from polku.measures.loader import BUNDLED
from polku.measures.models import Instrument
from polku.measures.tests.conftest import record, ten

pytestmark = pytest.mark.django_db


def test_the_bundled_instruments_are_there_after_migrating_and_loading_again_changes_nothing(
    org: Any,
) -> None:
    before = list(Instrument.objects.values_list("key", "version", "definition"))
    assert {(k, v) for k, v, _d in before} == {("3x10d", 1), ("work-ability", 1)}
    call_command("load_instruments", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Instrument.objects.values_list("key", "version", "definition")) == before


def test_a_changed_file_under_a_loaded_version_is_refused(org: Any, tmp_path: Path) -> None:
    data = json.loads((BUNDLED / "3x10d.json").read_text(encoding="utf-8"))
    data["items"][0]["label"]["fi"] = "Oma terveys"
    changed = tmp_path / "3x10d.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="new version number"):
        call_command("load_instruments", str(changed))
    assert Instrument.objects.get(key="3x10d").definition["items"][0]["label"]["fi"] == "Terveys"


def test_a_new_version_is_added_and_old_answers_keep_theirs(
    org: Any, tmp_path: Path, social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    from datetime import date

    answer = record(
        social_worker, relationship, three_x_ten, date(2026, 10, 1), ten(5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
    )
    data = json.loads((BUNDLED / "3x10d.json").read_text(encoding="utf-8"))
    data["version"] = 2
    data["items"][0]["label"]["fi"] = "Oma terveys"
    path = tmp_path / "3x10d-v2.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("load_instruments", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Instrument.objects.filter(key="3x10d").count() == 2
    answer.refresh_from_db()
    assert answer.instrument == three_x_ten
    assert answer.instrument.read.items[0].label == "Terveys"
