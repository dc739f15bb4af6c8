"""Joint outreach meetings: planned where the client chooses, a calendar file without the
client's name, a record (or a no-show) each organisation can take as PDF and plain text."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client
from polku.core.models import Worker
from polku.network import services
from polku.network.models import MeetingPlace, NetworkMeeting, PartnerOrganisation
from polku.network.tests.conftest import give_consent
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def plan(actor: Worker, client: Client, participants: list[Worker], **fields: object) -> NetworkMeeting:
    starts = timezone.now() - timedelta(hours=2)
    data = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "place": MeetingPlace.HOME,
        "place_details": "",
        "agenda": "Työnhaku ja asuminen",
        "supporters": "Sisko Liisa",
        **fields,
    }
    return services.meeting_plan(actor=actor, client=client, data=data, participants=participants)


def test_a_meeting_is_planned_and_its_calendar_file_names_no_client(
    social_worker: Worker, own_client: Client, employment_partner: Worker
) -> None:
    meeting = plan(social_worker, own_client, [social_worker, employment_partner])
    response = signed_in(social_worker).get(reverse("meeting_ics", args=[meeting.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "\r\nEND:VCALENDAR\r\n" in body
    assert f"UID:polku-meeting-{meeting.pk}@" in body
    assert own_client.last_name not in body and own_client.first_names not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_end_before_the_start_and_a_place_without_details_are_refused(
    social_worker: Worker, own_client: Client
) -> None:
    starts = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as refusal:
        plan(social_worker, own_client, [], starts_at=starts, ends_at=starts - timedelta(hours=1))
    assert "ends_at" in refusal.value.message_dict
    with pytest.raises(ValidationError) as refusal:
        plan(social_worker, own_client, [], place=MeetingPlace.CLIENT_CHOICE)
    assert "place_details" in refusal.value.message_dict
    assert not NetworkMeeting.objects.exists()


def test_a_no_show_is_recorded_as_such(social_worker: Worker, own_client: Client) -> None:
    meeting = plan(social_worker, own_client, [social_worker])
    recorded = services.meeting_record(
        actor=social_worker,
        meeting=meeting,
        data={"client_came": False, "discussed": "", "agreed": "", "next_steps": ""},
    )
    assert recorded.client_came is False and recorded.recorded_by == social_worker
    page = signed_in(social_worker).get(reverse("meetings", args=[own_client.pk]), HTTP_ACCEPT_LANGUAGE="fi")
    assert "asiakas ei saapunut" in page.content.decode()


def test_a_future_meeting_is_not_recorded(social_worker: Worker, own_client: Client) -> None:
    starts = timezone.now() + timedelta(days=2)
    meeting = plan(social_worker, own_client, [], starts_at=starts, ends_at=starts + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.meeting_record(
            actor=social_worker, meeting=meeting, data={"client_came": True, "discussed": "x"}
        )
    assert NetworkMeeting.objects.get(pk=meeting.pk).recorded_at is None


def test_the_record_as_pdf_and_text_for_a_partner_with_a_consent_for_meetings(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    meeting = plan(social_worker, own_client, [social_worker, employment_partner])
    services.meeting_record(
        actor=social_worker,
        meeting=meeting,
        data={
            "client_came": True,
            "discussed": "Työnhaku ja vuokrarästit.",
            "agreed": "Haetaan työkokeilua.",
            "next_steps": "Tero – työkokeilupaikka – 15.12.",
        },
    )
    http = signed_in(employment_partner)
    assert http.get(reverse("meeting_text", args=[meeting.pk])).status_code == 404  # no consent yet
    give_consent(social_worker, own_client, [employment], information=["meetings"])
    text = http.get(reverse("meeting_text", args=[meeting.pk]))
    assert text.status_code == 200 and "Haetaan työkokeilua." in text.content.decode()
    assert "Tero – työkokeilupaikka – 15.12." in text.content.decode()
    pdf = http.get(reverse("meeting_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert http.post(reverse("meeting_record", args=[meeting.pk]), {"client_came": "no"}).status_code == 403
    assert (
        AccessLogEntry.objects.filter(
            worker=employment_partner, view=View.MEETING, basis=Basis.CONSENT_MEETINGS
        ).count()
        >= 2
    )


@pytest.mark.parametrize("who", ["lead", "guidance", "outsider"])
def test_only_the_clients_own_workers_plan_and_record(
    request: pytest.FixtureRequest, social_worker: Worker, own_client: Client, who: str
) -> None:
    meeting = plan(social_worker, own_client, [])
    actor = request.getfixturevalue(who)
    with pytest.raises((PermissionDenied, Http404)):
        plan(actor, own_client, [])
    with pytest.raises((PermissionDenied, Http404)):
        services.meeting_record(actor=actor, meeting=meeting, data={"client_came": False})
    assert NetworkMeeting.objects.count() == 1
    assert NetworkMeeting.objects.get().recorded_at is None
