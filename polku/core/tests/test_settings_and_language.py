import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from polku.aftercare.models import AftercareMeeting
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Team, Worker, WorkerChange
from polku.intake.models import DutyWeek, Intake, Stage
from polku.personas import signed_in
from polku.plans.models import ClientPlan

ROOT = Path(__file__).resolve().parents[3]


def test_the_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    # The browser tests' relaxation of async safety must not leak into a deployment check.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "polku.example.fi",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_send_a_content_security_policy(lead: Worker) -> None:
    response = signed_in(lead).get(reverse("home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_finnish_is_the_default_and_swedish_can_be_chosen(lead: Worker) -> None:
    http = signed_in(lead)
    assert "Asiakkaan haku" in http.get(reverse("client_search")).content.decode()
    http.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "Sök klient" in http.get(reverse("client_search")).content.decode()


@pytest.mark.django_db
def test_the_demo_loads_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    counts = (
        Worker.objects.count(),
        Client.objects.count(),
        Intake.objects.count(),
        DutyWeek.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    again = (Worker.objects.count(), Client.objects.count(), Intake.objects.count(), DutyWeek.objects.count())
    # 12 workers, a partner professional and a newcomer waiting for confirmation, 40 clients
    # and a young adult in aftercare, a week of 12 intakes and one earlier for each of two
    # teams, and each team's rota for 8 weeks back and 10 ahead.
    assert again == counts == (14, 41, 26, 36)
    newcomer = Worker.objects.get(username="ulla")
    assert (newcomer.role, newcomer.teams.count()) == ("", 0)
    assert WorkerChange.objects.get(status=WorkerChange.Status.PENDING).worker == newcomer
    # The seeded workers work at once, and every seeded duty week is valid.
    assert Worker.objects.exclude(username="ulla").filter(role="").count() == 0
    for duty in DutyWeek.objects.all():
        duty.full_clean()
    assert ClientPlan.objects.count() == ClientRelationship.objects.count() == 5
    # The aftercare client has had her preparation and plan meetings, 3X10D at each.
    meetings = AftercareMeeting.objects.filter(relationship__kind="aftercare")
    assert sorted(meetings.values_list("stage", flat=True)) == ["plan", "preparation"]
    assert all(m.measure_answer_id for m in meetings)
    for team in Team.objects.all():
        assert Intake.objects.filter(team=team, stage=Stage.GUIDANCE).exists()
        assert Intake.objects.filter(team=team, stage=Stage.URGENT).exists()
        assert ClientRelationship.objects.filter(team=team).exists()
