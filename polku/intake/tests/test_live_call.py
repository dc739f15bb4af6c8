"""A call taken live (issue 9, screen 1): the guidance worker registers the intake, records
the call as a contact, assesses urgency and forwards it to distribution on one screen."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.clients.models import Client
from polku.core.models import ChangeRecord, Municipality, Worker
from polku.intake.models import ContactAttempt, ContactMethod, DeadlineRule, Intake, Stage, UrgencyCriterion
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def call(town: Municipality, **fields: Any) -> dict[str, Any]:
    return {
        "first_names": "Lauri",
        "last_name": "Laine",
        "municipality": str(town.pk),
        "channel": "own_contact",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "received_how": "phone",
        "description": "Soittaa: vuokrat rästissä, uhkaa häätö.",
        "deadline_rule": str(
            DeadlineRule.objects.get(organisation_id=town.organisation_id, is_default=True).pk
        ),
        **fields,
    }


def nothing_saved() -> None:
    assert not Intake.objects.exists()
    assert not Client.objects.exists()
    assert not ContactAttempt.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_a_call_is_registered_triaged_and_forwarded_on_one_screen(
    guidance: Worker, town: Municipality
) -> None:
    data = call(town, reached="on", is_urgent="False", reason="Asiakas on turvassa.", outcome="forwarded")
    http = signed_in(guidance)
    response = http.post(reverse("intake_register"), data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_register")  # the next call, on the same screen
    intake = Intake.objects.get()
    assert (intake.stage, intake.is_urgent, intake.urgency_reason, intake.urgency_assessed_by) == (
        Stage.DISTRIBUTION,
        False,
        "Asiakas on turvassa.",
        guidance,
    )
    attempt = ContactAttempt.objects.get()
    assert (attempt.method, attempt.reached, attempt.worker, attempt.at) == (
        ContactMethod.PHONE,
        True,
        guidance,
        intake.received_at,
    )
    page = http.get(reverse("intake_register"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Asia on kirjattu vireille ja siirretty päivystysparille jaettavaksi." in page
    # Forwarding ended the guidance worker's task with the client.
    assert signed_in(guidance).get(reverse("intake_detail", args=[intake.pk])).status_code == 404


def test_an_urgent_call_goes_to_urgent_duty(guidance: Worker, town: Municipality, org: Any) -> None:
    criterion = UrgencyCriterion.objects.filter(organisation=org).first()
    assert criterion is not None
    data = call(
        town, is_urgent="True", criteria=[str(criterion.pk)], reason="Ei yöpaikkaa.", outcome="urgent_duty"
    )
    response = signed_in(guidance).post(reverse("intake_register"), data)
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert (intake.stage, intake.is_urgent, intake.start_by) == (Stage.URGENT, True, timezone.localdate())
    assert list(intake.urgency_criteria.all()) == [criterion]


def test_forwarding_without_the_urgency_assessment_is_refused_and_keeps_what_was_typed(
    guidance: Worker, town: Municipality
) -> None:
    response = signed_in(guidance).post(
        reverse("intake_register"), call(town, reached="on", outcome="forwarded"), HTTP_ACCEPT_LANGUAGE="fi"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Arvioi kiireellisyys ennen kuin siirrät asian eteenpäin." in html
    assert "Soittaa: vuokrat rästissä, uhkaa häätö." in html
    assert 'value="Laine"' in html
    nothing_saved()


def test_urgent_without_criteria_is_refused_by_the_service_and_leaves_nothing_behind(
    guidance: Worker, town: Municipality
) -> None:
    data = call(town, reached="on", is_urgent="True", reason="Hätä.", outcome="urgent_duty")
    response = signed_in(guidance).post(reverse("intake_register"), data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert "Valitse täyttyvät kiireellisyyskriteerit." in html
    assert "Hätä." in html
    nothing_saved()


def test_a_call_about_another_teams_client_cannot_be_triaged_here(
    guidance: Worker, org: Any, other_team: Any
) -> None:
    elsewhere = Municipality.objects.create(
        organisation=org, code="902", name_fi="Koskela", name_sv="Koskela"
    )
    other_team.municipalities.add(elsewhere)
    data = call(elsewhere, is_urgent="False", reason="Turvassa.", outcome="forwarded")
    response = signed_in(guidance).post(reverse("intake_register"), data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert "Asiakas kuuluu toiseen tiimiin (Koskelan tiimi)" in html
    nothing_saved()


def test_without_triage_the_intake_waits_in_guidance(guidance: Worker, town: Municipality) -> None:
    response = signed_in(guidance).post(reverse("intake_register"), call(town))
    intake = Intake.objects.get()
    assert response["Location"] == reverse("intake_detail", args=[intake.pk])
    assert (intake.stage, intake.is_urgent, ContactAttempt.objects.count()) == (Stage.GUIDANCE, None, 0)


def test_other_roles_register_without_the_triage(social_worker: Worker, town: Municipality) -> None:
    http = signed_in(social_worker)
    assert 'id="triage"' not in http.get(reverse("intake_register")).content.decode()
    data = call(town, reached="on", is_urgent="False", reason="Turvassa.", outcome="forwarded")
    http.post(reverse("intake_register"), data)
    intake = Intake.objects.get()
    assert (intake.stage, intake.is_urgent, ContactAttempt.objects.count()) == (Stage.GUIDANCE, None, 0)


def test_the_wrong_role_and_the_outsider(admin_worker: Worker, outsider: Worker, town: Municipality) -> None:
    assert signed_in(admin_worker).post(reverse("intake_register"), call(town)).status_code == 403
    response = signed_in(outsider).post(reverse("intake_register"), call(town, outcome="forwarded"))
    # The outsider's form knows only her own organisation's municipalities and rules.
    assert response.status_code == 200
    assert not Intake.objects.exists()
    assert not Client.objects.filter(last_name="Laine").exists()


def test_an_older_intake_in_her_team_does_not_let_her_triage_another_teams_new_one(
    guidance: Worker, client_of_team: Client, other_team: Any
) -> None:
    from polku.personas import make_intake

    make_intake(client_of_team, guidance)  # still in her team's guidance queue
    Client.objects.filter(pk=client_of_team.pk).update(team=other_team)
    data = call(client_of_team.municipality, is_urgent="False", reason="Turvassa.", outcome="forwarded")
    response = signed_in(guidance).post(
        f"{reverse('intake_register')}?client={client_of_team.pk}", data, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 200
    assert "Asiakas kuuluu toiseen tiimiin (Koskelan tiimi)" in response.content.decode()
    assert Intake.objects.count() == 1
    assert not ContactAttempt.objects.exists()
