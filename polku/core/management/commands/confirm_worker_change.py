"""Confirm a worker change as the operator on the server, when no team lead can: the first
team lead of an organisation. Refused while a team lead could confirm it in Polku."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.core.models import WorkerChange
from polku.core.services import worker_change_confirm_as_operator


class Command(BaseCommand):
    help = "Confirm a pending worker change that no team lead can confirm (recorded in the history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("change_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        change = WorkerChange.objects.filter(pk=options["change_id"]).first()
        if change is None:
            raise CommandError("No such worker change.")
        try:
            worker_change_confirm_as_operator(change=change)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Confirmed: {change.worker} is now {change.get_role_display()}.")
