import copy
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from polku.measures.definition import Definition, validate_definition
from polku.measures.loader import BUNDLED


def bundled(name: str) -> dict[str, Any]:
    return json.loads((BUNDLED / name).read_text(encoding="utf-8"))


def test_it_ships_3x10d_as_domain_md_describes_it() -> None:
    data = bundled("3x10d.json")
    validate_definition(data)
    definition = Definition(data)
    assert len(definition.items) == 10
    assert (definition.minimum, definition.maximum) == (0, 10)
    assert [(b.low, b.high, b.colour) for b in definition.bands] == [
        (0, 5, "red"),
        (6, 7, "amber"),
        (8, 10, "green"),
    ]
    assert definition.has_total is False
    assert [i.key for i in definition.items if i.is_overall] == ["10"]
    assert data["items"][9]["label"]["fi"] == "Elämä kokonaisuutena"


def test_the_work_ability_self_assessment_has_the_0_to_10_item_and_five_domain_headings() -> None:
    data = bundled("work-ability.json")
    validate_definition(data)
    keys = [item["key"] for item in data["items"]]
    assert keys == ["work_ability", "mental", "social", "physical", "skills", "everyday"]
    assert data["bands"] == [] and data["total"] is False


def test_it_reads_the_band_of_a_value() -> None:
    definition = Definition(bundled("3x10d.json"))
    assert [definition.band_for(v).colour for v in (0, 5, 6, 7, 8, 10)] == [  # type: ignore[union-attr]
        "red",
        "red",
        "amber",
        "amber",
        "green",
        "green",
    ]
    assert definition.band_for(None) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["bands"][1].update({"from": 7}), "without gaps"),
        (lambda d: d["items"][0]["label"].pop("sv"), "Finnish, Swedish and English"),
        (lambda d: d["items"][1].update({"key": "1"}), "its own key"),
        (lambda d: d.update({"overall_item": "11"}), "overall item"),
        (lambda d: d["scale"].update({"max": 0}), "greater than"),
        (lambda d: d.update({"total": "no"}), "total"),
        (lambda d: d["bands"][0].update({"colour": "blue"}), "red, amber or green"),
    ],
)
def test_it_refuses_a_broken_definition(change: Any, message: str) -> None:
    data = copy.deepcopy(bundled("3x10d.json"))
    change(data)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_definition(data)
    assert any(message in m for m in refused.value.messages), refused.value.messages


def test_values_are_whole_numbers_on_the_scale_of_known_items() -> None:
    definition = Definition(bundled("3x10d.json"))
    assert definition.clean_values({"1": 0, "10": 10, "2": None}) == {"1": 0, "10": 10}
    for values in ({"1": 11}, {"1": -1}, {"1": 5.5}, {"1": True}, {"11": 5}, {}, {"1": None}):
        with pytest.raises(ValidationError):
            definition.clean_values(values)
