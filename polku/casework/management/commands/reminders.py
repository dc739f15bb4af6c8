"""Run once a day by cron or a systemd timer (docs/deploy.md)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from polku.casework.reminders import reminders_make


class Command(BaseCommand):
    help = "Make the day's reminders: aftercare ending, plan evaluations due, overdue steps."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="The day to run for (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, today: date | None = None, **options: Any) -> None:
        made = reminders_make(today=today or timezone.localdate())
        if options["verbosity"] > 0:
            self.stdout.write(f"{made} new reminders")
