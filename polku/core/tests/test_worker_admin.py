"""Administrators configure workers but neither make client workers nor set or learn their
passwords: role and teams wait for a team lead, and the password link goes to the worker."""

import re

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from polku.core.models import NO_ROLE, Role, Team, Worker, WorkerChange, WorkerEvent
from polku.personas import PASSWORD, signed_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "oma-salasana-jota-kukaan-ei-tieda"


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/password/set/\S+)", message.body)
    assert found is not None
    return found.group(1)


def add_worker(http: HttpClient, team: Team, **fields: object) -> Worker:
    data = {
        "username": "uusi_tyontekija",
        "first_name": "Uusi",
        "last_name": "Työntekijä",
        "email": "uusi@jarvilaakso.example",
        "role": Role.SOCIAL_WORKER,
        "teams": [team.pk],
        "password1": "hallinnon-tietama-salasana",
        "password2": "hallinnon-tietama-salasana",
        **fields,
    }
    response = http.post(reverse("admin:core_worker_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Worker.objects.get(username="uusi_tyontekija")


def test_a_new_client_worker_waits_for_the_lead_and_sets_her_own_password(
    admin_worker: Worker, lead: Worker, team: Team
) -> None:
    http = signed_in(admin_worker)
    worker = add_worker(http, team)
    assert (worker.role, list(worker.teams.all()), worker.is_staff) == (NO_ROLE, [], False)
    assert not worker.has_usable_password()  # the password typed by the administrator is ignored
    change = WorkerChange.objects.get(worker=worker)
    assert (change.role, list(change.add_teams.all())) == (Role.SOCIAL_WORKER, [team])
    assert [m.to for m in mail.outbox] == [["uusi@jarvilaakso.example"]]
    path = link_in(mail.outbox[0])
    token = path.rstrip("/").rsplit("/", 1)[-1]
    page = http.get(reverse("admin:core_worker_change", args=[worker.pk])).content.decode()
    assert token not in page
    assert "sosiaalityöntekijä" in page

    # The worker sets her password; the administrator could not have.
    worker_http = HttpClient()
    form_page = worker_http.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    response = worker_http.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("password_set_done")
    assert WorkerEvent.objects.filter(worker=worker, action=WorkerEvent.Action.PASSWORD_SET).exists()
    assert (
        HttpClient()
        .post(reverse("login"), {"username": worker.username, "password": NEW_PASSWORD})
        .status_code
        == 302
    )
    # The link works once.
    again = HttpClient().get(path, follow=True)
    assert again.context["validlink"] is False

    # Signed in, she has no role until the lead confirms.
    assert not Worker.objects.get(pk=worker.pk).does_client_work
    signed_in(lead).post(reverse("worker_change", args=[change.pk]), {"decision": "confirm"})
    worker.refresh_from_db()
    assert (worker.role, list(worker.teams.all())) == (Role.SOCIAL_WORKER, [team])


def test_a_new_administrator_is_made_at_once_but_also_gets_only_a_link(admin_worker: Worker) -> None:
    http = signed_in(admin_worker)
    response = http.post(
        reverse("admin:core_worker_add"),
        {
            "username": "aino_admin",
            "first_name": "Aino",
            "last_name": "Admin",
            "email": "aino@example.fi",
            "role": Role.ADMINISTRATOR,
        },
    )
    assert response.status_code == 302
    worker = Worker.objects.get(username="aino_admin")
    assert (worker.role, worker.is_staff, worker.is_superuser) == (Role.ADMINISTRATOR, True, False)
    assert not worker.has_usable_password()
    assert len(mail.outbox) == 1
    assert not WorkerChange.objects.exists()


def test_a_new_worker_needs_an_email_address_and_a_team(admin_worker: Worker, team: Team) -> None:
    http = signed_in(admin_worker)
    data = {"username": "uusi_tyontekija", "first_name": "U", "last_name": "T", "role": Role.SOCIAL_WORKER}
    assert http.post(reverse("admin:core_worker_add"), {**data, "teams": [team.pk]}).status_code == 200
    assert http.post(reverse("admin:core_worker_add"), {**data, "email": "u@example.fi"}).status_code == 200
    assert not Worker.objects.filter(username="uusi_tyontekija").exists()
    assert mail.outbox == []


def test_the_change_form_does_not_change_role_teams_or_flags(
    admin_worker: Worker, social_worker: Worker, other_team: Team
) -> None:
    http = signed_in(admin_worker)
    url = reverse("admin:core_worker_change", args=[social_worker.pk])
    page = http.get(url).content.decode()
    assert 'name="role"' not in page
    assert 'name="teams"' not in page
    assert 'name="password"' not in page
    response = http.post(
        url,
        {
            "username": "sanna_salo",
            "first_name": "Sanna",
            "last_name": "Salo-Uusi",
            "phone": "",
            "title": "",
            "role": Role.TEAM_LEAD,
            "teams": [other_team.pk],
            "email": "aki@example.fi",
            "is_superuser": "on",
            "is_staff": "on",
            "password": "hallinnon-tietama-salasana",
        },
    )
    assert response.status_code == 302
    social_worker.refresh_from_db()
    assert social_worker.last_name == "Salo-Uusi"  # names are the administrator's to keep
    assert (social_worker.role, social_worker.email) == (Role.SOCIAL_WORKER, "")
    assert [t.name for t in social_worker.teams.all()] == ["Järvilaakson tiimi"]
    assert (social_worker.is_superuser, social_worker.is_staff) == (False, False)
    assert social_worker.check_password(PASSWORD)


def test_the_administrator_cannot_set_a_password(admin_worker: Worker, social_worker: Worker) -> None:
    http = signed_in(admin_worker)
    url = f"/admin/core/worker/{social_worker.pk}/password/"
    assert http.get(url).status_code in (302, 404)
    data = {"password1": "hallinnon-tietama-salasana", "password2": "hallinnon-tietama-salasana"}
    assert http.post(url, data).status_code in (302, 404)
    social_worker.refresh_from_db()
    assert social_worker.check_password(PASSWORD)


def test_the_access_page_asks_for_a_change(
    admin_worker: Worker, lead: Worker, counsellor: Worker, team: Team
) -> None:
    http = signed_in(admin_worker)
    url = reverse("admin:core_worker_access", args=[counsellor.pk])
    assert http.get(url).status_code == 200
    response = http.post(url, {"role": Role.TEAM_LEAD, "teams": [team.pk], "email": "", "is_active": "on"})
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.role == Role.SOCIAL_COUNSELLOR
    assert WorkerChange.objects.get(worker=counsellor).role == Role.TEAM_LEAD
    page = http.get(reverse("admin:core_worker_change", args=[counsellor.pk])).content.decode()
    assert "Aki Aalto" in page  # who asked, shown beside the pending change


def test_the_administrator_sends_a_link_and_never_sees_it(
    admin_worker: Worker, social_worker: Worker
) -> None:
    social_worker.email = "sanna@jarvilaakso.example"
    social_worker.save()
    http = signed_in(admin_worker)
    url = reverse("admin:core_worker_password_link", args=[social_worker.pk])
    assert http.get(url).status_code == 200
    assert mail.outbox == []
    response = http.post(url, follow=True)
    assert [m.to for m in mail.outbox] == [["sanna@jarvilaakso.example"]]
    assert link_in(mail.outbox[0]) not in response.content.decode()
    social_worker.refresh_from_db()
    assert social_worker.check_password(PASSWORD)  # nothing changes until she sets a new one
    event = WorkerEvent.objects.get(action=WorkerEvent.Action.PASSWORD_LINK_SENT)
    assert event.actor == admin_worker


def test_another_organisations_worker_is_not_found(admin_worker: Worker, outsider: Worker) -> None:
    http = signed_in(admin_worker)
    for name in ("core_worker_access", "core_worker_password_link", "core_worker_enrolment_code"):
        assert http.post(reverse(f"admin:{name}", args=[outsider.pk])).status_code == 404
    assert mail.outbox == []
    assert not WorkerEvent.objects.exists()


def test_authenticators_are_not_configured_in_the_admin(admin_worker: Worker) -> None:
    assert signed_in(admin_worker).get("/admin/otp_totp/totpdevice/").status_code == 404


def test_only_administrators_use_the_worker_pages(lead: Worker, social_worker: Worker) -> None:
    http = signed_in(lead)
    for name in ("core_worker_access", "core_worker_password_link"):
        assert http.post(reverse(f"admin:{name}", args=[social_worker.pk])).status_code == 302  # to sign-in
    assert mail.outbox == []


def test_administrators_read_the_worker_history_of_their_organisation(
    admin_worker: Worker, guidance: Worker, outsider: Worker
) -> None:
    from polku.core.services import worker_change_request

    worker_change_request(
        actor=admin_worker,
        worker=guidance,
        role=Role.SOCIAL_COUNSELLOR,
        teams=list(guidance.teams.all()),
        email="",
        is_active=True,
    )
    WorkerEvent.objects.create(
        organisation_id=outsider.organisation_id, worker_name="Naapurin Nimi", actor_name="", action="created"
    )
    http = signed_in(admin_worker)
    history = http.get(reverse("admin:core_workerevent_changelist")).content.decode()
    assert "Noora Nieminen" in history
    assert "Naapurin Nimi" not in history
    requests = http.get(reverse("admin:core_workerchange_changelist")).content.decode()
    assert "Noora Nieminen" in requests
    event = WorkerEvent.objects.get(worker=guidance)
    response = http.post(reverse("admin:core_workerevent_change", args=[event.pk]), {"reason": "muutettu"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


def test_a_delete_page_does_not_name_client_data(
    admin_worker: Worker, social_worker: Worker, client_of_team, team: Team
) -> None:
    from polku.personas import make_relationship

    make_relationship(client_of_team, social_worker)
    http = signed_in(admin_worker)
    for url in (
        reverse("admin:core_worker_delete", args=[social_worker.pk]),
        reverse("admin:core_team_delete", args=[team.pk]),
    ):
        response = http.get(url)
        page = response.content.decode()
        assert "Mäkelä" not in page, url
    assert Worker.objects.filter(pk=social_worker.pk).exists()
