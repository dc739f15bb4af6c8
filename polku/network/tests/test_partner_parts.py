"""A partner writes what the consent allows, nothing else: their organisation's part of a
meeting they took part in (consent to meeting records) and the status of a service their
organisation provides (consent to the services map)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import capabilities_of
from polku.clients.models import Client
from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.models import ChangeRecord, Worker
from polku.network import services
from polku.network.models import (
    ClientService,
    EndDecidedBy,
    MeetingContribution,
    NetworkMeeting,
    PartnerOrganisation,
)
from polku.network.tests.conftest import give_consent
from polku.network.tests.test_meetings import plan
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def recorded(actor: Worker, client: Client, participants: list[Worker]) -> NetworkMeeting:
    meeting = plan(actor, client, participants)
    return services.meeting_record(
        actor=actor,
        meeting=meeting,
        data={
            "client_came": True,
            "discussed": "Työnhaku.",
            "agreed": "Työkokeilu.",
            "next_steps": "Tero – etsii työkokeilupaikan – 15.1.",
        },
    )


def parts() -> list[tuple[int, str]]:
    return list(MeetingContribution.objects.order_by("pk").values_list("author_id", "text"))


def test_a_participating_partner_writes_and_corrects_their_part(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["meetings"])
    meeting = recorded(social_worker, own_client, [social_worker, employment_partner])
    http = signed_in(employment_partner)
    url = reverse("meeting_part", args=[meeting.pk])
    page = http.get(reverse("meeting_detail", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert url in page
    response = http.post(url, {"text": "Tarjoamme työkokeilupaikan kartoituksen."})
    assert response.status_code == 302
    http.post(url, {"text": "Tarjoamme työkokeilupaikan kartoituksen ja valmentajan."})
    part = MeetingContribution.objects.get()
    assert (part.author, part.partner_name) == (employment_partner, "Järvilaakson työllisyyspalvelut")
    assert part.text.endswith("ja valmentajan.")
    history = ChangeRecord.objects.filter(model="network.MeetingContribution").order_by("pk")
    assert [h.action for h in history] == ["create", "update"]
    assert history[1].changes["text"][0] == "Tarjoamme työkokeilupaikan kartoituksen."
    # Under the author's name and organisation, on the page, the PDF and the plain text.
    for viewer in (social_worker, employment_partner):
        page = signed_in(viewer).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert "Tero Tyollisyys, Järvilaakson työllisyyspalvelut" in page
    text = http.get(reverse("meeting_text", args=[meeting.pk])).content.decode()
    assert "Järvilaakson työllisyyspalvelut" in text and "ja valmentajan." in text
    assert http.get(reverse("meeting_pdf", args=[meeting.pk])).content.startswith(b"%PDF-")


def test_the_part_is_not_written_before_the_meeting_nor_empty(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["meetings"])
    starts = timezone.now() + timedelta(days=1)
    future = plan(
        social_worker, own_client, [employment_partner], starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        services.meeting_part_write(actor=employment_partner, meeting=future, text="Etukäteen.")
    page = signed_in(employment_partner).get(reverse("meeting_detail", args=[future.pk])).content.decode()
    assert reverse("meeting_part", args=[future.pk]) not in page
    begun = recorded(social_worker, own_client, [employment_partner])
    response = signed_in(employment_partner).post(reverse("meeting_part", args=[begun.pk]), {"text": "  "})
    assert response.status_code == 200
    assert parts() == []


def test_a_partner_outside_the_meeting_or_the_consent_writes_nothing(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    kela: PartnerOrganisation,
    employment_partner: Worker,
    kela_partner: Worker,
) -> None:
    meeting = recorded(social_worker, own_client, [social_worker, kela_partner])
    url = reverse("meeting_part", args=[meeting.pk])
    # No consent at all: the meeting does not exist for either.
    for partner in (employment_partner, kela_partner):
        with pytest.raises(Http404):
            services.meeting_part_write(actor=partner, meeting=meeting, text="x")
        assert signed_in(partner).post(url, {"text": "x"}).status_code == 404
    # Kela takes part, but its consent covers only the plan: still nothing (404).
    give_consent(social_worker, own_client, [kela], information=["plan"])
    with pytest.raises(Http404):
        services.meeting_part_write(actor=kela_partner, meeting=meeting, text="x")
    # The employment services may read the records but did not take part: 403.
    give_consent(social_worker, own_client, [employment], information=["meetings"])
    with pytest.raises(PermissionDenied):
        services.meeting_part_write(actor=employment_partner, meeting=meeting, text="x")
    assert signed_in(employment_partner).post(url, {"text": "x"}).status_code == 403
    # The county's own workers write the record itself, not a part.
    assert signed_in(social_worker).post(url, {"text": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.meeting_part_write(actor=social_worker, meeting=meeting, text="x")
    assert parts() == []


def test_after_revocation_the_part_cannot_be_written_or_corrected(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    consent = give_consent(social_worker, own_client, [employment], information=["meetings"])
    meeting = recorded(social_worker, own_client, [employment_partner])
    services.meeting_part_write(actor=employment_partner, meeting=meeting, text="Ennen perumista.")
    services.consent_revoke(actor=social_worker, consent=consent, revoked_through="asiakas")
    response = signed_in(employment_partner).post(
        reverse("meeting_part", args=[meeting.pk]), {"text": "Perumisen jälkeen."}
    )
    assert response.status_code == 404
    with pytest.raises(Http404):
        services.meeting_part_write(actor=employment_partner, meeting=meeting, text="Perumisen jälkeen.")
    assert parts() == [(employment_partner.pk, "Ennen perumista.")]


def test_the_meetings_consent_opens_no_other_write(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["meetings"])
    can = capabilities_of(employment_partner, own_client)
    assert can == {
        Capability.READ_MEETINGS,
        Capability.WRITE_MEETING_PART,
        Capability.READ_CONSENTS,
        Capability.RECORD_REVOCATION,
        Capability.ANSWER_COORDINATION,  # only a task offered to them by name (test_agreement.py)
    }
    meeting = recorded(social_worker, own_client, [employment_partner])
    http = signed_in(employment_partner)
    assert http.post(reverse("meeting_record", args=[meeting.pk]), {"client_came": "no"}).status_code == 403
    assert http.post(reverse("meeting_steps", args=[meeting.pk]), {}).status_code == 403
    assert http.get(reverse("services_map", args=[own_client.pk])).status_code == 403
    assert NetworkMeeting.objects.get().client_came is True


def _service(
    actor: Worker, client: Client, provider: PartnerOrganisation | None, **fields: object
) -> ClientService:
    data = {
        "service": Code.objects.get(code_set__oid=SERVICES, code="20"),
        "provider": provider,
        "provider_name": "" if provider else "Työvalmennus Oy",
        "purpose": "Työvalmennus",
        **fields,
    }
    return services.service_add(actor=actor, client=client, data=data)


def rows() -> list[dict[str, object]]:
    return list(ClientService.objects.order_by("pk").values())


def test_the_provider_records_use_and_ends_its_own_service(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["services"])
    item = _service(social_worker, own_client, employment)
    http = signed_in(employment_partner)
    page = http.get(reverse("services_map", args=[own_client.pk])).content.decode()
    assert reverse("own_service_check", args=[item.pk]) in page
    assert reverse("service_check", args=[item.pk]) not in page
    today = timezone.localdate().isoformat()
    response = http.post(reverse("own_service_check", args=[item.pk]), {"in_use": "no", "checked_on": today})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.in_use, item.checked_on) == (False, timezone.localdate())
    end = reverse("own_service_end", args=[item.pk])
    assert http.post(end, {"ended_on": today, "reason": ""}).status_code == 200  # a reason is needed
    assert ClientService.objects.get().ended_on is None
    assert http.post(end, {"ended_on": today, "reason": "Asiakas ei käy."}).status_code == 302
    item.refresh_from_db()
    assert (item.end_decided_by, item.ended_by, item.end_reason) == (
        EndDecidedBy.PROVIDER,
        employment_partner,
        "Asiakas ei käy.",
    )
    actions = ChangeRecord.objects.filter(model="network.ClientService", actor=employment_partner)
    assert sorted(actions.values_list("action", flat=True)) == ["check", "end"]


def test_a_partner_changes_no_other_providers_service(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    kela: PartnerOrganisation,
    employment_partner: Worker,
    kela_partner: Worker,
) -> None:
    give_consent(social_worker, own_client, [employment, kela], information=["services"])
    employment_row = _service(social_worker, own_client, employment)
    unnamed_row = _service(social_worker, own_client, None)
    before = rows()
    page = signed_in(kela_partner).get(reverse("services_map", args=[own_client.pk])).content.decode()
    assert reverse("own_service_check", args=[employment_row.pk]) not in page
    for item in (employment_row, unnamed_row):
        # Kela sees these rows on the map, so changing them is "may see, may not do".
        with pytest.raises(PermissionDenied):
            services.own_service_check(
                actor=kela_partner, item=item, in_use=False, checked_on=timezone.localdate()
            )
        with pytest.raises(PermissionDenied):
            services.own_service_end(actor=kela_partner, item=item, ended_on=timezone.localdate(), reason="x")
        for name in ("own_service_check", "own_service_end"):
            assert signed_in(kela_partner).get(reverse(name, args=[item.pk])).status_code == 403
            response = signed_in(kela_partner).post(
                reverse(name, args=[item.pk]),
                {
                    "in_use": "no",
                    "checked_on": timezone.localdate().isoformat(),
                    "reason": "x",
                    "ended_on": timezone.localdate().isoformat(),
                },
            )
            assert response.status_code == 403
    # Workers use their own routes; the partner's are not theirs.
    assert (
        signed_in(social_worker).get(reverse("own_service_check", args=[employment_row.pk])).status_code
        == 403
    )
    assert rows() == before


def test_without_the_services_consent_or_after_revocation_the_row_does_not_exist(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    plan_only = give_consent(social_worker, own_client, [employment], information=["plan", "meetings"])
    item = _service(social_worker, own_client, employment)
    before = rows()
    http = signed_in(employment_partner)
    with pytest.raises(Http404):
        services.own_service_check(
            actor=employment_partner, item=item, in_use=True, checked_on=timezone.localdate()
        )
    assert http.get(reverse("own_service_check", args=[item.pk])).status_code == 404
    services.consent_revoke(actor=social_worker, consent=plan_only, revoked_through="asiakas")
    mapped = give_consent(social_worker, own_client, [employment], information=["services"])
    assert http.get(reverse("own_service_end", args=[item.pk])).status_code == 200
    services.consent_revoke(actor=social_worker, consent=mapped, revoked_through="asiakas")
    assert http.get(reverse("own_service_end", args=[item.pk])).status_code == 404
    response = http.post(
        reverse("own_service_end", args=[item.pk]),
        {"ended_on": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert response.status_code == 404
    with pytest.raises(Http404):
        services.own_service_end(
            actor=employment_partner, item=item, ended_on=timezone.localdate(), reason="x"
        )
    assert rows() == before


def test_a_partner_records_only_the_revocation_of_a_consent_that_covers_them(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    kela: PartnerOrganisation,
    kela_partner: Worker,
) -> None:
    give_consent(social_worker, own_client, [kela], information=["plan"])
    theirs = give_consent(social_worker, own_client, [employment], information=["plan"])
    with pytest.raises(Http404):
        services.consent_revoke(actor=kela_partner, consent=theirs, revoked_through="asiakas")
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_meeting_page_and_the_next_steps_page_take_as_many_queries_with_more_parts(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    kela: PartnerOrganisation,
    employment_partner: Worker,
    kela_partner: Worker,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from polku.plans.models import Goal, PlanVersion
    from polku.plans.services import plan_create

    give_consent(social_worker, own_client, [employment, kela], information=["meetings"])
    meeting = recorded(social_worker, own_client, [social_worker, employment_partner, kela_partner])
    made = plan_create(
        actor=social_worker, relationship=own_client.relationships.get(), plan_type="working_age"
    )
    version = PlanVersion.objects.get(plan=made)
    Goal.objects.create(plan_version=version, client_words="Haluan töihin.")
    http = signed_in(social_worker)

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(reverse(name, args=[meeting.pk])).status_code == 200
        return len(queries)

    services.meeting_part_write(actor=employment_partner, meeting=meeting, text="Työkokeilu.")
    one = count("meeting_detail"), count("meeting_steps")
    services.meeting_part_write(actor=kela_partner, meeting=meeting, text="Kuntoutusraha.")
    Goal.objects.create(plan_version=version, client_words="Haluan pitää asuntoni.")
    NetworkMeeting.objects.filter(pk=meeting.pk).update(next_steps="A – b – 1.1.\nC – d\nE – f – 2.2.")
    assert (count("meeting_detail"), count("meeting_steps")) == one
