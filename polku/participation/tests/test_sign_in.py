"""Signing in with a one-time code: once, before it expires, only for its own client, only
while the relationship is open, and throttled; a client's session reaches no worker page."""

from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import get_resolver, reverse
from django.utils import timezone

from polku.access.tests.test_routes import routes_with_ids, walk, world  # noqa: F401  (fixture)
from polku.casework.models import ClientRelationship
from polku.core.middleware import OWN_SIGN_IN
from polku.core.models import Worker
from polku.participation.models import ClientCode, ClientSignIn
from polku.participation.services import MAX_FAILURES, code_issue
from polku.participation.tests.conftest import code_for, sign_in_with
from polku.personas import signed_in

pytestmark = pytest.mark.django_db

REFUSED = "Koodi ei ole oikein"


def try_code(code: str, address: str = "10.0.0.1") -> tuple[HttpClient, object]:
    http = HttpClient(REMOTE_ADDR=address)
    return http, http.post(reverse("own_sign_in"), {"code": code})


def test_the_code_is_stored_only_as_a_hash_and_signs_the_client_in_once(
    relationship: ClientRelationship, social_worker: Worker
) -> None:
    issued, code = code_issue(actor=social_worker, relationship=relationship)
    assert code.replace("-", "") not in issued.code_hash
    assert len(code) == 11 and code[5] == "-"
    http = sign_in_with(code.lower().replace("-", " "))  # typed loosely, still the same code
    assert http.session[OWN_SIGN_IN] == ClientSignIn.objects.get().pk
    assert http.get(reverse("own_home")).status_code == 200
    _http, again = try_code(code)
    assert again.status_code == 400
    assert REFUSED in again.content.decode()
    assert ClientSignIn.objects.count() == 1


def test_an_expired_a_wrong_and_a_replaced_code_are_refused(
    relationship: ClientRelationship, social_worker: Worker
) -> None:
    old = code_for(relationship, social_worker)
    new = code_for(relationship, social_worker)  # the new code voids the old one
    assert try_code(old)[1].status_code == 400
    assert try_code("ABCDE-FGHJK")[1].status_code == 400
    ClientCode.objects.filter(voided_at=None).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert try_code(new)[1].status_code == 400
    assert not ClientSignIn.objects.exists()


def test_a_code_of_a_closed_relationship_does_not_sign_in(
    relationship: ClientRelationship, social_worker: Worker
) -> None:
    code = code_for(relationship, social_worker)
    ClientRelationship.objects.filter(pk=relationship.pk).update(closed_at=timezone.now())
    assert try_code(code)[1].status_code == 400


def test_wrong_codes_are_throttled_per_address(
    relationship: ClientRelationship, social_worker: Worker
) -> None:
    code = code_for(relationship, social_worker)
    for _ in range(MAX_FAILURES):
        assert try_code("WRONG-CODE2", "10.0.0.9")[1].status_code == 400
    _http, response = try_code(code, "10.0.0.9")
    assert response.status_code == 400
    assert "Liian monta väärää koodia" in response.content.decode()
    assert not ClientSignIn.objects.exists()
    # The right code still works from another address, and is not used up by the refusal.
    sign_in_with(code, "10.0.0.10")


def test_a_signed_in_client_reaches_no_worker_page(
    client_http: HttpClient,
    world: dict[str, str],  # noqa: F811
) -> None:
    worker_urls = routes_with_ids(world)
    for _route, pattern in walk(get_resolver().url_patterns):
        rule = pattern.callback.access_rule
        if not pattern.pattern.converters and rule not in ("public", "client"):
            worker_urls.append(reverse(pattern.name))
    assert len(worker_urls) > 60
    for url in worker_urls:
        assert client_http.get(url).status_code in (404, 405), url
        assert client_http.post(url, {}).status_code in (404, 405), url
    assert client_http.get("/admin/").status_code == 404
    assert client_http.get(reverse("own_home")).status_code == 200


def test_the_client_signs_out_and_the_worker_can_end_the_access(
    relationship: ClientRelationship, social_worker: Worker, client_http: HttpClient
) -> None:
    signed_in(social_worker).post(reverse("own_access_end", args=[relationship.pk]))
    response = client_http.get(reverse("own_home"))
    assert response.status_code == 302 and response["Location"] == reverse("own_sign_in")
    assert ClientSignIn.objects.get().ended_at is not None
    other = sign_in_with(code_for(relationship, social_worker))
    assert other.post(reverse("own_sign_out")).status_code == 302
    assert other.get(reverse("own_home"))["Location"] == reverse("own_sign_in")


def test_a_sign_in_lasts_only_its_hours(client_http: HttpClient) -> None:
    ClientSignIn.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_http.get(reverse("own_home"))["Location"] == reverse("own_sign_in")


def test_a_worker_finds_no_client_page_and_a_stranger_is_sent_to_sign_in(
    social_worker: Worker, agreed: object
) -> None:
    plan_id = agreed.plan_id  # type: ignore[attr-defined]
    pages = [reverse("own_home"), reverse("own_plan", args=[plan_id]), reverse("own_access_report")]
    for url in pages:
        assert signed_in(social_worker).get(url).status_code == 404
        assert HttpClient().get(url)["Location"] == reverse("own_sign_in")


@pytest.mark.parametrize("who", ["lead", "guidance", "outsider", "admin_worker"])
def test_only_the_clients_own_workers_give_a_code(
    request: pytest.FixtureRequest, relationship: ClientRelationship, who: str
) -> None:
    worker = request.getfixturevalue(who)
    response = signed_in(worker).post(reverse("own_code_issue", args=[relationship.pk]))
    assert response.status_code == (404 if who in ("outsider", "guidance") else 403)
    assert not ClientCode.objects.exists()
    response = signed_in(worker).post(reverse("own_access_end", args=[relationship.pk]))
    assert response.status_code == (404 if who in ("outsider", "guidance") else 403)


def test_the_worker_sees_the_code_once_with_a_text_message_and_a_letter(
    relationship: ClientRelationship, counsellor: Worker
) -> None:
    http = signed_in(counsellor)
    response = http.post(reverse("own_code_issue", args=[relationship.pk]), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("own_code_show", args=[relationship.pk])
    assert "no-store" in response["Cache-Control"]
    # Reloading the page gives no new code and shows the old one no more.
    again = http.get(reverse("own_code_show", args=[relationship.pk]), follow=True).content.decode()
    assert "näytetään vain kerran" in again
    code = ClientCode.objects.get()
    assert code.issued_by == counsellor
    assert "/my/sign-in/" in page and "Tekstiviesti" in page
    case = signed_in(counsellor).get(reverse("case_detail", args=[relationship.pk])).content.decode()
    assert "odottaa käyttöä" in case


def test_codes_can_be_switched_off(
    relationship: ClientRelationship, social_worker: Worker, settings: object
) -> None:
    settings.CLIENT_CODE_DAYS = 0  # type: ignore[attr-defined]
    response = signed_in(social_worker).post(reverse("own_code_issue", args=[relationship.pk]), follow=True)
    assert "Kirjautumiskoodit eivät ole käytössä" in response.content.decode()
    assert not ClientCode.objects.exists()


def test_client_pages_are_not_stored_and_a_worker_signing_in_replaces_the_client(
    client_http: HttpClient, social_worker: Worker
) -> None:
    assert "no-store" in client_http.get(reverse("own_home"))["Cache-Control"]
    client_http.force_login(social_worker)
    assert client_http.get(reverse("own_home")).status_code == 404
    assert OWN_SIGN_IN not in client_http.session
    assert client_http.get(reverse("my_clients")).status_code == 200


def test_a_code_is_valid_through_the_last_day_in_the_letter(
    relationship: ClientRelationship, social_worker: Worker
) -> None:
    issued, _code = code_issue(actor=social_worker, relationship=relationship)
    last_day = timezone.localdate() + timedelta(days=7)
    assert timezone.localtime(issued.expires_at).date() == last_day
    assert timezone.localtime(issued.expires_at).hour == 23


def test_a_huge_id_names_nothing(client_http: HttpClient) -> None:
    huge = "99999999999999999999999"
    for url in (f"/my/plans/{huge}/", f"/my/plans/{huge}/before-meeting/"):
        assert client_http.get(url).status_code == 404
    assert client_http.post(f"/my/steps/{huge}/tick/", {"done": "1"}).status_code == 404
