"""Administrators ask; a team lead of the team confirms. Nothing that gives client work
takes effect before that, and what takes access away takes effect at once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from polku.core import services
from polku.core.models import NO_ROLE, Role, Team, Worker, WorkerChange, WorkerEvent
from polku.intake.models import DutyWeek
from polku.intake.weeks import week_start_of
from polku.personas import make_worker, put_on_duty, signed_in

pytestmark = pytest.mark.django_db
Action = WorkerEvent.Action


def state(worker: Worker) -> tuple[str, set[str], str, bool]:
    worker.refresh_from_db()
    return worker.role, {t.name for t in worker.teams.all()}, worker.email, worker.is_active


def ask(admin: Worker, worker: Worker, **wanted: object) -> WorkerChange | None:
    current = {
        "role": worker.role,
        "teams": list(worker.teams.all()),
        "email": worker.email,
        "is_active": worker.is_active,
    }
    return services.worker_change_request(actor=admin, worker=worker, **{**current, **wanted})  # type: ignore[arg-type]


def test_a_role_change_waits_for_the_lead_and_then_takes_effect(
    admin_worker: Worker, lead: Worker, counsellor: Worker, team: Team
) -> None:
    change = ask(admin_worker, counsellor, role=Role.SOCIAL_WORKER)
    assert change is not None and change.status == WorkerChange.Status.PENDING
    assert state(counsellor)[0] == Role.SOCIAL_COUNSELLOR
    http = signed_in(lead)
    page = http.get(reverse("team_workers"))
    assert [row.change for row in page.context["overview"].pending] == [change]
    assert http.get(reverse("worker_change", args=[change.pk])).status_code == 200
    response = http.post(reverse("worker_change", args=[change.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    assert state(counsellor)[0] == Role.SOCIAL_WORKER
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (WorkerChange.Status.CONFIRMED, lead)
    confirmed = WorkerEvent.objects.get(action=Action.CHANGE_CONFIRMED)
    assert confirmed.actor == lead
    assert confirmed.changes["role"] == [Role.SOCIAL_COUNSELLOR, Role.SOCIAL_WORKER]
    history = http.get(reverse("team_workers")).content.decode()
    assert "Muutos vahvistettu ja voimassa" in history
    assert "Rooli: sosiaaliohjaaja → sosiaalityöntekijä" in history


def test_declining_needs_a_reason_and_changes_nothing(
    admin_worker: Worker, lead: Worker, guidance: Worker
) -> None:
    change = ask(admin_worker, guidance, role=Role.TEAM_LEAD)
    assert change is not None
    before = state(guidance)
    url = reverse("worker_change", args=[change.pk])
    response = signed_in(lead).post(url, {"decision": "decline", "reason": "  "})
    assert response.status_code == 400
    change.refresh_from_db()
    assert change.status == WorkerChange.Status.PENDING
    response = signed_in(lead).post(url, {"decision": "decline", "reason": "Ei sovittu."})
    assert response.status_code == 302
    assert state(guidance) == before
    change.refresh_from_db()
    assert (change.status, change.reason) == (WorkerChange.Status.DECLINED, "Ei sovittu.")
    declined = WorkerEvent.objects.get(action=Action.CHANGE_DECLINED)
    assert (declined.actor, declined.reason) == (lead, "Ei sovittu.")


def test_a_decided_change_cannot_be_decided_again(
    admin_worker: Worker, lead: Worker, org, team: Team, guidance: Worker
) -> None:
    second_lead = make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [team])
    change = ask(admin_worker, guidance, role=Role.SOCIAL_COUNSELLOR)
    assert change is not None
    stale = WorkerChange.objects.get(pk=change.pk)
    services.worker_change_decline(actor=second_lead, change=change, reason="Ei.")
    with pytest.raises(ValidationError):
        services.worker_change_confirm(actor=lead, change=stale)
    assert state(guidance)[0] == Role.GUIDANCE_WORKER


def test_a_lead_cannot_confirm_her_own_change(
    admin_worker: Worker, lead: Worker, org, other_team: Team
) -> None:
    make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [other_team])
    change = ask(admin_worker, lead, teams=[*lead.teams.all(), other_team])
    assert change is not None
    before = state(lead)
    http = signed_in(lead)
    rows = http.get(reverse("team_workers")).context["overview"].pending
    assert [(row.change, row.confirmable) for row in rows] == [(change, False)]
    assert http.post(reverse("worker_change", args=[change.pk]), {"decision": "confirm"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.worker_change_confirm(actor=lead, change=change)
    assert state(lead) == before
    change.refresh_from_db()
    assert change.status == WorkerChange.Status.PENDING


def test_a_new_team_is_confirmed_by_that_teams_lead(
    admin_worker: Worker, lead: Worker, social_worker: Worker, org, other_team: Team
) -> None:
    other_lead = make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [other_team])
    change = ask(admin_worker, social_worker, teams=[*social_worker.teams.all(), other_team])
    assert change is not None
    before = state(social_worker)
    # The lead of her present team may not let her into another team's clients.
    url = reverse("worker_change", args=[change.pk])
    assert signed_in(lead).post(url, {"decision": "confirm"}).status_code == 404
    assert state(social_worker) == before
    assert signed_in(other_lead).post(url, {"decision": "confirm"}).status_code == 302
    assert state(social_worker)[1] == {"Järvilaakson tiimi", "Koskelan tiimi"}


def test_a_team_without_a_lead_is_vouched_for_by_another_lead(
    admin_worker: Worker, lead: Worker, org, other_team: Team
) -> None:
    newcomer = make_worker(org, "kalle_kivi", Role.GUIDANCE_WORKER, [])
    newcomer.role = NO_ROLE
    newcomer.save()
    change = ask(admin_worker, newcomer, role=Role.TEAM_LEAD, teams=[other_team])
    assert change is not None
    assert (
        signed_in(lead).post(reverse("worker_change", args=[change.pk]), {"decision": "confirm"}).status_code
        == 302
    )
    assert state(newcomer)[:2] == (Role.TEAM_LEAD, {"Koskelan tiimi"})


def test_the_operator_confirms_only_what_no_lead_can(admin_worker: Worker, org, team: Team) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    first = make_worker(org, "eeva_ensimmainen", Role.ADMINISTRATOR, [])
    change = ask(admin_worker, first, role=Role.TEAM_LEAD, teams=[team])
    assert change is not None
    call_command("confirm_worker_change", str(change.pk), stdout=StringIO())
    assert state(first)[:2] == (Role.TEAM_LEAD, {"Järvilaakson tiimi"})
    assert WorkerEvent.objects.get(action=Action.CHANGE_CONFIRMED).actor is None
    # Now there is a lead, and she confirms the next one herself.
    other = make_worker(org, "ville_virta", Role.ADMINISTRATOR, [])
    change = ask(admin_worker, other, role=Role.SOCIAL_WORKER, teams=[team])
    assert change is not None
    with pytest.raises(CommandError):
        call_command("confirm_worker_change", str(change.pk), stdout=StringIO())
    assert state(other)[0] == Role.ADMINISTRATOR


def test_leaving_a_team_takes_effect_at_once_and_ends_duty(
    admin_worker: Worker,
    lead: Worker,
    social_worker: Worker,
    counsellor: Worker,
    team: Team,
    other_team: Team,
) -> None:
    social_worker.teams.add(other_team)
    duty = put_on_duty(team, social_worker, counsellor)
    past = DutyWeek.objects.create(
        organisation_id=team.organisation_id,
        team=team,
        week_start=week_start_of(timezone.localdate()) - timedelta(weeks=1),
        social_worker=social_worker,
        social_counsellor=counsellor,
    )
    assert ask(admin_worker, social_worker, teams=[other_team]) is None
    assert state(social_worker)[1] == {"Koskelan tiimi"}
    assert not DutyWeek.objects.filter(pk=duty.pk).exists()
    assert DutyWeek.objects.filter(pk=past.pk).exists()  # history stays
    removed = WorkerEvent.objects.get(action=Action.TEAMS_REMOVED)
    assert removed.changes["duty_weeks"] == [[duty.week_start.isoformat()], []]
    assert list(removed.teams.all()) == [team]
    assert "Poistettu tiimistä" in signed_in(lead).get(reverse("team_workers")).content.decode()


def test_ending_access_takes_effect_at_once_and_coming_back_waits(
    admin_worker: Worker, lead: Worker, counsellor: Worker
) -> None:
    assert ask(admin_worker, counsellor, is_active=False) is None
    assert state(counsellor)[3] is False
    assert signed_in(counsellor).get(reverse("home")).status_code == 302
    change = ask(admin_worker, counsellor, is_active=True)
    assert change is not None and change.activate
    assert state(counsellor)[3] is False
    services.worker_change_confirm(actor=lead, change=change)
    assert state(counsellor)[3] is True


def test_a_client_workers_new_email_address_waits(
    admin_worker: Worker, lead: Worker, counsellor: Worker
) -> None:
    counsellor.email = "olli@jarvilaakso.example"
    counsellor.save()
    change = ask(admin_worker, counsellor, email="aki@example.com")
    assert change is not None
    assert state(counsellor)[2] == "olli@jarvilaakso.example"
    services.worker_change_decline(actor=lead, change=change, reason="Ei Ollin osoite.")
    assert state(counsellor)[2] == "olli@jarvilaakso.example"


def test_an_administrator_becomes_a_client_worker_only_through_a_lead(
    admin_worker: Worker, lead: Worker, team: Team
) -> None:
    change = ask(admin_worker, admin_worker, role=Role.SOCIAL_WORKER, teams=[team])
    assert change is not None
    assert state(admin_worker)[:2] == (Role.ADMINISTRATOR, set())
    services.worker_change_confirm(actor=lead, change=change)
    admin_worker.refresh_from_db()
    assert (admin_worker.role, admin_worker.is_staff) == (Role.SOCIAL_WORKER, False)


def test_becoming_an_administrator_ends_client_work_at_once(
    admin_worker: Worker, social_worker: Worker, counsellor: Worker, team: Team
) -> None:
    put_on_duty(team, social_worker, counsellor)
    assert ask(admin_worker, social_worker, role=Role.ADMINISTRATOR, teams=[]) is None
    social_worker.refresh_from_db()
    assert (social_worker.role, social_worker.is_staff, list(social_worker.teams.all())) == (
        Role.ADMINISTRATOR,
        True,
        [],
    )
    assert not DutyWeek.objects.exists()


def test_a_newer_request_replaces_the_pending_one(admin_worker: Worker, guidance: Worker) -> None:
    first = ask(admin_worker, guidance, role=Role.SOCIAL_COUNSELLOR)
    second = ask(admin_worker, guidance, role=Role.SOCIAL_WORKER)
    assert first is not None and second is not None
    first.refresh_from_db()
    assert first.status == WorkerChange.Status.WITHDRAWN
    assert WorkerChange.objects.filter(status=WorkerChange.Status.PENDING).get() == second
    # Asking the same again keeps the request as it is.
    assert ask(admin_worker, guidance, role=Role.SOCIAL_WORKER) == second


def test_only_administrators_ask(lead: Worker, social_worker: Worker) -> None:
    with pytest.raises(PermissionDenied):
        ask(lead, social_worker, role=Role.TEAM_LEAD)
    assert not WorkerChange.objects.exists()


def test_client_work_needs_a_team(admin_worker: Worker, social_worker: Worker) -> None:
    with pytest.raises(ValidationError):
        ask(admin_worker, social_worker, teams=[])
    assert state(social_worker)[1] == {"Järvilaakson tiimi"}


@pytest.mark.parametrize("name", ["social_worker", "counsellor", "guidance", "admin_worker"])
def test_only_team_leads_open_the_pages(name: str, request, admin_worker: Worker, guidance: Worker) -> None:
    change = ask(admin_worker, guidance, role=Role.SOCIAL_COUNSELLOR)
    assert change is not None
    http = signed_in(request.getfixturevalue(name))
    assert http.get(reverse("team_workers")).status_code == 403
    assert http.post(reverse("worker_change", args=[change.pk]), {"decision": "confirm"}).status_code == 403
    assert state(guidance)[0] == Role.GUIDANCE_WORKER


def test_the_outsider_sees_nothing_and_gets_404(
    admin_worker: Worker, guidance: Worker, outsider: Worker
) -> None:
    change = ask(admin_worker, guidance, role=Role.SOCIAL_COUNSELLOR)
    assert change is not None
    http = signed_in(outsider)
    page = http.get(reverse("team_workers"))
    assert page.context["overview"].pending == []
    assert page.context["overview"].history == []
    assert "Nieminen" not in page.content.decode()
    url = reverse("worker_change", args=[change.pk])
    assert http.get(url).status_code == 404
    assert http.post(url, {"decision": "confirm"}).status_code == 404
    assert state(guidance)[0] == Role.GUIDANCE_WORKER


def test_a_lead_of_another_team_gets_404(
    admin_worker: Worker, lead: Worker, guidance: Worker, org, other_team: Team
) -> None:
    other_lead = make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [other_team])
    change = ask(admin_worker, guidance, role=Role.SOCIAL_COUNSELLOR)
    assert change is not None
    http = signed_in(other_lead)
    assert http.get(reverse("team_workers")).context["overview"].pending == []
    assert http.post(reverse("worker_change", args=[change.pk]), {"decision": "confirm"}).status_code == 404
    assert state(guidance)[0] == Role.GUIDANCE_WORKER


def test_the_page_costs_the_same_queries_for_more_workers(
    django_assert_max_num_queries, admin_worker: Worker, lead: Worker, team: Team, org
) -> None:
    http = signed_in(lead)
    for n in range(2):
        worker = make_worker(org, f"uusi_tyontekija{n}", Role.GUIDANCE_WORKER, [team])
        ask(admin_worker, worker, role=Role.SOCIAL_COUNSELLOR)
    http.get(reverse("team_workers"))
    with django_assert_max_num_queries(15) as first:
        http.get(reverse("team_workers"))
    for n in range(2, 6):
        worker = make_worker(org, f"uusi_tyontekija{n}", Role.GUIDANCE_WORKER, [team])
        ask(admin_worker, worker, role=Role.SOCIAL_COUNSELLOR)
    with django_assert_max_num_queries(len(first.captured_queries)):
        http.get(reverse("team_workers"))
