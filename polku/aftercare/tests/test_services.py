"""The aftercare services: the stages in order, dates that make sense, what each stage needs,
and the gate — only the client's own workers write, and a refused write changes nothing."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from polku.aftercare import services
from polku.aftercare.models import AftercareMeeting, ServiceFollowUp, Stage
from polku.aftercare.tests.conftest import (
    agreed_plan,
    all_delivered,
    days_ago,
    make_aftercare,
    plan_meeting,
    prepare,
)
from polku.casework.models import ClientRelationship, RelationshipKind
from polku.clients.models import Client
from polku.core.models import ChangeRecord, Organisation, Team, Worker
from polku.measures.models import Instrument, MeasureAnswer
from polku.personas import make_client, make_intake
from polku.plans.models import PlanStatus, PlanType, PlanVersion

pytestmark = pytest.mark.django_db


def three_x_ten() -> Instrument:
    return Instrument.objects.get(key="3x10d", version=1)


def measure(actor: Worker, meeting: AftercareMeeting) -> MeasureAnswer:
    return services.meeting_measure_record(
        actor=actor,
        meeting=meeting,
        instrument=three_x_ten(),
        answered_on=meeting.held_on,
        answered_by="together",
        values={"1": 5, "10": 6},
    )


def rows() -> list[int]:
    return [
        AftercareMeeting.objects.count(),
        ServiceFollowUp.objects.count(),
        MeasureAnswer.objects.count(),
        ChangeRecord.objects.count(),
    ]


def test_it_records_the_three_stages_in_order_with_their_history(
    case: ClientRelationship, social_worker: Worker
) -> None:
    first = prepare(
        case, social_worker, days_ago(40), rights_info_on=days_ago(40), rights_info_how="paperilla"
    )
    version = agreed_plan(case, days_ago(20), services_count=2)
    second = plan_meeting(case, social_worker, days_ago(20), plan_version=version, notes="Sovittiin.")
    partly, delivered = version.services.all()
    third = services.follow_up_record(
        actor=social_worker,
        relationship=case,
        held_on=days_ago(1),
        deliveries={partly.pk: ("partly", "Haetaan uudelleen."), delivered.pk: ("delivered", "")},
    )
    assert [m.stage for m in AftercareMeeting.objects.order_by("held_on")] == [
        Stage.PREPARATION,
        Stage.PLAN,
        Stage.FOLLOW_UP,
    ]
    assert first.peer_invited and first.rights_info_how == "paperilla"
    assert second.plan_version == version
    assert {(r.planned_service_id, r.delivery) for r in third.services.all()} == {
        (partly.pk, "partly"),
        (delivered.pk, "delivered"),
    }
    history = ChangeRecord.objects.filter(client_id=case.client_id, model=AftercareMeeting._meta.label)
    assert history.count() == 3
    assert ChangeRecord.objects.filter(model=ServiceFollowUp._meta.label).count() == 2


def test_a_later_stage_needs_the_earlier_one_recorded(
    case: ClientRelationship, social_worker: Worker
) -> None:
    with pytest.raises(ValidationError, match="Kirjaa ensin valmisteleva tapaaminen"):
        plan_meeting(case, social_worker, days_ago(5))
    with pytest.raises(ValidationError, match="Kirjaa ensin suunnitelmapalaveri"):
        services.follow_up_record(actor=social_worker, relationship=case, held_on=days_ago(1), deliveries={})
    assert not AftercareMeeting.objects.exists()
    prepare(case, social_worker, days_ago(10))
    with pytest.raises(ValidationError, match="Kirjaa ensin suunnitelmapalaveri"):
        services.follow_up_record(actor=social_worker, relationship=case, held_on=days_ago(1), deliveries={})
    assert AftercareMeeting.objects.count() == 1


def test_a_meeting_is_not_in_the_future_nor_before_the_previous_one(
    case: ClientRelationship, social_worker: Worker
) -> None:
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        prepare(case, social_worker, tomorrow)
    assert "ei voi olla tulevaisuudessa" in refused.value.message_dict["held_on"][0]
    prepare(case, social_worker, days_ago(10))
    version = agreed_plan(case, days_ago(11))
    with pytest.raises(ValidationError) as refused:
        plan_meeting(case, social_worker, days_ago(11), plan_version=version)
    expected = f"Suunnitelmapalaveri ei voi olla ennen valmistelevaa tapaamista ({days_ago(10):%-d.%-m.%Y})"
    assert expected in refused.value.message_dict["held_on"][0]
    # The same day is allowed: the plan can be made right after the preparation.
    plan_meeting(case, social_worker, days_ago(10), plan_version=version)
    with pytest.raises(ValidationError, match="Seurantapalaveri ei voi olla ennen suunnitelmapalaveria"):
        services.follow_up_record(
            actor=social_worker, relationship=case, held_on=days_ago(12), deliveries=all_delivered(version)
        )
    assert AftercareMeeting.objects.count() == 2


def test_the_preparation_records_the_young_persons_choices(
    case: ClientRelationship, social_worker: Worker
) -> None:
    with pytest.raises(ValidationError) as refused:
        prepare(case, social_worker, days_ago(3), place=" ", mode="", invited="", wishes="")
    assert set(refused.value.message_dict) == {"place", "mode", "invited", "wishes"}
    assert refused.value.message_dict["wishes"] == ["Kirjaa nuoren toiveet."]
    with pytest.raises(ValidationError) as refused:
        prepare(case, social_worker, days_ago(3), rights_info_on=days_ago(3))
    assert list(refused.value.message_dict) == ["rights_info_how"]
    with pytest.raises(ValidationError) as refused:
        prepare(case, social_worker, days_ago(3), rights_info_how="postitse")
    assert list(refused.value.message_dict) == ["rights_info_on"]
    assert not AftercareMeeting.objects.exists()
    meeting = prepare(case, social_worker, days_ago(3), mode="remote", place="Teams")
    assert (meeting.mode, meeting.place, meeting.rights_info_on) == ("remote", "Teams", None)


def test_the_plan_meeting_names_an_agreed_aftercare_plan_of_this_relationship(
    case: ClientRelationship, social_worker: Worker, org: Organisation, team: Team
) -> None:
    prepare(case, social_worker, days_ago(10))
    with pytest.raises(ValidationError, match="Jälkihuoltosuunnitelmaa ei ole vielä hyväksytty"):
        services.plan_meeting_record(
            actor=social_worker, relationship=case, held_on=days_ago(5), plan_version=None
        )
    draft = agreed_plan(case, days_ago(5))
    PlanVersion.objects.filter(pk=draft.pk).update(status=PlanStatus.DRAFT, agreed_at=None)
    working_age = agreed_plan(case, days_ago(5), plan_type=PlanType.WORKING_AGE)
    someone_else = make_aftercare(make_client(org, team, 8, birth_date=days_ago(365 * 20)), social_worker)
    elsewhere = agreed_plan(someone_else, days_ago(5))
    for version in (PlanVersion.objects.get(pk=draft.pk), working_age, elsewhere):
        with pytest.raises(
            ValidationError, match="Valitse tämän asiakkuuden hyväksytty jälkihuoltosuunnitelma"
        ):
            plan_meeting(case, social_worker, days_ago(5), plan_version=version)
    assert AftercareMeeting.objects.count() == 1


def test_the_follow_up_asks_of_each_agreed_service(case: ClientRelationship, social_worker: Worker) -> None:
    prepare(case, social_worker, days_ago(30))
    version = agreed_plan(case, days_ago(20), services_count=3)
    plan_meeting(case, social_worker, days_ago(20), plan_version=version)
    first, second, third = version.services.all()

    def follow_up(deliveries: dict[int, tuple[str, str]]) -> Any:
        return services.follow_up_record(
            actor=social_worker, relationship=case, held_on=days_ago(1), deliveries=deliveries
        )

    with pytest.raises(ValidationError) as refused:
        follow_up({first.pk: ("delivered", ""), second.pk: ("not_delivered", " ")})
    assert refused.value.message_dict == {
        f"next_{second.pk}": ["Kirjaa, miten palvelun kanssa jatketaan."],
        f"delivery_{third.pk}": ["Kerro, toteutuiko palvelu."],
    }
    with pytest.raises(ValidationError, match="hyväksytyn jälkihuoltosuunnitelman palveluista"):
        follow_up({**all_delivered(version), 999999: ("delivered", "")})
    assert AftercareMeeting.objects.count() == 2
    follow_up(
        {
            first.pk: ("delivered", ""),
            second.pk: ("not_delivered", "Uusi hakemus."),
            third.pk: ("partly", "?"),
        }
    )
    assert ServiceFollowUp.objects.count() == 3


def test_each_meeting_is_recorded_once(case: ClientRelationship, social_worker: Worker) -> None:
    prepare(case, social_worker, days_ago(10))
    with pytest.raises(ValidationError, match="Tämä tapaaminen on jo kirjattu"):
        prepare(case, social_worker, days_ago(9))
    assert AftercareMeeting.objects.count() == 1


def test_3x10d_is_linked_to_its_meeting_once(case: ClientRelationship, social_worker: Worker) -> None:
    meeting = prepare(case, social_worker, days_ago(10))
    answer = measure(social_worker, meeting)
    meeting.refresh_from_db()
    assert meeting.measure_answer == answer
    assert answer.relationship == case and answer.answered_on == days_ago(10)
    with pytest.raises(ValidationError, match="3X10D on jo täytetty tässä tapaamisessa"):
        measure(social_worker, meeting)
    assert MeasureAnswer.objects.count() == 1
    assert ChangeRecord.objects.filter(action="measure", client_id=case.client_id).count() == 1


def test_the_pair_worker_records_too(young: Client, social_worker: Worker, counsellor: Worker) -> None:
    case = make_aftercare(young, social_worker, pair=counsellor)
    meeting = prepare(case, counsellor, days_ago(2))
    assert meeting.recorded_by == counsellor
    measure(counsellor, meeting)


@pytest.fixture
def refused_people(
    case: ClientRelationship, outsider: Worker, counsellor: Worker, lead: Worker, guidance: Worker
) -> list[tuple[Worker, type[Exception]]]:
    """No basis: 404 (the outsider, a counsellor of the team who does not work with Iida);
    a basis that reads but does not write the record: 403 (the lead); guidance of an intake
    about her: 403."""
    make_intake(case.client, guidance)
    return [
        (outsider, Http404),
        (counsellor, Http404),
        (lead, PermissionDenied),
        (guidance, PermissionDenied),
    ]


def test_only_the_clients_own_workers_write_and_a_refusal_changes_nothing(
    case: ClientRelationship, social_worker: Worker, refused_people: list[tuple[Worker, type[Exception]]]
) -> None:
    version = agreed_plan(case, days_ago(20))
    writes = [
        lambda actor: prepare(case, actor, days_ago(30)),
        lambda actor: plan_meeting(case, actor, days_ago(20), plan_version=version),
        lambda actor: services.follow_up_record(
            actor=actor, relationship=case, held_on=days_ago(1), deliveries=all_delivered(version)
        ),
        lambda actor: measure(actor, AftercareMeeting.objects.get(stage=Stage.PREPARATION)),
    ]
    for write in writes:
        for actor, refusal in refused_people:
            before = rows()
            with pytest.raises(refusal):
                write(actor)
            assert rows() == before, actor
        write(social_worker)
    case.refresh_from_db()
    assert AftercareMeeting.objects.count() == 3


def test_the_process_is_only_for_aftercare(case: ClientRelationship, social_worker: Worker) -> None:
    ClientRelationship.objects.filter(pk=case.pk).update(kind=RelationshipKind.ORDINARY)
    case.refresh_from_db()
    with pytest.raises(Http404):
        prepare(case, social_worker, days_ago(3))
    assert not AftercareMeeting.objects.exists()


def test_a_closed_relationship_takes_no_more_meetings(
    case: ClientRelationship, social_worker: Worker
) -> None:
    ClientRelationship.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    case.refresh_from_db()
    with pytest.raises((Http404, PermissionDenied)):
        prepare(case, social_worker, days_ago(3))
    assert not AftercareMeeting.objects.exists()
