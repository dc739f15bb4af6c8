from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.measures.loader import bundled_files, load_file


class Command(BaseCommand):
    help = "Load instrument definitions from JSON files (default: the ones bundled with Polku)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, files: list[Path], **options: Any) -> None:
        for path in files or bundled_files():
            try:
                instrument, created = load_file(path)
            except ValidationError as error:
                raise CommandError(f"{path}: {'; '.join(error.messages)}") from error
            state = "loaded" if created else "already loaded"
            self.stdout.write(f"{instrument.key} v{instrument.version}: {state}")
