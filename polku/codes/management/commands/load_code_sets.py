from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from polku.codes.loader import bundled_files, load_file


class Command(BaseCommand):
    help = "Load code sets from JSON files (default: the ones bundled with Polku)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        for path in files or bundled_files():
            code_set = load_file(path)
            note = " (placeholder values)" if code_set.is_placeholder else ""
            self.stdout.write(f"{code_set.oid} {code_set.name_fi}: {code_set.codes.count()} codes{note}")
