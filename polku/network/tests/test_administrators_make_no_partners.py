"""An administrator cannot make a partner professional, link one to an organisation or widen a
partner's access, and signing in as an administrator shows no client data (Act 703/2023:
an administrator does not give themself client access)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from polku.access.gate import bases_of
from polku.clients.models import Client
from polku.core import credentials
from polku.core.models import NO_ROLE, Role, Team, Worker, WorkerChange, WorkerEvent
from polku.core.services import worker_add, worker_change_confirm, worker_change_request
from polku.network import services
from polku.network.models import PartnerKind, PartnerOrganisation, PartnerProfessional
from polku.network.tests.conftest import give_consent
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def accounts() -> list[tuple[str, str, bool, str]]:
    return [(w.username, w.role, w.is_active, w.email) for w in Worker.objects.order_by("pk")]


def links() -> list[tuple[int, int]]:
    return list(PartnerProfessional.objects.order_by("pk").values_list("worker_id", "partner_id"))


def test_the_add_form_offers_no_partner_role_and_refuses_one(
    admin_worker: Worker, employment: PartnerOrganisation
) -> None:
    http = signed_in(admin_worker)
    page = http.get(reverse("admin:core_worker_add"))
    assert [v for v, _label in page.context["adminform"].form.fields["role"].choices if v] == [
        r for r in Role.values if r != Role.PARTNER
    ]
    before = accounts()
    data = {
        "username": "admin_oma_partneri",
        "first_name": "Aki",
        "last_name": "Partneri",
        "email": "aki@jarvilaakso.example",
        "role": Role.PARTNER,
        "partner": employment.pk,
    }
    response = http.post(reverse("admin:core_worker_add"), data)
    assert response.status_code == 200  # the form refuses the choice
    assert accounts() == before and links() == []
    assert mail.outbox == []


def test_the_services_refuse_the_partner_role_with_a_pointer_to_the_lead(
    admin_worker: Worker, social_worker: Worker, team: Team
) -> None:
    before = accounts()
    new = Worker(username="uusi_partneri", email="uusi@tyollisyys.example", first_name="Uusi")
    with pytest.raises(ValidationError) as refusal:
        worker_add(actor=admin_worker, worker=new, role=Role.PARTNER, teams=[])
    assert "role" in refusal.value.error_dict
    with pytest.raises(ValidationError):
        worker_change_request(
            actor=admin_worker, worker=social_worker, role=Role.PARTNER, teams=[], email="", is_active=True
        )
    with pytest.raises(ValidationError):
        worker_change_request(
            actor=admin_worker, worker=admin_worker, role=Role.PARTNER, teams=[], email="", is_active=True
        )
    assert accounts() == before
    assert not WorkerChange.objects.exists() and not WorkerEvent.objects.exists()


def test_the_access_page_does_not_offer_the_partner_role(admin_worker: Worker, social_worker: Worker) -> None:
    http = signed_in(admin_worker)
    url = reverse("admin:core_worker_access", args=[social_worker.pk])
    assert Role.PARTNER not in [v for v, _l in http.get(url).context["form"].fields["role"].choices]
    before = accounts()
    response = http.post(url, {"role": Role.PARTNER, "teams": [], "email": "", "is_active": "on"})
    assert response.status_code == 400
    assert accounts() == before and not WorkerChange.objects.exists()


def test_an_administrator_neither_adds_nor_links_a_partner_professional(
    admin_worker: Worker, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    before = (accounts(), links())
    data = {"first_name": "Aki", "last_name": "Aalto", "email": "aki@oma.example"}
    with pytest.raises(PermissionDenied):
        services.partner_professional_add(actor=admin_worker, partner=employment, data=data)
    http = signed_in(admin_worker)
    assert (
        http.post(reverse("partner_professional_add"), {**data, "partner": employment.pk}).status_code == 403
    )
    # The link between a professional and an organisation has no page in the configuration.
    assert http.get("/admin/network/partnerprofessional/").status_code == 404
    assert http.get("/admin/network/partnerprofessional/add/").status_code == 404
    assert (accounts(), links()) == before


def test_a_partners_access_is_only_ended_in_the_configuration(
    admin_worker: Worker, employment_partner: Worker, team: Team
) -> None:
    employment_partner.email = "tero@tyollisyys.example"
    employment_partner.save()
    before = accounts()
    wanted = {"role": Role.PARTNER, "teams": [], "email": employment_partner.email, "is_active": True}
    for widening in (
        {"email": "aki@oma.example"},  # where the password link would go
        {"teams": [team]},
    ):
        with pytest.raises(ValidationError):
            worker_change_request(actor=admin_worker, worker=employment_partner, **{**wanted, **widening})
    assert accounts() == before and not WorkerChange.objects.exists()
    with pytest.raises(PermissionDenied):
        credentials.password_link_send(
            actor=admin_worker, worker=employment_partner, domain="polku.example", use_https=True
        )
    with pytest.raises(PermissionDenied):
        credentials.enrolment_code_issue(actor=admin_worker, worker=employment_partner)
    assert mail.outbox == []
    http = signed_in(admin_worker)
    assert (
        http.post(reverse("admin:core_worker_password_link", args=[employment_partner.pk])).status_code == 403
    )
    assert (
        "password-link"
        not in http.get(reverse("admin:core_worker_change", args=[employment_partner.pk])).content.decode()
    )

    # Ending the access takes effect at once; access again is not the administrator's to give.
    worker_change_request(actor=admin_worker, worker=employment_partner, **{**wanted, "is_active": False})
    employment_partner.refresh_from_db()
    assert not employment_partner.is_active
    with pytest.raises(ValidationError):
        worker_change_request(actor=admin_worker, worker=employment_partner, **wanted)
    employment_partner.refresh_from_db()
    assert not employment_partner.is_active and not WorkerChange.objects.exists()


def test_a_partner_becomes_a_client_worker_only_with_the_leads_confirmation(
    admin_worker: Worker, lead: Worker, employment_partner: Worker, team: Team
) -> None:
    change = worker_change_request(
        actor=admin_worker,
        worker=employment_partner,
        role=Role.SOCIAL_WORKER,
        teams=[team],
        email="",
        is_active=True,
    )
    assert change is not None
    employment_partner.refresh_from_db()
    assert (employment_partner.role, list(employment_partner.teams.all())) == (Role.PARTNER, [])
    worker_change_confirm(actor=lead, change=change)
    employment_partner.refresh_from_db()
    assert (employment_partner.role, list(employment_partner.teams.all())) == (Role.SOCIAL_WORKER, [team])


def test_a_new_worker_the_administrator_adds_has_no_role_and_no_partner_link(
    admin_worker: Worker, team: Team
) -> None:
    new = Worker(username="uusi_tyontekija", email="uusi@jarvilaakso.example", first_name="Uusi")
    worker_add(actor=admin_worker, worker=new, role=Role.SOCIAL_WORKER, teams=[team])
    new.refresh_from_db()
    assert new.role == NO_ROLE and links() == []


def test_the_administrator_signed_in_gets_no_client_data(
    admin_worker: Worker,
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    agreed_plan,
) -> None:
    # A consent to every employment-services organisation is in force.
    give_consent(social_worker, own_client, [employment], kinds=[PartnerKind.EMPLOYMENT])
    assert bases_of(admin_worker).all_for(own_client) == []
    http = signed_in(admin_worker)
    for url in (
        reverse("partner_clients"),
        reverse("partner_client", args=[own_client.pk]),
        reverse("consents", args=[own_client.pk]),
        reverse("client_detail", args=[own_client.pk]),
    ):
        response = http.get(url)
        assert response.status_code == 403, url
        assert own_client.last_name not in response.content.decode()
    assert own_client.last_name not in http.get(reverse("home"), follow=True).content.decode()


def test_partner_organisations_are_configured_in_the_administrators_organisation(
    admin_worker: Worker, employment: PartnerOrganisation, outsider: Worker
) -> None:
    theirs = PartnerOrganisation.objects.create(
        organisation=outsider.organisation, name="Naapurin Kela", kind=PartnerKind.KELA
    )
    http = signed_in(admin_worker)
    listing = http.get(reverse("admin:network_partnerorganisation_changelist")).content.decode()
    assert employment.name in listing and theirs.name not in listing
    assert http.get(reverse("admin:network_partnerorganisation_change", args=[theirs.pk])).status_code == 302
    add = reverse("admin:network_partnerorganisation_add")
    response = http.post(
        add, {"name": "Järvilaakson setlementti ry", "kind": PartnerKind.NGO, "active": "on"}
    )
    assert response.status_code == 302
    added = PartnerOrganisation.objects.get(name="Järvilaakson setlementti ry")
    assert added.organisation_id == admin_worker.organisation_id
    # The same name again is refused on the form, not by the database.
    again = http.post(add, {"name": "järvilaakson setlementti ry", "kind": PartnerKind.NGO, "active": "on"})
    assert again.status_code == 200 and PartnerOrganisation.objects.filter(kind=PartnerKind.NGO).count() == 1
    # The kind is fixed once saved: a consent to "every organisation of a kind" relies on it.
    change = reverse("admin:network_partnerorganisation_change", args=[employment.pk])
    response = http.post(change, {"name": employment.name, "kind": PartnerKind.KELA, "active": "on"})
    assert response.status_code == 302
    employment.refresh_from_db()
    assert employment.kind == PartnerKind.EMPLOYMENT


def test_only_administrators_configure_partner_organisations(
    lead: Worker, employment: PartnerOrganisation
) -> None:
    response = signed_in(lead).get(reverse("admin:network_partnerorganisation_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_old_request_for_the_partner_role_is_never_confirmed(
    admin_worker: Worker, lead: Worker, guidance: Worker, team: Team
) -> None:
    """A request stored before the role was refused (made here directly) cannot take effect."""
    change = WorkerChange.objects.create(
        organisation_id=guidance.organisation_id,
        worker=guidance,
        old_role=guidance.role,
        role=Role.PARTNER,
        requested_by=admin_worker,
        requested_by_name=str(admin_worker),
    )
    with pytest.raises(ValidationError):
        worker_change_confirm(actor=lead, change=change)
    guidance.refresh_from_db()
    change.refresh_from_db()
    assert (guidance.role, change.status) == (Role.GUIDANCE_WORKER, WorkerChange.Status.PENDING)
