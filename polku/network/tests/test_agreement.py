"""The client coordinator and the network's agreement: members (with or without a sign-in,
private supporters), one coordinator, escorted handover that the receiver accepts, and a
versioned agreement given to the client and shown to members whose consent covers it."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.errors import EditConflict
from polku.core.models import Worker
from polku.network import services
from polku.network.models import (
    Agreement,
    AgreementStatus,
    CoordinationHandover,
    MemberKind,
    NetworkMember,
    PartnerOrganisation,
)
from polku.network.tests.conftest import give_consent
from polku.personas import signed_in
from polku.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


def rel(client: Client) -> ClientRelationship:
    return client.relationships.get()


def add(actor: Worker, client: Client, **data: Any) -> NetworkMember:
    data.setdefault("kind", MemberKind.WORKER if data.get("worker") else MemberKind.SUPPORTER)
    return services.member_add(actor=actor, relationship=rel(client), data=data)


@pytest.fixture
def network(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> dict[str, NetworkMember]:
    """Sanna's client with a plan consent for the employment services, and a network of
    the worker (coordinator), the employment partner and the client's sister."""
    give_consent(social_worker, own_client, [employment], information=["plan"])
    me = add(social_worker, own_client, worker=social_worker, task="vastuutyöntekijä")
    partner = add(
        social_worker, own_client, kind=MemberKind.PARTNER, worker=employment_partner, task="työvalmentaja"
    )
    sister = add(social_worker, own_client, name="Liisa Heikkinen", task="sisko", contact="040 123 4567")
    services.coordinator_name(actor=social_worker, member=me)
    return {"me": me, "partner": partner, "sister": sister}


def test_a_partner_joins_only_under_a_consent_that_covers_their_organisation(
    social_worker: Worker, own_client: Client, kela_partner: Worker, employment: PartnerOrganisation
) -> None:
    give_consent(social_worker, own_client, [employment])
    with pytest.raises(ValidationError) as refusal:
        add(social_worker, own_client, kind=MemberKind.PARTNER, worker=kela_partner)
    assert "Kela Järvilaakso" in refusal.value.message_dict["worker"][0]
    assert not NetworkMember.objects.exists()


def test_a_private_supporter_is_a_member_without_a_sign_in_and_needs_a_relation(
    social_worker: Worker, own_client: Client
) -> None:
    with pytest.raises(ValidationError) as refusal:
        add(social_worker, own_client, name="Liisa Heikkinen", task="")
    assert "task" in refusal.value.message_dict
    member = add(social_worker, own_client, name="Liisa Heikkinen", task="sisko")
    assert member.worker is None and member.where == "sisko" and not member.signs_in
    with pytest.raises(ValidationError):
        services.coordinator_name(actor=social_worker, member=member)
    assert not NetworkMember.objects.filter(is_coordinator=True).exists()


def test_only_the_relationships_own_workers_change_the_network(
    network: dict[str, NetworkMember],
    own_client: Client,
    counsellor: Worker,
    lead: Worker,
    outsider: Worker,
    employment_partner: Worker,
) -> None:
    before = list(NetworkMember.objects.values_list("pk", "removed_at", "is_coordinator"))
    for actor, refused in [
        (lead, PermissionDenied),
        (counsellor, Http404),
        (outsider, Http404),
        (employment_partner, PermissionDenied),
    ]:
        with pytest.raises(refused):
            add(actor, own_client, name="Joku", task="ystävä")
        with pytest.raises(refused):
            services.member_remove(actor=actor, member=network["sister"])
        with pytest.raises(refused):
            services.agreement_draft(actor=actor, relationship=rel(own_client))
    assert list(NetworkMember.objects.values_list("pk", "removed_at", "is_coordinator")) == before
    assert not Agreement.objects.exists()


def test_escorted_handover_the_sender_stays_coordinator_until_the_partner_accepts(
    network: dict[str, NetworkMember],
    social_worker: Worker,
    own_client: Client,
    employment_partner: Worker,
    kela_partner: Worker,
) -> None:
    handover = services.coordination_offer(
        actor=social_worker,
        relationship=rel(own_client),
        to_member=network["partner"],
        note="Työnhaku etenee.",
    )
    network["me"].refresh_from_db()
    assert network["me"].is_coordinator  # still, until accepted
    # The partner sees the offer on their list; another partner cannot answer it.
    page = signed_in(employment_partner).get(reverse("partner_clients"))
    assert reverse("coordination_answer", args=[handover.pk]) in page.content.decode()
    assert signed_in(kela_partner).get(reverse("coordination_answer", args=[handover.pk])).status_code == 404
    with pytest.raises((Http404, PermissionDenied)):
        services.coordination_accept(actor=kela_partner, handover=handover)
    with pytest.raises(PermissionDenied):
        services.coordination_accept(actor=social_worker, handover=handover)  # not the receiver
    response = signed_in(employment_partner).post(
        reverse("coordination_answer", args=[handover.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    coordinators = NetworkMember.objects.filter(is_coordinator=True, removed_at__isnull=True)
    assert list(coordinators) == [network["partner"]]
    handover.refresh_from_db()
    assert handover.accepted_by == employment_partner
    assert AccessLogEntry.objects.filter(
        worker=employment_partner, client=own_client, view=View.NETWORK, basis=Basis.CONSENT_PLAN
    ).exists()


def test_a_receiver_without_a_sign_in_confirms_through_the_worker_and_a_decline_keeps_the_coordinator(
    network: dict[str, NetworkMember], social_worker: Worker, own_client: Client
) -> None:
    nurse = add(
        social_worker,
        own_client,
        kind=MemberKind.PROFESSIONAL,
        name="Hanna Hoitaja",
        task="työkykykoordinaattori",
    )
    offered = services.coordination_offer(
        actor=social_worker, relationship=rel(own_client), to_member=nurse, note="Terveys edellä."
    )
    with pytest.raises(ValidationError):
        services.coordination_offer(
            actor=social_worker, relationship=rel(own_client), to_member=network["partner"], note="Toinen"
        )  # one open handover at a time
    with pytest.raises(ValidationError) as refusal:
        services.coordination_accept(actor=social_worker, handover=offered, confirmed_how=" ")
    assert "confirmed_how" in refusal.value.message_dict
    services.coordination_decline(actor=social_worker, handover=offered, reason="Ei resursseja nyt.")
    network["me"].refresh_from_db()
    assert network["me"].is_coordinator
    again = services.coordination_offer(
        actor=social_worker, relationship=rel(own_client), to_member=nurse, note="Uusi yritys."
    )
    services.coordination_accept(
        actor=social_worker, handover=again, confirmed_how="Verkostotapaamisessa 3.12."
    )
    nurse.refresh_from_db()
    network["me"].refresh_from_db()
    assert nurse.is_coordinator and not network["me"].is_coordinator
    assert CoordinationHandover.objects.get(pk=again.pk).confirmed_how == "Verkostotapaamisessa 3.12."


def test_a_partner_whose_consent_was_revoked_cannot_be_offered_or_take_the_task(
    network: dict[str, NetworkMember], social_worker: Worker, own_client: Client, employment_partner: Worker
) -> None:
    handover = services.coordination_offer(
        actor=social_worker, relationship=rel(own_client), to_member=network["partner"], note="Työnhaku."
    )
    consent = own_client.consents.get()
    services.consent_revoke(actor=social_worker, consent=consent, revoked_through="asiakas minulle")
    with pytest.raises(Http404):
        services.coordination_accept(actor=employment_partner, handover=handover)
    assert (
        signed_in(employment_partner).get(reverse("coordination_answer", args=[handover.pk])).status_code
        == 404
    )
    network["me"].refresh_from_db()
    assert network["me"].is_coordinator
    services.coordination_withdraw(actor=social_worker, handover=handover)
    with pytest.raises(ValidationError):
        services.coordination_offer(
            actor=social_worker, relationship=rel(own_client), to_member=network["partner"], note="Uudestaan."
        )


def agreed(actor: Worker, client: Client, plan: PlanVersion | None = None, **tasks: Any) -> Agreement:
    draft = services.agreement_draft(actor=actor, relationship=rel(client))
    members = NetworkMember.objects.filter(removed_at__isnull=True)
    goal = plan.goals.first() if plan else None
    services.agreement_task_add(
        actor=actor,
        agreement=draft,
        data={
            "member": members.get(kind=MemberKind.PARTNER),
            "what": "Työkokeilupaikka",
            "schedule": "15.1.",
            "goal": goal,
        },
    )
    services.agreement_task_add(
        actor=actor, agreement=draft, data={"member": None, "what": "Hakee kolmea työpaikkaa"}
    )
    draft = services.agreement_save(
        actor=actor,
        agreement=draft,
        version=draft.version,
        data={
            "schedule": "Kerran kuussa asiakkaan kotona",
            "returns_on": timezone.localdate() + timedelta(days=60),
        },
    )
    return services.agreement_agree(actor=actor, agreement=draft, version=draft.version)


def test_an_agreement_needs_lines_a_return_date_and_a_coordinator_and_is_then_fixed(
    network: dict[str, NetworkMember], social_worker: Worker, own_client: Client
) -> None:
    draft = services.agreement_draft(actor=social_worker, relationship=rel(own_client))
    with pytest.raises(ValidationError) as refusal:
        services.agreement_agree(actor=social_worker, agreement=draft, version=draft.version)
    assert len(refusal.value.messages) == 2  # no lines, no return date
    with pytest.raises(ValidationError) as refusal:
        services.agreement_save(
            actor=social_worker,
            agreement=draft,
            version=draft.version,
            data={"returns_on": timezone.localdate() - timedelta(days=1)},
        )
    assert "returns_on" in refusal.value.message_dict
    draft.delete()
    first = agreed(social_worker, own_client)
    assert first.status == AgreementStatus.AGREED and first.number == 1
    with pytest.raises(ValidationError):
        services.agreement_task_add(actor=social_worker, agreement=first, data={"what": "Lisää"})
    assert first.tasks.count() == 2
    # A change is a new version that starts from the agreed one.
    second = services.agreement_draft(actor=social_worker, relationship=rel(own_client))
    assert second.number == 2 and second.tasks.count() == 2 and second.schedule == first.schedule
    assert services.agreement_draft(actor=social_worker, relationship=rel(own_client)) == second


def test_two_workers_saving_the_agreement_do_not_overwrite_each_other(
    network: dict[str, NetworkMember], social_worker: Worker, counsellor: Worker, own_client: Client
) -> None:
    relationship = rel(own_client)
    relationship.pair_worker = counsellor
    relationship.save()
    draft = services.agreement_draft(actor=social_worker, relationship=relationship)
    read = draft.version
    services.agreement_save(
        actor=counsellor, agreement=draft, version=read, data={"schedule": "Parin teksti"}
    )
    with pytest.raises(EditConflict):
        services.agreement_save(
            actor=social_worker, agreement=draft, version=read, data={"schedule": "Minun"}
        )
    assert Agreement.objects.get(pk=draft.pk).schedule == "Parin teksti"


def test_the_agreement_is_shown_to_members_whose_consent_covers_the_plan_and_to_no_one_else(
    network: dict[str, NetworkMember],
    social_worker: Worker,
    own_client: Client,
    employment_partner: Worker,
    kela_partner: Worker,
    kela: PartnerOrganisation,
    agreed_plan: PlanVersion,
) -> None:
    agreement = agreed(social_worker, own_client)
    url = reverse("agreement_detail", args=[agreement.pk])
    page = signed_in(employment_partner).get(url)
    assert page.status_code == 200 and "Työkokeilupaikka" in page.content.decode()
    assert (
        reverse("agreement_detail", args=[agreement.pk])
        in signed_in(employment_partner).get(reverse("partner_client", args=[own_client.pk])).content.decode()
    )
    # Kela: consent for the services map only, and not a member → nothing.
    give_consent(social_worker, own_client, [kela], information=["services"])
    assert signed_in(kela_partner).get(url).status_code == 404
    assert signed_in(kela_partner).get(reverse("agreement_pdf", args=[agreement.pk])).status_code == 404
    # A draft is not shown to partners.
    draft = services.agreement_draft(actor=social_worker, relationship=rel(own_client))
    assert signed_in(employment_partner).get(reverse("agreement_detail", args=[draft.pk])).status_code == 404
    # Taken out of the network → nothing, although the consent still covers the plan.
    services.member_remove(actor=social_worker, member=network["partner"])
    assert signed_in(employment_partner).get(url).status_code == 404
    logged = AccessLogEntry.objects.filter(worker=employment_partner, client=own_client, view=View.NETWORK)
    assert list(logged.values_list("basis", flat=True).distinct()) == [Basis.CONSENT_PLAN]


def test_the_agreement_pdf_is_in_the_clients_language(
    network: dict[str, NetworkMember], social_worker: Worker, own_client: Client
) -> None:
    agreement = agreed(social_worker, own_client)
    own_client.language = "sv"
    own_client.save()
    response = signed_in(social_worker).get(reverse("agreement_pdf", args=[agreement.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="' in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(worker=social_worker, view=View.AGREEMENT_PDF).count() == 1


def test_the_network_page_and_the_agreement_page_for_the_worker(
    network: dict[str, NetworkMember],
    social_worker: Worker,
    own_client: Client,
    outsider: Worker,
    guidance: Worker,
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("network_page", args=[rel(own_client).pk])
    http = signed_in(social_worker)
    with django_assert_max_num_queries(20):
        page = http.get(url)
    text = page.content.decode()
    assert "Liisa Heikkinen" in text and "sisko" in text and "asiakasvastaava" in text
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(guidance).get(url).status_code == 404


def test_someone_who_signs_in_is_not_named_coordinator_without_accepting(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment])
    partner = add(social_worker, own_client, kind=MemberKind.PARTNER, worker=employment_partner)
    with pytest.raises(ValidationError):
        services.coordinator_name(actor=social_worker, member=partner)
    with pytest.raises(ValidationError) as refusal:
        add(social_worker, own_client, kind=MemberKind.PARTNER, worker=employment_partner)  # twice
    assert "worker" in refusal.value.message_dict
    assert not NetworkMember.objects.filter(is_coordinator=True).exists()
    assert NetworkMember.objects.filter(worker=employment_partner).count() == 1


def test_an_agreed_version_keeps_the_network_as_it_was_agreed(
    network: dict[str, NetworkMember], social_worker: Worker, own_client: Client
) -> None:
    first = agreed(social_worker, own_client)
    handover = services.coordination_offer(
        actor=social_worker, relationship=rel(own_client), to_member=network["partner"], note="Työnhaku."
    )
    services.coordination_accept(actor=network["partner"].worker, handover=handover)
    add(social_worker, own_client, name="Pekka Naapuri", task="naapuri")
    http = signed_in(social_worker)
    page = http.get(reverse("agreement_detail", args=[first.pk])).content.decode()
    assert "Pekka Naapuri" not in page
    coordinator = [m for m in Agreement.objects.get(pk=first.pk).network if m["coordinator"]]
    assert [m["name"] for m in coordinator] == [social_worker.get_full_name()]
    second = services.agreement_draft(actor=social_worker, relationship=rel(own_client))
    assert "Pekka Naapuri" in http.get(reverse("agreement_detail", args=[second.pk])).content.decode()


def test_a_line_for_a_member_who_left_and_an_uncovered_coordinator_stop_the_agreement(
    network: dict[str, NetworkMember], social_worker: Worker, own_client: Client, employment_partner: Worker
) -> None:
    draft = services.agreement_draft(actor=social_worker, relationship=rel(own_client))
    services.agreement_task_add(
        actor=social_worker, agreement=draft, data={"member": network["sister"], "what": "Tulee mukaan"}
    )
    draft = services.agreement_save(
        actor=social_worker,
        agreement=draft,
        version=draft.version,
        data={"returns_on": timezone.localdate() + timedelta(days=30)},
    )
    services.member_remove(actor=social_worker, member=network["sister"])
    with pytest.raises(ValidationError) as refusal:
        services.agreement_agree(actor=social_worker, agreement=draft, version=draft.version)
    assert "Liisa Heikkinen" in refusal.value.messages[0]
    services.agreement_task_remove(actor=social_worker, task=draft.tasks.get())
    services.agreement_task_add(
        actor=social_worker, agreement=draft, data={"member": None, "what": "Hakee töitä"}
    )
    handover = services.coordination_offer(
        actor=social_worker, relationship=rel(own_client), to_member=network["partner"], note="Työnhaku."
    )
    services.coordination_accept(actor=employment_partner, handover=handover)
    services.consent_revoke(actor=social_worker, consent=own_client.consents.get(), revoked_through="asiakas")
    page = signed_in(social_worker).get(reverse("network_page", args=[rel(own_client).pk])).content.decode()
    assert "Suostumus ei enää kata asiakasvastaavaa" in page
    with pytest.raises(ValidationError):
        services.agreement_agree(actor=social_worker, agreement=draft, version=draft.version)
    assert Agreement.objects.get(pk=draft.pk).status == AgreementStatus.DRAFT


def test_the_team_lead_reads_the_network_but_gets_no_forms_and_a_conflict_hides_agreeing(
    network: dict[str, NetworkMember], social_worker: Worker, lead: Worker, own_client: Client
) -> None:
    relationship = rel(own_client)
    assert signed_in(lead).get(reverse("network_page", args=[relationship.pk])).status_code == 200
    assert signed_in(lead).get(reverse("network_member_new", args=[relationship.pk])).status_code == 403
    draft = services.agreement_draft(actor=social_worker, relationship=relationship)
    stale = draft.version
    services.agreement_save(actor=social_worker, agreement=draft, version=stale, data={"schedule": "A"})
    response = signed_in(social_worker).post(
        reverse("agreement_save", args=[draft.pk]), {"version": stale, "schedule": "B"}
    )
    text = response.content.decode()
    assert response.status_code == 409 and "Merkitse sovituksi" not in text and "\nB</textarea>" in text
    assert Agreement.objects.get(pk=draft.pk).schedule == "A"
