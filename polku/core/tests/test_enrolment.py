"""A new authenticator app is confirmed only with a one-time enrolment code from someone who
vouches for the worker: their team lead, or for administrators another administrator."""

from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.core.credentials import CODE_MAX_TRIES, enrolment_code_issue
from polku.core.models import EnrolmentCode, Role, Team, Worker, WorkerEvent
from polku.personas import make_worker, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True


def enter_code(http: HttpClient, code: str) -> int:
    return http.post(reverse("two_factor"), {"code": code}).status_code


def first_token(http: HttpClient, worker: Worker) -> int:
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    return http.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"}).status_code


def is_signed_in(http: HttpClient) -> bool:
    return http.get(reverse("my_clients")).status_code == 200


def test_with_the_right_code_the_device_is_confirmed_and_sign_in_proceeds(
    lead: Worker, social_worker: Worker
) -> None:
    code = signed_in_as_verified(lead).post(reverse("enrolment_code", args=[social_worker.pk]))
    code = code.context["code"]
    http = signed_in(social_worker)
    assert enter_code(http, code) == 302
    assert not is_signed_in(http)  # the code alone is not enough
    assert first_token(http, social_worker) == 302
    assert TOTPDevice.objects.get(user=social_worker).confirmed
    assert is_signed_in(http)
    used = EnrolmentCode.objects.get(worker=social_worker)
    assert used.used_at is not None
    enrolled = WorkerEvent.objects.get(worker=social_worker, action=WorkerEvent.Action.TWO_FACTOR_ENROLLED)
    assert enrolled.changes == {"issued_by": [None, "Tiina Toivonen"]}


def signed_in_as_verified(worker: Worker) -> HttpClient:
    """A team lead who has passed the second step herself."""
    device = TOTPDevice.objects.create(user=worker, name="Polku", confirmed=True)
    http = signed_in(worker)
    assert http.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    return http


def test_enrolment_without_a_code_is_refused(social_worker: Worker) -> None:
    http = signed_in(social_worker)
    page = http.get(reverse("two_factor")).content.decode()
    assert "<svg" not in page  # no key is shown before a code is accepted
    assert enter_code(http, "") == 400
    assert enter_code(http, "AAAA-BBBB-CCCC") == 400
    assert not TOTPDevice.objects.filter(user=social_worker).exists()
    assert not is_signed_in(http)


def test_the_token_step_is_not_reachable_without_a_code(social_worker: Worker) -> None:
    device = TOTPDevice.objects.create(user=social_worker, name="Polku", confirmed=False)
    http = signed_in(social_worker)
    response = http.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 400  # the code form, whose field is missing
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_signed_in(http)


def test_another_workers_code_is_refused(lead: Worker, social_worker: Worker, counsellor: Worker) -> None:
    code = enrolment_code_issue(actor=lead, worker=counsellor)
    http = signed_in(social_worker)
    assert enter_code(http, code) == 400
    assert not TOTPDevice.objects.filter(user=social_worker).exists()
    assert WorkerEvent.objects.filter(
        worker=social_worker, action=WorkerEvent.Action.ENROLMENT_REFUSED
    ).exists()
    # The counsellor's own code still works for her.
    other = signed_in(counsellor)
    assert enter_code(other, code) == 302
    assert first_token(other, counsellor) == 302
    assert is_signed_in(other)


def test_an_expired_code_is_refused(lead: Worker, social_worker: Worker) -> None:
    code = enrolment_code_issue(actor=lead, worker=social_worker)
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    http = signed_in(social_worker)
    assert enter_code(http, code) == 400
    assert not TOTPDevice.objects.filter(user=social_worker).exists()


def test_a_code_that_expires_between_the_steps_is_refused(lead: Worker, social_worker: Worker) -> None:
    code = enrolment_code_issue(actor=lead, worker=social_worker)
    http = signed_in(social_worker)
    assert enter_code(http, code) == 302
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert first_token(http, social_worker) == 302
    assert not TOTPDevice.objects.filter(user=social_worker, confirmed=True).exists()
    assert not is_signed_in(http)


def test_a_code_is_used_once(lead: Worker, social_worker: Worker) -> None:
    code = enrolment_code_issue(actor=lead, worker=social_worker)
    http = signed_in(social_worker)
    enter_code(http, code)
    first_token(http, social_worker)
    TOTPDevice.objects.filter(user=social_worker).delete()  # the phone is lost
    again = signed_in(social_worker)
    assert enter_code(again, code) == 400
    assert not TOTPDevice.objects.filter(user=social_worker).exists()


def test_repeated_wrong_codes_void_the_code(lead: Worker, social_worker: Worker) -> None:
    code = enrolment_code_issue(actor=lead, worker=social_worker)
    http = signed_in(social_worker)
    for _ in range(CODE_MAX_TRIES):
        assert enter_code(http, "WRONG-CODE-0000") == 400
    assert enter_code(http, code) == 400
    assert not TOTPDevice.objects.filter(user=social_worker).exists()


def test_codes_are_stored_hashed(lead: Worker, social_worker: Worker) -> None:
    code = enrolment_code_issue(actor=lead, worker=social_worker)
    stored = EnrolmentCode.objects.get()
    assert code.replace("-", "") not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_a_new_code_voids_the_old_one_and_the_old_authenticator(lead: Worker, social_worker: Worker) -> None:
    old_device = TOTPDevice.objects.create(user=social_worker, name="Polku", confirmed=True)
    first = enrolment_code_issue(actor=lead, worker=social_worker)
    enrolment_code_issue(actor=lead, worker=social_worker)
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert enter_code(signed_in(social_worker), first) == 400


def test_the_lead_gives_a_code_on_a_page(lead: Worker, social_worker: Worker) -> None:
    http = signed_in_as_verified(lead)
    url = reverse("enrolment_code", args=[social_worker.pk])
    assert http.get(url).status_code == 200
    assert not EnrolmentCode.objects.exists()  # only a POST makes a code
    response = http.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.context["code"] in response.content.decode()
    assert EnrolmentCode.objects.get().issued_by == lead
    page = http.get(reverse("team_workers")).content.decode()
    assert "Käyttöönottokoodi annettu" in page


def test_a_lead_cannot_give_a_code_outside_her_teams(
    lead: Worker, org, other_team: Team, outsider: Worker
) -> None:
    elsewhere = make_worker(org, "pekka_peltonen", Role.SOCIAL_WORKER, [other_team])
    make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [other_team])
    url = reverse("enrolment_code", args=[elsewhere.pk])
    assert signed_in_as_verified(lead).post(url).status_code == 404
    assert signed_in_as_verified(outsider).post(url).status_code == 404
    assert not EnrolmentCode.objects.exists()
    assert not WorkerEvent.objects.exists()


def test_a_lead_cannot_give_a_code_to_herself(lead: Worker) -> None:
    response = signed_in_as_verified(lead).post(reverse("enrolment_code", args=[lead.pk]))
    assert response.status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_a_lead_of_another_team_vouches_for_a_lead_with_no_other_lead(
    lead: Worker, org, other_team: Team
) -> None:
    other_lead = make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [other_team])
    response = signed_in_as_verified(other_lead).post(reverse("enrolment_code", args=[lead.pk]))
    assert response.status_code == 200
    assert EnrolmentCode.objects.get().worker == lead


def test_only_a_team_lead_gives_codes_on_the_team_page(
    social_worker: Worker, counsellor: Worker, admin_worker: Worker
) -> None:
    url = reverse("enrolment_code", args=[counsellor.pk])
    for worker in (social_worker, admin_worker):
        assert signed_in_as_verified(worker).post(url).status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_administrators_get_their_code_from_another_administrator(
    admin_worker: Worker, org, lead: Worker, social_worker: Worker
) -> None:
    second_admin = make_worker(org, "aino_admin", Role.ADMINISTRATOR, [])
    http = signed_in_as_verified(admin_worker)
    url = reverse("admin:core_worker_enrolment_code", args=[second_admin.pk])
    assert http.post(url).status_code == 200
    assert EnrolmentCode.objects.get().worker == second_admin
    # Never for a client worker, nor for herself.
    for worker in (social_worker, lead, admin_worker):
        url = reverse("admin:core_worker_enrolment_code", args=[worker.pk])
        assert http.post(url).status_code == 403
    assert EnrolmentCode.objects.count() == 1


def test_a_team_lead_cannot_give_an_administrator_a_code(lead: Worker, admin_worker: Worker) -> None:
    from polku.core.services import PermissionDenied

    with pytest.raises(PermissionDenied):
        enrolment_code_issue(actor=lead, worker=admin_worker)
    assert not EnrolmentCode.objects.exists()


def test_the_operator_makes_the_first_code_on_the_server(admin_worker: Worker) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("enrolment_code", admin_worker.username, stdout=out)
    code = out.getvalue().rsplit(" ", 1)[-1].strip()
    http = signed_in(admin_worker)
    assert enter_code(http, code) == 302
    event = WorkerEvent.objects.get(action=WorkerEvent.Action.ENROLMENT_CODE_ISSUED)
    assert event.actor is None
