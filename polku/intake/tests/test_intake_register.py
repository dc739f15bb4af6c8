"""Registering an intake: the person found or created, deadlines computed, bad input kept."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, View
from polku.clients.models import Client
from polku.core.models import ChangeRecord, Municipality, Role, Worker
from polku.intake.models import DeadlineRule, Intake, NotifierType, Stage
from polku.intake.services import deadlines
from polku.personas import make_client, make_intake, make_worker, signed_in

pytestmark = pytest.mark.django_db


def form_data(**fields: str) -> dict[str, str]:
    return {
        "channel": "notification",
        "received_at": "2026-11-20T09:30",
        "received_how": "phone",
        "description": "Poliisi tapasi henkilön yöllä huonokuntoisena.",
        **fields,
    }


def test_christmas_deadline_is_the_7th_working_day(org) -> None:
    rule = DeadlineRule.objects.get(organisation=org, code="over_75_care_allowance")
    assert deadlines(rule=rule, received=datetime(2026, 12, 23).date()) == (datetime(2027, 1, 7).date(), None)


def test_a_rule_with_months_sets_the_completion_date(org) -> None:
    rule = DeadlineRule.objects.get(organisation=org, code="child_special_support")
    start, complete = deadlines(rule=rule, received=datetime(2026, 11, 30).date())
    assert complete == datetime(2027, 2, 28).date()  # 30.2. does not exist
    assert start == datetime(2026, 12, 9).date()  # the weekend 5.–6.12. does not count


def test_it_registers_a_notification_about_a_person_named_only(
    guidance: Worker, org, town: Municipality
) -> None:
    notifier = NotifierType.objects.get(organisation=org, code="police")
    rule = DeadlineRule.objects.get(organisation=org, is_default=True)
    data = form_data(
        first_names="Lauri",
        last_name="Laine",
        municipality=str(town.pk),
        notifier_type=str(notifier.pk),
        notifier_name="Konstaapeli Virtanen",
        deadline_rule=str(rule.pk),
    )
    response = signed_in(guidance).post(reverse("intake_register"), data)
    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake_detail", args=[intake.pk])
    client = intake.client
    assert (client.first_names, client.last_name, client.municipality, client.birth_date) == (
        "Lauri",
        "Laine",
        town,
        None,
    )
    assert client.details_incomplete
    assert intake.stage == Stage.GUIDANCE
    assert intake.notifier_name == "Konstaapeli Virtanen"
    assert intake.start_by == datetime(2026, 12, 1).date()  # Friday 20.11. + 7 working days
    assert ChangeRecord.objects.filter(client_id=client.pk, model="intake.Intake", action="create").exists()


def test_an_identity_code_finds_the_registered_client(guidance: Worker, org, client_of_team: Client) -> None:
    data = form_data(channel="own_contact", identity_code=client_of_team.identity_code.lower())
    data["deadline_rule"] = str(DeadlineRule.objects.get(organisation=org, is_default=True).pk)
    signed_in(guidance).post(reverse("intake_register"), data)
    assert Intake.objects.get().client == client_of_team
    assert Client.objects.count() == 1


def test_bad_input_gets_finnish_messages_and_keeps_what_was_typed(guidance: Worker, org) -> None:
    data = form_data(identity_code="010594Y9033", last_name="Laine")
    data["deadline_rule"] = str(DeadlineRule.objects.get(organisation=org, is_default=True).pk)
    response = signed_in(guidance).post(reverse("intake_register"), data, HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tarkistusmerkki" in html or "tarkistusmerkki" in html
    assert "Ilmoitukseen tarvitaan ilmoittajan tyyppi." in html
    assert "Poliisi tapasi henkilön yöllä huonokuntoisena." in html
    assert 'value="Laine"' in html
    assert not Intake.objects.exists()


def test_a_future_time_is_refused(guidance: Worker, org, town) -> None:
    data = form_data(channel="own_contact", first_names="A", last_name="B", municipality=str(town.pk))
    data["received_at"] = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data["deadline_rule"] = str(DeadlineRule.objects.get(organisation=org, is_default=True).pk)
    response = signed_in(guidance).post(reverse("intake_register"), data, HTTP_ACCEPT_LANGUAGE="fi")
    assert "Vastaanottoaika ei voi olla tulevaisuudessa." in response.content.decode()
    assert not Intake.objects.exists()


def test_registering_from_the_client_page_goes_through_the_gate(
    lead: Worker, outsider: Worker, client_of_team: Client
) -> None:
    url = reverse("intake_register") + f"?client={client_of_team.pk}"
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(lead).get(url).status_code == 200
    assert AccessLogEntry.objects.filter(worker=lead, client=client_of_team, view=View.CLIENT_PAGE).exists()


def test_registering_about_someone_elses_client_opens_only_that_intake_and_the_basics(
    social_worker: Worker, org, team, other_team
) -> None:
    """The registrar's basis: the basics and the intake they registered, while it is in
    guidance; the finding is logged as an existence check. Nothing of the record opens."""
    from polku.personas import make_relationship

    elsewhere = make_client(org, other_team, 5, first_names="Kalle", last_name="Koskinen")
    colleague = make_worker(org, "pekka_pohjola", Role.SOCIAL_WORKER, [other_team])
    relationship = make_relationship(elsewhere, colleague)
    data = form_data(channel="own_contact", identity_code=elsewhere.identity_code)
    data["deadline_rule"] = str(DeadlineRule.objects.get(organisation=org, is_default=True).pk)
    http = signed_in(social_worker)
    response = http.post(reverse("intake_register"), data)
    intake = Intake.objects.get()
    assert intake.team == other_team
    assert response["Location"] == reverse("intake_detail", args=[intake.pk])
    assert AccessLogEntry.objects.filter(worker=social_worker, view=View.EXISTENCE_CHECK).count() == 1
    assert http.get(reverse("client_detail", args=[elsewhere.pk])).status_code == 200
    assert http.get(reverse("case_detail", args=[relationship.pk])).status_code == 403
    assert http.get(reverse("client_edit", args=[elsewhere.pk])).status_code == 403
    # Once the intake leaves guidance, the registrar's basis ends.
    Intake.objects.filter(pk=intake.pk).update(stage="distribution")
    assert http.get(reverse("client_detail", args=[elsewhere.pk])).status_code == 404


def test_the_outsider_cannot_open_an_intake(
    outsider: Worker, guidance: Worker, client_of_team: Client
) -> None:
    intake = make_intake(client_of_team, guidance)
    assert signed_in(outsider).get(reverse("intake_detail", args=[intake.pk])).status_code == 404


def test_a_name_already_registered_asks_whether_it_is_the_same_person(
    guidance: Worker, org, town: Municipality, client_of_team: Client
) -> None:
    rule = DeadlineRule.objects.get(organisation=org, is_default=True)
    data = form_data(
        channel="own_contact",
        first_names="Äijä",
        last_name="mäkelä",
        municipality=str(town.pk),
        deadline_rule=str(rule.pk),
    )
    http = signed_in(guidance)
    asked = http.post(reverse("intake_register"), data, HTTP_ACCEPT_LANGUAGE="fi")
    assert asked.status_code == 200
    assert "Samanniminen henkilö on jo rekisterissä." in asked.content.decode()
    assert AccessLogEntry.objects.filter(
        worker=guidance, client=client_of_team, view=View.DUPLICATE_CHECK
    ).exists()
    assert not Intake.objects.exists()
    http.post(reverse("intake_register"), {**data, "same_as": str(client_of_team.pk)})
    assert Intake.objects.get().client == client_of_team
    http.post(reverse("intake_register"), {**data, "same_as": "new"})
    assert Client.objects.filter(last_name="mäkelä").count() == 1
    assert Intake.objects.count() == 2


def test_an_identity_code_of_someone_else_by_another_name_is_refused(
    guidance: Worker, org, other_team
) -> None:
    """A typo in the identity code must not file the intake on another person."""
    elsewhere = make_client(org, other_team, 6, first_names="Mikael", last_name="Kärkkäinen")
    data = form_data(channel="own_contact", identity_code=elsewhere.identity_code, last_name="Meikäläinen")
    data["first_names"] = "Matti"
    data["deadline_rule"] = str(DeadlineRule.objects.get(organisation=org, is_default=True).pk)
    response = signed_in(guidance).post(reverse("intake_register"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "rekisterissä toisella nimellä" in page
    assert "Kärkkäinen" not in page
    assert not Intake.objects.exists()
