"""A team lead adds partner professionals, sends their password link, gives their enrolment
code and ends their access; nobody else can, and a refused write changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client as HttpClient
from django.urls import reverse

from polku.core import credentials
from polku.core.models import Role, Team, Worker, WorkerEvent
from polku.network import services
from polku.network.models import PartnerOrganisation, PartnerProfessional
from polku.personas import make_worker, signed_in

pytestmark = pytest.mark.django_db

DATA = {
    "first_name": "Pirkko",
    "last_name": "Pätkä",
    "email": "pirkko.patka@tyollisyys.example",
    "phone": "040 111 2222",
    "title": "Työllisyysasiantuntija",
}


def state() -> tuple[list[tuple[str, bool, str]], int, int]:
    """Every partner account, the links and the history: what a refused write must not change."""
    partners = Worker.objects.filter(role=Role.PARTNER).order_by("pk")
    return (
        [(w.username, w.is_active, w.email) for w in partners],
        PartnerProfessional.objects.count(),
        WorkerEvent.objects.count(),
    )


def test_a_team_lead_adds_a_partner_professional(lead: Worker, employment: PartnerOrganisation) -> None:
    professional = services.partner_professional_add(actor=lead, partner=employment, data=DATA)
    worker = professional.worker
    assert (worker.role, worker.organisation_id, list(worker.teams.all())) == (
        Role.PARTNER,
        lead.organisation_id,
        [],
    )
    assert (worker.username, worker.title, worker.phone) == ("pirkko.patka", DATA["title"], DATA["phone"])
    assert not worker.has_usable_password()
    assert (worker.is_staff, worker.is_superuser, worker.is_active) == (False, False, True)
    assert (professional.partner, professional.added_by, professional.added_by_name) == (
        employment,
        lead,
        "Tiina Toivonen",
    )
    event = WorkerEvent.objects.get(worker=worker)
    assert (event.action, event.actor) == (WorkerEvent.Action.CREATED, lead)
    assert event.changes["partner"] == [None, employment.name]


def test_the_same_name_gets_a_numbered_username(lead: Worker, employment: PartnerOrganisation) -> None:
    first = services.partner_professional_add(actor=lead, partner=employment, data=DATA)
    services.partner_professional_end(actor=lead, professional=first, reason="Siirtyi Kelaan.")
    second = services.partner_professional_add(actor=lead, partner=employment, data=DATA)
    assert second.worker.username == "pirkko.patka2"


def test_the_lead_sends_the_link_and_gives_the_code(lead: Worker, employment: PartnerOrganisation) -> None:
    worker = services.partner_professional_add(actor=lead, partner=employment, data=DATA).worker
    credentials.password_link_send(actor=lead, worker=worker, domain="polku.example", use_https=True)
    assert [m.to for m in mail.outbox] == [[DATA["email"]]]
    assert "pirkko.patka" in mail.outbox[0].body
    assert credentials.enrolment_code_issue(actor=lead, worker=worker)
    actions = set(WorkerEvent.objects.filter(worker=worker).values_list("action", flat=True))
    assert {WorkerEvent.Action.PASSWORD_LINK_SENT, WorkerEvent.Action.ENROLMENT_CODE_ISSUED} <= actions


def test_a_lead_of_another_team_also_vouches_for_partners(
    org, other_team: Team, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    other_lead = make_worker(org, "leena_lahti", Role.TEAM_LEAD, [other_team])
    assert credentials.enrolment_code_issue(actor=other_lead, worker=employment_partner)


@pytest.mark.parametrize(
    "name", ["social_worker", "counsellor", "guidance", "admin_worker", "employment_partner"]
)
def test_only_a_team_lead_adds_a_partner(name: str, request, employment: PartnerOrganisation) -> None:
    actor = request.getfixturevalue(name)
    before = state()
    with pytest.raises(PermissionDenied):
        services.partner_professional_add(actor=actor, partner=employment, data=DATA)
    assert state() == before


def test_the_outsider_adds_nobody_to_our_partner(outsider: Worker, employment: PartnerOrganisation) -> None:
    before = state()
    with pytest.raises(Http404):
        services.partner_professional_add(actor=outsider, partner=employment, data=DATA)
    assert state() == before


@pytest.mark.parametrize("name", ["social_worker", "counsellor", "guidance", "admin_worker", "kela_partner"])
def test_only_a_team_lead_ends_a_partners_access(
    name: str, request, employment_partner: Worker, kela_partner: Worker
) -> None:
    actor = request.getfixturevalue(name)
    before = state()
    with pytest.raises(PermissionDenied):
        services.partner_professional_end(actor=actor, professional=employment_partner.partner, reason="Pois")
    assert state() == before


def test_the_outsider_ends_no_access(outsider: Worker, employment_partner: Worker) -> None:
    before = state()
    with pytest.raises(Http404):
        services.partner_professional_end(actor=outsider, professional=employment_partner.partner, reason="x")
    assert state() == before


@pytest.mark.parametrize("name", ["social_worker", "guidance", "admin_worker", "kela_partner", "outsider"])
def test_only_a_team_lead_sends_a_partners_link_or_code(
    name: str, request, employment_partner: Worker
) -> None:
    actor = request.getfixturevalue(name)
    employment_partner.email = "tero@tyollisyys.example"
    employment_partner.save()
    before = state()
    with pytest.raises(PermissionDenied):
        credentials.password_link_send(
            actor=actor, worker=employment_partner, domain="polku.example", use_https=True
        )
    with pytest.raises(PermissionDenied):
        credentials.enrolment_code_issue(actor=actor, worker=employment_partner)
    assert state() == before
    assert mail.outbox == []


def test_ending_access_signs_the_partner_out_at_once(lead: Worker, employment_partner: Worker) -> None:
    http = signed_in(employment_partner)
    assert http.get(reverse("partner_clients")).status_code == 200
    with pytest.raises(ValidationError):
        services.partner_professional_end(actor=lead, professional=employment_partner.partner, reason=" ")
    employment_partner.refresh_from_db()
    assert employment_partner.is_active
    services.partner_professional_end(
        actor=lead, professional=employment_partner.partner, reason="Siirtyi toiseen organisaatioon."
    )
    employment_partner.refresh_from_db()
    assert not employment_partner.is_active
    response = http.get(reverse("partner_clients"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    event = WorkerEvent.objects.get(worker=employment_partner, action=WorkerEvent.Action.DEACTIVATED)
    assert (event.actor, event.reason) == (lead, "Siirtyi toiseen organisaatioon.")


def test_an_address_of_a_polku_user_is_refused(lead: Worker, employment: PartnerOrganisation) -> None:
    lead.email = "tiina.toivonen@jarvilaakso.example"
    lead.save()
    before = state()
    with pytest.raises(ValidationError) as refusal:
        services.partner_professional_add(
            actor=lead, partner=employment, data={**DATA, "email": "Tiina.Toivonen@jarvilaakso.example"}
        )
    assert "email" in refusal.value.error_dict
    assert state() == before


def test_a_partner_organisation_no_longer_in_use_gets_nobody(
    lead: Worker, employment: PartnerOrganisation
) -> None:
    employment.active = False
    employment.save()
    before = state()
    with pytest.raises(ValidationError):
        services.partner_professional_add(actor=lead, partner=employment, data=DATA)
    assert state() == before


# --- The pages ---------------------------------------------------------------------------------


def test_the_lead_adds_a_partner_on_the_page(lead: Worker, employment: PartnerOrganisation) -> None:
    http = signed_in(lead)
    page = http.get(reverse("partner_professionals"))
    assert page.status_code == 200 and employment.name in page.content.decode()
    assert http.post(reverse("partner_professional_add"), {**DATA, "email": ""}).status_code == 400
    response = http.post(reverse("partner_professional_add"), {**DATA, "partner": employment.pk})
    assert response.status_code == 302
    professional = PartnerProfessional.objects.get(worker__username="pirkko.patka")
    page = http.get(reverse("partner_professionals")).content.decode()
    assert "Pirkko Pätkä" in page and "Tiina Toivonen" in page
    assert http.post(reverse("partner_password_link", args=[professional.pk])).status_code == 302
    assert [m.to for m in mail.outbox] == [[DATA["email"]]]
    code_page = http.post(reverse("partner_enrolment_code", args=[professional.pk]))
    assert code_page.status_code == 200 and code_page.context["code"]
    url = reverse("partner_professional_end", args=[professional.pk])
    assert http.post(url, {"reason": ""}).status_code == 400
    assert http.post(url, {"reason": "Ei enää yhteisiä asiakkaita."}).status_code == 302
    professional.worker.refresh_from_db()
    assert not professional.worker.is_active


@pytest.mark.parametrize(
    "name", ["social_worker", "counsellor", "guidance", "admin_worker", "employment_partner"]
)
def test_only_team_leads_open_the_partner_pages(name: str, request, employment_partner: Worker) -> None:
    http = signed_in(request.getfixturevalue(name))
    professional_id = employment_partner.partner.pk
    before = state()
    assert http.get(reverse("partner_professionals")).status_code == 403
    assert http.post(reverse("partner_professional_add"), {**DATA}).status_code == 403
    for route in ("partner_password_link", "partner_enrolment_code", "partner_professional_end"):
        assert http.post(reverse(route, args=[professional_id]), {"reason": "x"}).status_code == 403
    assert state() == before


def test_the_outsider_sees_none_of_our_partners(outsider: Worker, employment_partner: Worker) -> None:
    http = signed_in(outsider)
    page = http.get(reverse("partner_professionals")).content.decode()
    assert "Järvilaakson työllisyyspalvelut" not in page and "Tero" not in page
    before = state()
    for route in ("partner_password_link", "partner_enrolment_code", "partner_professional_end"):
        url = reverse(route, args=[employment_partner.partner.pk])
        assert http.post(url, {"reason": "x"}).status_code == 404
    assert state() == before


def test_a_former_partner_with_another_role_is_not_a_partner_here(
    lead: Worker, employment_partner: Worker
) -> None:
    employment_partner.role = Role.SOCIAL_WORKER
    employment_partner.save()
    http = signed_in(lead)
    url = reverse("partner_enrolment_code", args=[employment_partner.partner.pk])
    assert http.get(url).status_code == 404
    assert "Tero" not in http.get(reverse("partner_professionals")).content.decode()


def test_the_page_costs_the_same_queries_for_more_partners(
    lead: Worker, employment: PartnerOrganisation, kela: PartnerOrganisation
) -> None:
    http = signed_in(lead)
    services.partner_professional_add(actor=lead, partner=employment, data=DATA)
    http.get(reverse("partner_professionals"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        http.get(reverse("partner_professionals"))
    for n in range(5):
        services.partner_professional_add(
            actor=lead, partner=kela, data={**DATA, "first_name": f"Kaija{n}", "email": f"k{n}@kela.example"}
        )
    with CaptureQueriesContext(connection) as many:
        http.get(reverse("partner_professionals"))
    assert len(many) == len(few)


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = HttpClient().get(reverse("partner_professionals"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
