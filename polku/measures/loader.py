"""Reading instrument files (polku/measures/instruments/*.json, or an organisation's own).
Loading is idempotent: a definition already loaded under its key and version is left as it
is. A file that changes a loaded version is refused: a changed instrument is a new version,
because answers given on the old one keep it."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from polku.measures.definition import validate_definition

BUNDLED = Path(__file__).parent / "instruments"


def bundled_files() -> list[Path]:
    return sorted(BUNDLED.glob("*.json"))


def load_definition(data: Any, instrument_model: Any = None) -> tuple[Any, bool]:
    """(the instrument, whether it was created). The model is a parameter so that a
    migration can pass its historical model."""
    if instrument_model is None:
        from polku.measures.models import Instrument

        instrument_model = Instrument
    validate_definition(data)
    existing = instrument_model.objects.filter(key=data["key"], version=data["version"]).first()
    if existing is not None:
        if existing.definition != data:
            raise ValidationError(
                _(
                    "Version %(version)s of %(key)s is loaded already with a different content. "
                    "A changed instrument needs a new version number."
                )
                % {"key": data["key"], "version": data["version"]}
            )
        return existing, False
    return instrument_model.objects.create(key=data["key"], version=data["version"], definition=data), True


def load_file(path: Path, instrument_model: Any = None) -> tuple[Any, bool]:
    return load_definition(json.loads(path.read_text(encoding="utf-8")), instrument_model)
