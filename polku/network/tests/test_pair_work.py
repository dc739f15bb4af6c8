"""The pair-work process on the relationship page: each step derived from what was recorded,
for readers of the record only, in a constant number of queries and within the page's read."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, View
from polku.assessment.models import Assessment, AssessmentStatus
from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.models import Worker
from polku.network import services
from polku.network.models import MeetingPlace, NetworkMeeting, PartnerOrganisation
from polku.network.pair_work import Step, pair_work_steps
from polku.network.tests.conftest import give_consent
from polku.personas import signed_in
from polku.plans.models import PlanStatus, PlanVersion

pytestmark = pytest.mark.django_db


def steps_of(worker: Worker, client: Client) -> dict[str, Step]:
    relationship = client.relationships.get()
    page = signed_in(worker).get(reverse("case_detail", args=[relationship.pk]), HTTP_ACCEPT_LANGUAGE="fi")
    assert page.status_code == 200
    return {step.key: step for step in page.context["pair_work"]}


def add_service(actor: Worker, client: Client, **fields: object) -> object:
    data = {
        "service": Code.objects.get(code_set__oid=SERVICES, code="20"),
        "provider_name": "Työvalmennus Oy",
        "purpose": "Työvalmennus",
        **fields,
    }
    return services.service_add(actor=actor, client=client, data=data)


def complete_assessment(client: Client, worker: Worker, *, days_ago: int = 0) -> Assessment:
    return Assessment.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        relationship=client.relationships.get(),
        status=AssessmentStatus.COMPLETED,
        completed_at=timezone.now() - timedelta(days=days_ago),
        completed_by=worker,
        author=worker,
    )


def plan_meeting(actor: Worker, client: Client, *, days_ago: int) -> NetworkMeeting:
    starts = timezone.now() - timedelta(days=days_ago)
    data = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "place": MeetingPlace.HOME,
        "place_details": "",
        "agenda": "Työnhaku",
        "supporters": "",
    }
    return services.meeting_plan(actor=actor, client=client, data=data, participants=[actor])


def hold_meeting(actor: Worker, client: Client, *, days_ago: int) -> NetworkMeeting:
    meeting = plan_meeting(actor, client, days_ago=days_ago)
    record = {"client_came": True, "discussed": "Työnhaku.", "agreed": "Jatketaan.", "next_steps": ""}
    return services.meeting_record(actor=actor, meeting=meeting, data=record)


def test_it_shows_a_new_relationship_with_only_the_need_done(
    social_worker: Worker, own_client: Client
) -> None:
    steps = steps_of(social_worker, own_client)
    assert list(steps) == ["need", "consent", "services", "assessment", "plan", "meetings", "evaluation"]
    assert steps["need"].done and steps["need"].by == social_worker
    assert [key for key, step in steps.items() if step.done] == ["need"]
    assert steps["consent"].current and not steps["services"].current
    assert steps["consent"].link == reverse("consent_new", args=[own_client.pk])
    assert steps["meetings"].link == reverse("meeting_new", args=[own_client.pk])
    html = signed_in(social_worker).get(
        reverse("case_detail", args=[own_client.relationships.get().pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    text = html.content.decode()
    assert 'aria-current="step"' in text
    assert text.count("ei vielä") == 6
    assert "Kirjallinen suostumus" in text


def test_each_step_is_derived_from_what_was_recorded(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    agreed_plan: PlanVersion,
) -> None:
    consent = give_consent(social_worker, own_client, [employment])
    item = add_service(social_worker, own_client)
    services.service_check(
        actor=social_worker, item=item, in_use=True, checked_on=timezone.localdate() - timedelta(days=1)
    )
    complete_assessment(own_client, social_worker)
    PlanVersion.objects.filter(pk=agreed_plan.pk).update(agreed_at=timezone.now())
    hold_meeting(social_worker, own_client, days_ago=3)
    hold_meeting(social_worker, own_client, days_ago=1)
    PlanVersion.objects.create(
        plan=agreed_plan.plan,
        number=2,
        status=PlanStatus.AGREED,
        agreed_at=timezone.now() + timedelta(minutes=1),
        author=social_worker,
        continues=True,
    )
    steps = steps_of(social_worker, own_client)
    assert all(step.done for step in steps.values())
    assert not any(step.current for step in steps.values())
    today = timezone.localdate()
    assert (steps["consent"].done_on, steps["consent"].by) == (
        timezone.localdate(consent.recorded_at),
        social_worker,
    )
    assert steps["services"].done_on == today - timedelta(days=1)
    assert steps["services"].detail == "1 palvelu kartoitettu, 1 käyty läpi asiakkaan kanssa"
    assert str(steps["assessment"].name) == "Yhteinen palvelutarpeen arviointi"
    assert steps["meetings"].done_on == today - timedelta(days=3)
    assert steps["meetings"].detail == "2 tapaamista kirjattu"
    assert steps["evaluation"].detail == "Työskentely jatkuu."


def test_a_refused_consent_is_not_a_consent_and_the_assessment_is_not_called_joint(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation
) -> None:
    give_consent(social_worker, own_client, [employment], refused=True)
    complete_assessment(own_client, social_worker)
    steps = steps_of(social_worker, own_client)
    assert not steps["consent"].done
    assert steps["assessment"].done
    assert str(steps["assessment"].name) == "Palvelutarpeen arviointi"


def test_a_revoked_consent_stays_done_and_says_none_is_in_force(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation
) -> None:
    consent = give_consent(social_worker, own_client, [employment])
    services.consent_revoke(actor=social_worker, consent=consent, revoked_through="asiakas soitti")
    steps = steps_of(social_worker, own_client)
    assert steps["consent"].done
    assert steps["consent"].detail == "Mikään suostumus ei ole nyt voimassa."


def test_a_planned_meeting_and_a_draft_evaluation_are_not_yet_done(
    social_worker: Worker, own_client: Client, agreed_plan: PlanVersion
) -> None:
    meeting = plan_meeting(social_worker, own_client, days_ago=-2)
    PlanVersion.objects.create(plan=agreed_plan.plan, number=2, author=social_worker)
    steps = steps_of(social_worker, own_client)
    assert steps["plan"].done
    assert not steps["meetings"].done
    assert steps["meetings"].link == reverse("meeting_detail", args=[meeting.pk])
    assert not steps["evaluation"].done
    assert steps["evaluation"].detail == "Arviointi on aloitettu"


def test_the_lead_reads_the_steps_but_gets_no_links_to_take_them(lead: Worker, own_client: Client) -> None:
    steps = steps_of(lead, own_client)
    assert steps["need"].done
    assert [step.link for step in steps.values() if not step.done] == [""] * 6


def test_the_outsider_gets_404_and_a_partner_403(
    outsider: Worker,
    counsellor: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    employment_partner: Worker,
    social_worker: Worker,
) -> None:
    give_consent(social_worker, own_client, [employment], information=["plan", "services", "meetings"])
    url = reverse("case_detail", args=[own_client.relationships.get().pk])
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(counsellor).get(url).status_code == 404
    assert signed_in(employment_partner).get(url).status_code == 403


def test_the_steps_add_no_read_of_their_own(social_worker: Worker, own_client: Client) -> None:
    relationship = own_client.relationships.get()
    signed_in(social_worker).get(reverse("case_detail", args=[relationship.pk]))
    reads = AccessLogEntry.objects.filter(worker=social_worker, client=own_client)
    assert list(reads.values_list("view", flat=True)) == [View.CASE]


def test_the_queries_do_not_grow_with_the_record(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    agreed_plan: PlanVersion,
    django_assert_max_num_queries,
) -> None:
    relationship = ClientRelationship.objects.select_related("client", "intake", "opened_by").get(
        client=own_client
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            pair_work_steps(worker=social_worker, relationship=relationship)
        return len(queries)

    few = count()
    for days in (5, 4, 3):
        give_consent(social_worker, own_client, [employment])
        add_service(social_worker, own_client)
        complete_assessment(own_client, social_worker, days_ago=days)
        hold_meeting(social_worker, own_client, days_ago=days)
    assert count() == few
    # Five reads of the record; outside a request also the worker's bases (twice) and the log
    # row with its savepoint. On the page the bases are known and the read already logged.
    with django_assert_max_num_queries(10):
        steps = pair_work_steps(worker=social_worker, relationship=relationship)
    assert steps[5].detail == "3 tapaamista kirjattu"
