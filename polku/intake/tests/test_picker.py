"""The distribution pickers: the client's team first, each worker with role, clients and
absence; absent, wrong-role and other-team workers refused in the service with a reason."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.models import Absence, ChangeRecord, Role, Team, Worker
from polku.intake.models import Intake, Stage
from polku.intake.services import intake_assign
from polku.personas import forward, make_intake, make_worker, put_on_duty, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_duty(team: Team, social_worker: Worker, counsellor: Worker) -> None:
    put_on_duty(team, social_worker, counsellor)


@pytest.fixture
def forwarded(client_of_team: Client, guidance: Worker) -> Intake:
    return forward(make_intake(client_of_team, guidance), guidance)


@pytest.fixture
def elsewhere(org: Any, other_team: Team) -> Worker:
    return make_worker(org, "kerttu_koski", Role.SOCIAL_COUNSELLOR, [other_team])


def assign(actor: Worker, intake: Intake, responsible: Worker, **extra: Any) -> ClientRelationship:
    fields = {"complexity": "low", "resources": "weak", "note": "", "responsible": responsible, **extra}
    return intake_assign(actor=actor, intake=intake, **fields)


def refusal(actor: Worker, intake: Intake, responsible: Worker, **extra: Any) -> dict[str, list[str]]:
    """The refusal's messages in Finnish; the intake is re-read and must be unchanged."""
    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        assign(actor, intake, responsible, **extra)
    intake.refresh_from_db()
    assert (intake.stage, intake.other_team_reason) == (Stage.DISTRIBUTION, "")
    assert not ClientRelationship.objects.exists()
    assert not ChangeRecord.objects.filter(action="assign").exists()
    return refused.value.message_dict


def test_an_absent_worker_is_refused(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    today = timezone.localdate()
    Absence.objects.create(worker=counsellor, starts_on=today, ends_on=today + timedelta(days=3))
    errors = refusal(social_worker, forwarded, counsellor)
    assert errors["responsible"][0].startswith("Olli Ojala on poissa")


def test_an_absent_pair_worker_is_refused(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    today = timezone.localdate()
    Absence.objects.create(worker=social_worker, starts_on=today, ends_on=today)
    errors = refusal(social_worker, forwarded, counsellor, pair=social_worker)
    assert errors["pair"][0].startswith("Sanna Salo on poissa")


def test_a_guidance_worker_cannot_be_responsible_where_the_quadrant_says_a_counsellor(
    on_duty: None, social_worker: Worker, guidance: Worker, forwarded: Intake
) -> None:
    errors = refusal(social_worker, forwarded, guidance)
    assert errors["responsible"] == [
        "Noora Nieminen on palveluohjaaja eikä voi ottaa tätä asiakasta. "
        "Valitse sosiaalityöntekijä tai sosiaaliohjaaja."
    ]


def test_a_special_support_need_refuses_a_counsellor(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    errors = refusal(social_worker, forwarded, counsellor, complexity="high", resources="weak")
    assert "vastuutyöntekijän on oltava sosiaalityöntekijä" in errors["responsible"][0]


def test_a_team_lead_is_the_wrong_role(
    on_duty: None, social_worker: Worker, lead: Worker, forwarded: Intake
) -> None:
    errors = refusal(social_worker, forwarded, lead)
    assert "eikä voi ottaa tätä asiakasta" in errors["responsible"][0]


def test_light_support_may_go_to_a_guidance_worker_as_the_quadrant_says(
    on_duty: None, social_worker: Worker, guidance: Worker, forwarded: Intake
) -> None:
    relationship = assign(social_worker, forwarded, guidance, complexity="low", resources="good")
    assert relationship.responsible_worker == guidance


def test_another_teams_worker_needs_the_explicit_choice(
    on_duty: None, social_worker: Worker, elsewhere: Worker, forwarded: Intake
) -> None:
    errors = refusal(social_worker, forwarded, elsewhere, other_team_reason="Osaa venäjää.")
    assert errors["responsible"] == [
        "Kerttu Koski ei ole asiakkaan tiimissä (Järvilaakson tiimi). Jos annat asiakkaan toisen "
        "tiimin työntekijälle, valitse ”Annan asiakkaan toisen tiimin työntekijälle” ja kirjoita perustelu."
    ]


def test_another_teams_worker_needs_a_reason(
    on_duty: None, social_worker: Worker, elsewhere: Worker, forwarded: Intake
) -> None:
    errors = refusal(social_worker, forwarded, elsewhere, other_team=True, other_team_reason="  ")
    assert errors["other_team_reason"] == ["Kirjoita, miksi asiakas annetaan toisen tiimin työntekijälle."]


def test_another_teams_pair_worker_needs_the_choice_too(
    on_duty: None, social_worker: Worker, counsellor: Worker, elsewhere: Worker, forwarded: Intake
) -> None:
    errors = refusal(social_worker, forwarded, counsellor, pair=elsewhere)
    assert "Kerttu Koski ei ole asiakkaan tiimissä" in errors["pair"][0]


def test_with_the_choice_and_a_reason_another_teams_worker_takes_the_client(
    on_duty: None, social_worker: Worker, elsewhere: Worker, forwarded: Intake
) -> None:
    relationship = assign(
        social_worker, forwarded, elsewhere, other_team=True, other_team_reason="Asiakas puhuu venäjää."
    )
    assert relationship.responsible_worker == elsewhere
    forwarded.refresh_from_db()
    assert forwarded.other_team_reason == "Asiakas puhuu venäjää."
    record = ChangeRecord.objects.get(action="assign")
    assert record.changes["other_team_reason"] == ["", "Asiakas puhuu venäjää."]


def test_a_reason_without_need_is_not_recorded(
    on_duty: None, social_worker: Worker, counsellor: Worker, forwarded: Intake
) -> None:
    assign(social_worker, forwarded, counsellor, other_team=True, other_team_reason="Varmuuden vuoksi.")
    forwarded.refresh_from_db()
    assert forwarded.other_team_reason == ""


def test_the_picker_lists_the_team_first_with_role_clients_and_absence(
    on_duty: None, social_worker: Worker, counsellor: Worker, elsewhere: Worker, forwarded: Intake
) -> None:
    today = timezone.localdate()
    Absence.objects.create(worker=counsellor, starts_on=today, ends_on=today)
    response = signed_in(social_worker).get(
        reverse("intake_distribute", args=[forwarded.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    html = response.content.decode()
    team_group = html.index('<optgroup label="Järvilaakson tiimi">')
    others = html.index('<optgroup label="Muut tiimit">')
    assert team_group < html.index("Olli Ojala – sosiaaliohjaaja, 0 asiakasta, poissa tänään") < others
    assert others < html.index("Kerttu Koski – sosiaaliohjaaja, 0 asiakasta")
    assert "poissa tänään: ei voi ottaa asiakasta" in html


def test_the_page_marks_who_cannot_take_a_special_support_need(
    on_duty: None, social_worker: Worker, forwarded: Intake
) -> None:
    response = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]),
        {"complexity": "high", "resources": "weak", "action": "preview"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.context["may_take"] == [Role.SOCIAL_WORKER]
    # The team's counsellor and guidance worker; the social worker may take it.
    assert response.content.decode().count("ei voi olla vastuutyöntekijä tähän tarpeeseen") == 2


def test_a_refused_other_team_choice_keeps_what_was_typed(
    on_duty: None, social_worker: Worker, elsewhere: Worker, forwarded: Intake
) -> None:
    response = signed_in(social_worker).post(
        reverse("intake_distribute", args=[forwarded.pk]),
        {
            "complexity": "low",
            "resources": "weak",
            "note": "Tarvitsee tukea asumiseen.",
            "responsible": str(elsewhere.pk),
            "action": "assign",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kerttu Koski ei ole asiakkaan tiimissä" in html
    assert "Tarvitsee tukea asumiseen." in html
    forwarded.refresh_from_db()
    assert forwarded.stage == Stage.DISTRIBUTION


def test_the_distribution_page_query_count_is_constant(
    on_duty: None,
    org: Any,
    team: Team,
    other_team: Team,
    social_worker: Worker,
    forwarded: Intake,
    django_assert_max_num_queries: Any,
) -> None:
    http = signed_in(social_worker)
    url = reverse("intake_distribute", args=[forwarded.pk])
    for n in range(12):
        worker = make_worker(org, f"tyo_tekija{n}", Role.SOCIAL_COUNSELLOR, [team if n % 2 else other_team])
        Absence.objects.create(worker=worker, starts_on=timezone.localdate(), ends_on=timezone.localdate())
    # The pickers list 15 workers of two teams, each with load and absence, in the same
    # number of queries as one worker would take.
    with django_assert_max_num_queries(22):
        response = http.get(url)
    assert len(list(response.context["form"].fields["responsible"].queryset)) == 15
