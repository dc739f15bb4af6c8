import json
from datetime import date
from typing import Any

import pytest

from polku.core.models import Worker
from polku.measures.admin import InstrumentAdmin, InstrumentForm
from polku.measures.loader import BUNDLED
from polku.measures.models import Instrument
from polku.measures.tests.conftest import record, ten

pytestmark = pytest.mark.django_db


def definition(version: int) -> dict[str, Any]:
    data = json.loads((BUNDLED / "3x10d.json").read_text(encoding="utf-8"))
    data["version"] = version
    return data


def test_an_administrator_adds_a_new_version_but_not_one_that_exists(org: Any) -> None:
    taken = InstrumentForm(data={"definition": json.dumps(definition(1)), "active": "on"})
    assert not taken.is_valid()
    form = InstrumentForm(data={"definition": json.dumps(definition(2)), "active": "on"})
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.key, saved.version) == ("3x10d", 2)


def test_a_broken_definition_is_refused_in_the_admin(org: Any) -> None:
    data = definition(2)
    data["bands"][0]["to"] = 4
    assert not InstrumentForm(data={"definition": json.dumps(data), "active": "on"}).is_valid()


def test_a_saved_version_is_never_edited_and_with_answers_never_deleted(
    rf: Any, admin_worker: Worker, social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    from django.contrib.admin.sites import site

    admin = InstrumentAdmin(Instrument, site)
    request = rf.get("/")
    request.user = admin_worker
    assert "definition" not in admin.get_fields(request, three_x_ten)
    assert "definition" in admin.get_fields(request, None)  # a new version is pasted
    assert admin.has_delete_permission(request, three_x_ten)
    record(social_worker, relationship, three_x_ten, date(2026, 10, 1), ten(*[5] * 10))
    assert "definition" not in admin.get_fields(request, three_x_ten)
    assert admin.get_readonly_fields(request, three_x_ten) == ["shown_definition"]
    assert not admin.has_delete_permission(request, three_x_ten)
