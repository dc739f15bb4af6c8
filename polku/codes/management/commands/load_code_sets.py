from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.codes.loader import CodeFileError, bundled_files, load_code_set, read_file


class Command(BaseCommand):
    help = (
        "Load code sets from JSON files: Polku's own format, or a classification's listing saved "
        "from the national code server (default: the files bundled with Polku)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument("--oid", default="", help="The code set's OID, if a code server file lacks it.")
        parser.add_argument("--set-version", default="", help="Its version, likewise.")

    def handle(self, *args: Any, files: list[Path], oid: str, set_version: str, **options: Any) -> None:
        if (oid or set_version) and len(files) != 1:
            raise CommandError("--oid and --set-version go with one file.")
        for path in files or bundled_files():
            try:
                data = read_file(path, oid=oid, version=set_version)
            except CodeFileError as error:
                raise CommandError(str(error)) from error
            code_set = load_code_set(data)
            in_use = code_set.codes.filter(active=True)
            stand_ins = in_use.filter(placeholder=True).count()
            note = f" ({stand_ins} placeholder values)" if stand_ins else ""
            self.stdout.write(f"{code_set.oid} {code_set.name_fi}: {in_use.count()} codes in use{note}")
