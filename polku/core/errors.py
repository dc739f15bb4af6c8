from typing import Any


class EditConflict(Exception):
    """Someone else saved a newer version first; the caller shows both versions."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale version")
        self.current = current
