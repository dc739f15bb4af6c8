"""An instrument's definition is data: a JSON document loaded from a file or typed by an
administrator. This module checks a definition before it is saved and the values of an
answer against it, and reads its texts in the user's language.

The format (docs/decisions.md, "Instruments as data"):
{"key", "version", "name": {"fi", "sv", "en"}, "question": {…}, "source": "…",
 "scale": {"min", "max", "min_label": {…}, "max_label": {…}},
 "bands": [{"from", "to", "colour": "red" | "amber" | "green", "label": {…}}],
 "total": bool, "overall_item": "<item key>" | null,
 "items": [{"key", "label": {"fi", "sv", "en"}}]}
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LANGUAGES = ("fi", "sv", "en")
COLOURS = ("red", "amber", "green")


def text(value: dict[str, str], language: str | None = None) -> str:
    """The text in the user's language; Finnish when there is none."""
    language = (language or get_language() or "fi")[:2]
    return value.get(language) or value.get("fi", "")


def _texts(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value[lang] for lang in LANGUAGES
    ):
        return [_("%(where)s needs a text in Finnish, Swedish and English.") % {"where": where}]
    return []


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _scale_errors(scale: Any) -> list[str]:
    if not isinstance(scale, dict) or not (_whole(scale.get("min")) and _whole(scale.get("max"))):
        return [_("The scale needs a whole-number minimum and maximum.")]
    if scale["min"] >= scale["max"]:
        return [_("The scale's maximum must be greater than its minimum.")]
    return _texts(scale.get("min_label"), "scale.min_label") + _texts(
        scale.get("max_label"), "scale.max_label"
    )


def _band_errors(bands: Any, scale: dict[str, int]) -> list[str]:
    if not isinstance(bands, list):
        return [_("The colour bands must be a list.")]
    errors: list[str] = []
    expected = scale["min"]
    for band in bands:
        if not isinstance(band, dict) or not (_whole(band.get("from")) and _whole(band.get("to"))):
            return [_("Each colour band needs whole-number limits 'from' and 'to'.")]
        if band["from"] != expected or band["to"] < band["from"]:
            errors.append(_("The colour bands must cover the scale in order, without gaps or overlaps."))
        if band.get("colour") not in COLOURS:
            errors.append(_("A band's colour must be red, amber or green."))
        errors += _texts(band.get("label"), "bands.label")
        expected = band["to"] + 1
    if bands and expected != scale["max"] + 1:
        errors.append(_("The colour bands must cover the scale in order, without gaps or overlaps."))
    return errors


def _item_errors(items: Any) -> list[str]:
    if not isinstance(items, list) or not items:
        return [_("An instrument needs at least one item.")]
    errors: list[str] = []
    keys = [item.get("key") if isinstance(item, dict) else None for item in items]
    if not all(isinstance(key, str) and key for key in keys) or len(set(keys)) != len(keys):
        errors.append(_("Each item needs its own key."))
    for item in items:
        if isinstance(item, dict):
            errors += _texts(item.get("label"), f"items[{item.get('key')}].label")
    return errors


def validate_definition(data: Any) -> None:
    """Raise ValidationError with every problem found, so a file is fixed in one go."""
    if not isinstance(data, dict):
        raise ValidationError(_("An instrument definition must be a JSON object."))
    errors: list[str] = []
    if not isinstance(data.get("key"), str) or not data["key"]:
        errors.append(_("The instrument needs a key."))
    if not _whole(data.get("version")) or data["version"] < 1:
        errors.append(_("The version must be a whole number from 1."))
    errors += _texts(data.get("name"), "name") + _texts(data.get("question"), "question")
    scale_errors = _scale_errors(data.get("scale"))
    errors += scale_errors
    if not scale_errors:
        errors += _band_errors(data.get("bands", []), data["scale"])
    if not isinstance(data.get("total"), bool):
        errors.append(_("Say whether the instrument has a total (true or false)."))
    errors += _item_errors(data.get("items"))
    overall = data.get("overall_item")
    if overall is not None and overall not in [
        i.get("key") for i in data.get("items") or [] if isinstance(i, dict)
    ]:
        errors.append(_("The overall item must be one of the items."))
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    is_overall: bool


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    colour: str
    label: str


class Definition:
    """A validated definition, read in the current language."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.minimum: int = data["scale"]["min"]
        self.maximum: int = data["scale"]["max"]

    @property
    def name(self) -> str:
        return text(self.data["name"])

    @property
    def question(self) -> str:
        return text(self.data["question"])

    @property
    def min_label(self) -> str:
        return text(self.data["scale"]["min_label"])

    @property
    def max_label(self) -> str:
        return text(self.data["scale"]["max_label"])

    @property
    def has_total(self) -> bool:
        return bool(self.data["total"])

    @property
    def items(self) -> list[Item]:
        overall = self.data.get("overall_item")
        return [Item(i["key"], text(i["label"]), i["key"] == overall) for i in self.data["items"]]

    @property
    def bands(self) -> list[Band]:
        return [Band(b["from"], b["to"], b["colour"], text(b["label"])) for b in self.data.get("bands", [])]

    def band_for(self, value: int | None) -> Band | None:
        if value is None:
            return None
        return next((b for b in self.bands if b.low <= value <= b.high), None)

    def clean_values(self, values: dict[str, Any]) -> dict[str, int]:
        """The answered items as whole numbers on the scale; an item left out was not
        answered. Unknown items and values off the scale are refused."""
        keys = {item["key"] for item in self.data["items"]}
        unknown = sorted(set(values) - keys)
        if unknown:
            raise ValidationError(_("Unknown items: %(keys)s.") % {"keys": ", ".join(unknown)})
        cleaned = {}
        for key, value in values.items():
            if value is None or value == "":
                continue
            if not _whole(value) or not self.minimum <= value <= self.maximum:
                raise ValidationError(
                    _("Each answer must be a whole number from %(min)s to %(max)s.")
                    % {"min": self.minimum, "max": self.maximum}
                )
            cleaned[key] = value
        if not cleaned:
            raise ValidationError(_("Answer at least one item."))
        return cleaned
