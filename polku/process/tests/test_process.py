"""The process page: the client's path with counts and the team's own instructions."""

import pytest
from django.urls import reverse

from polku.core.models import Team, Worker
from polku.intake.services import contact_attempt_add
from polku.personas import forward, make_client, make_intake, signed_in
from polku.process.models import StageInstruction

pytestmark = pytest.mark.django_db


def test_it_counts_clients_at_each_stage(guidance: Worker, counsellor: Worker, org, team: Team) -> None:
    make_intake(make_client(org, team, 3), guidance)
    touched = make_intake(make_client(org, team, 4), guidance)
    contact_attempt_add(actor=guidance, intake=touched, data={"method": "phone", "reached": False})
    forward(make_intake(make_client(org, team, 5), guidance), guidance)
    path = signed_in(counsellor).get(reverse("process")).context["path"]
    counts = {step.stage.value: step.clients for step in path}
    assert counts == {
        "intake": 1,
        "guidance": 1,
        "distribution": 1,
        "assessment": 0,
        "plan": 0,
        "follow_up": 0,
        "closing": 0,
    }


def test_the_lead_writes_instructions_in_finnish_and_swedish(
    lead: Worker, counsellor: Worker, team: Team
) -> None:
    url = reverse("instruction_edit", args=[team.pk, "guidance"])
    response = signed_in(lead).post(
        url, {"text_fi": "Soita kahden päivän sisällä.", "text_sv": "Ring inom två dagar."}
    )
    assert response.status_code == 302
    assert StageInstruction.objects.get().updated_by == lead
    http = signed_in(counsellor)
    assert (
        "Soita kahden päivän sisällä."
        in http.get(reverse("process"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    )
    http.post(reverse("set_language"), {"language": "sv"})
    assert "Ring inom två dagar." in http.get(reverse("process")).content.decode()


def test_only_the_teams_lead_edits(counsellor: Worker, outsider: Worker, team: Team) -> None:
    url = reverse("instruction_edit", args=[team.pk, "guidance"])
    assert signed_in(counsellor).get(url).status_code == 403
    assert signed_in(outsider).get(url).status_code == 404


def test_an_unknown_stage_is_404(lead: Worker, team: Team) -> None:
    assert signed_in(lead).get(reverse("instruction_edit", args=[team.pk, "kissa"])).status_code == 404
