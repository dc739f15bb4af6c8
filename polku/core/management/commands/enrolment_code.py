"""Make an enrolment code as the operator on the server: for the first administrator or
team lead of an organisation, or a superuser, who has nobody in Polku to vouch for them."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polku.core.credentials import code_hours, enrolment_code_issue
from polku.core.models import Worker


class Command(BaseCommand):
    help = "Print a one-time enrolment code for a worker's authenticator app (recorded in the history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker.objects.filter(username=options["username"], is_active=True).first()
        if worker is None:
            raise CommandError("No active worker with that username.")
        code = enrolment_code_issue(actor=None, worker=worker)
        self.stdout.write(f"Enrolment code for {worker} (valid {code_hours()} h, once): {code}")
