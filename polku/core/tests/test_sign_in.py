import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.core.credentials import enrolment_code_issue
from polku.core.models import Role, Worker
from polku.personas import PASSWORD, make_worker, signed_in

pytestmark = pytest.mark.django_db


def test_signing_in_and_out(social_worker: Worker) -> None:
    http = HttpClient()
    response = http.post(reverse("login"), {"username": "sanna_salo", "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert http.get(reverse("home")).status_code == 200
    http.post(reverse("logout"))
    assert http.get(reverse("home")).status_code == 302


def test_a_password_needs_twelve_characters() -> None:
    with pytest.raises(ValidationError):
        validate_password("Lyhyt-123!")
    validate_password("pitkä-salasana-metsässä")


def test_sign_in_is_locked_after_repeated_failures(social_worker: Worker) -> None:
    http = HttpClient()
    for _ in range(5):
        http.post(reverse("login"), {"username": "sanna_salo", "password": "väärä-salasana-123"})
    response = http.post(reverse("login"), {"username": "sanna_salo", "password": PASSWORD})
    assert response.status_code == 429
    assert "Kirjautuminen on estetty hetkeksi" in response.content.decode()


def test_sessions_expire_after_idle_time(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def _enrolled(worker: Worker) -> TOTPDevice:
    return TOTPDevice.objects.create(user=worker, name="Polku", confirmed=True)


def test_a_team_lead_sets_up_a_second_factor_with_an_enrolment_code(
    lead: Worker, org, team, settings
) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    other_lead = make_worker(org, "leena_lindholm", Role.TEAM_LEAD, [team])
    code = enrolment_code_issue(actor=other_lead, worker=lead)
    http = signed_in(lead)
    assert http.get(reverse("client_search"))["Location"] == reverse("two_factor")
    assert "<svg" not in http.get(reverse("two_factor")).content.decode()
    assert http.post(reverse("two_factor"), {"code": code}).status_code == 302
    page = http.get(reverse("two_factor")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=lead)
    http.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    device.refresh_from_db()
    assert device.confirmed
    assert http.get(reverse("client_search")).status_code == 200


def test_a_wrong_code_is_refused(lead: Worker, settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    device = _enrolled(lead)
    http = signed_in(lead)
    wrong = f"{(totp(device.bin_key) + 1) % 1000000:06d}"
    assert "Koodi ei ole oikein" in http.post(reverse("two_factor"), {"token": wrong}).content.decode()
    assert http.get(reverse("client_search"))["Location"] == reverse("two_factor")


def test_a_confirmed_authenticator_signs_in(lead: Worker, settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    device = _enrolled(lead)
    http = signed_in(lead)
    assert http.post(reverse("two_factor"), {"token": f"{totp(device.bin_key):06d}"}).status_code == 302
    assert http.get(reverse("client_search")).status_code == 200


@pytest.mark.parametrize("name", ["social_worker", "counsellor", "guidance", "lead"])
def test_every_role_that_reads_client_data_needs_the_second_factor(name: str, request, settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    worker = request.getfixturevalue(name)
    assert worker.needs_two_factor
    assert signed_in(worker).get(reverse("my_clients"))["Location"] == reverse("two_factor")


def test_without_two_factor_required_no_code_is_asked(social_worker: Worker, settings) -> None:
    settings.REQUIRE_TWO_FACTOR = False
    assert signed_in(social_worker).get(reverse("client_search")).status_code == 200


def test_the_administrator_needs_the_second_factor_for_configuration(admin_worker: Worker, settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    assert signed_in(admin_worker).get("/admin/").status_code == 302


def test_the_second_factor_does_not_redirect_off_site(lead: Worker, settings) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    device = _enrolled(lead)
    http = signed_in(lead)
    url = reverse("two_factor") + "?next=https://evil.example/"
    response = http.post(url, {"token": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == reverse("home")
