"""Break-glass review: the client's team lead and the opener's team lead see an opening,
nobody reviews their own, reviews are only added, repeated openings are flagged."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from polku.access.models import AccessLogEntry, Basis, BreakGlass, BreakGlassReview, View
from polku.access.selectors import break_glass_reviewable
from polku.access.services import break_glass_mark_reviewed, break_glass_open
from polku.clients.models import Client
from polku.core.models import ChangeRecord, Organisation, Role, Team, Worker
from polku.personas import make_client, make_worker, signed_in

pytestmark = pytest.mark.django_db
REASON = "Poliisi ilmoitti kiireellisestä tilanteesta, tarvitsen yhteystiedot heti."
REVIEW_URL = reverse("break_glass_review")


@pytest.fixture
def client_lead(org: Organisation, other_team: Team) -> Worker:
    """Team lead of client_elsewhere's team; not the lead of the personas' team."""
    return make_worker(org, "kaisa_koski", Role.TEAM_LEAD, [other_team])


@pytest.fixture
def third_lead(org: Organisation) -> Worker:
    """Team lead of a team that has nothing to do with the openings below."""
    third = Team.objects.create(organisation=org, name="Mäntylän tiimi", office="Mäntylä")
    return make_worker(org, "matti_mantyla", Role.TEAM_LEAD, [third])


def _open(worker: Worker, client: Client, days_ago: int = 0) -> BreakGlass:
    opening = break_glass_open(actor=worker, identity_code=client.identity_code, reason=REASON)
    if days_ago:
        earlier = opening.opened_at - timedelta(days=days_ago)
        BreakGlass.objects.filter(pk=opening.pk).update(opened_at=earlier)
        opening.refresh_from_db()
    return opening


def _reviews() -> list[tuple[object, ...]]:
    return list(BreakGlassReview.objects.order_by("pk").values_list("pk", "reviewer_id", "at", "note"))


def test_the_clients_lead_and_the_openers_lead_see_the_opening_others_do_not(
    lead: Worker, social_worker: Worker, client_elsewhere: Client, client_lead: Worker, third_lead: Worker
) -> None:
    opening = _open(social_worker, client_elsewhere)
    for reviewer in (lead, client_lead):
        assert list(break_glass_reviewable(lead=reviewer)) == [opening]
        assert REASON in signed_in(reviewer).get(REVIEW_URL).content.decode()
    assert not break_glass_reviewable(lead=third_lead).exists()
    assert REASON not in signed_in(third_lead).get(REVIEW_URL).content.decode()


def test_both_leads_may_review_and_a_third_gets_404(
    lead: Worker, social_worker: Worker, client_elsewhere: Client, client_lead: Worker, third_lead: Worker
) -> None:
    opening = _open(social_worker, client_elsewhere)
    url = reverse("break_glass_mark_reviewed", args=[opening.pk])
    assert signed_in(third_lead).post(url, {"note": "Minäkin."}).status_code == 404
    assert _reviews() == []
    assert signed_in(client_lead).post(url, {"note": "Asiakkaan tiimistä."}).status_code == 302
    assert signed_in(lead).post(url, {"note": "Työntekijän tiimistä."}).status_code == 302
    assert [(r[1], r[3]) for r in _reviews()] == [
        (client_lead.pk, "Asiakkaan tiimistä."),
        (lead.pk, "Työntekijän tiimistä."),
    ]


def test_a_worker_without_a_team_still_reaches_the_clients_lead(
    org: Organisation, lead: Worker, client_elsewhere: Client, client_lead: Worker
) -> None:
    loner = make_worker(org, "yrjo_yksin", Role.SOCIAL_WORKER, [])
    opening = _open(loner, client_elsewhere)
    assert list(break_glass_reviewable(lead=client_lead)) == [opening]
    assert not break_glass_reviewable(lead=lead).exists()
    review = break_glass_mark_reviewed(actor=client_lead, break_glass_id=opening.pk, note="Selvitetty.")
    assert (review.break_glass, review.reviewer) == (opening, client_lead)


def test_a_lead_sees_her_own_opening_but_cannot_review_it(
    lead: Worker, client_elsewhere: Client, client_lead: Worker
) -> None:
    opening = _open(lead, client_elsewhere)
    http = signed_in(lead)
    page = http.get(REVIEW_URL).content.decode()
    assert REASON in page
    assert "Avasit tämän pääsyn itse. Sen tarkastaa toinen esihenkilö." in page
    assert reverse("break_glass_mark_reviewed", args=[opening.pk]) not in page

    with pytest.raises(PermissionDenied):
        break_glass_mark_reviewed(actor=lead, break_glass_id=opening.pk, note="Itse hyväksytty.")
    response = http.post(reverse("break_glass_mark_reviewed", args=[opening.pk]), {"note": "Itse."})
    assert response.status_code == 403
    assert _reviews() == []
    assert not ChangeRecord.objects.exists()

    # The client's team lead reviews it.
    assert (
        reverse("break_glass_mark_reviewed", args=[opening.pk])
        in signed_in(client_lead).get(REVIEW_URL).content.decode()
    )
    break_glass_mark_reviewed(actor=client_lead, break_glass_id=opening.pk, note="Asiallinen.")
    assert [r[1] for r in _reviews()] == [client_lead.pk]


def test_a_second_review_is_added_and_the_first_stays_as_written(
    lead: Worker, social_worker: Worker, client_elsewhere: Client, client_lead: Worker
) -> None:
    opening = _open(social_worker, client_elsewhere)
    url = reverse("break_glass_mark_reviewed", args=[opening.pk])
    signed_in(lead).post(url, {"note": "Asiallinen."})
    first = _reviews()
    signed_in(client_lead).post(url, {"note": "Sovittu työntekijän kanssa, ei toistu."})
    signed_in(lead).post(url, {"note": "Lisäys: keskusteltu."})
    reviews = _reviews()
    assert reviews[0] == first[0]
    assert [r[3] for r in reviews] == [
        "Asiallinen.",
        "Sovittu työntekijän kanssa, ei toistu.",
        "Lisäys: keskusteltu.",
    ]
    assert ChangeRecord.objects.filter(model="access.BreakGlassReview", action="review").count() == 3

    page = signed_in(lead).get(REVIEW_URL).content.decode()
    assert "Tarkastettu" in page
    history = page[page.index("Tarkastukset") :]
    assert history.index("Asiallinen.") < history.index("Sovittu työntekijän") < history.index("Lisäys")
    assert "Tarkastanut Tiina Toivonen" in history
    assert "Lisää tarkastus" in page


def test_an_unreviewed_opening_comes_first(
    lead: Worker, social_worker: Worker, client_elsewhere: Client, client_of_team: Client
) -> None:
    older = _open(social_worker, client_of_team, days_ago=2)
    newer = _open(social_worker, client_elsewhere)
    break_glass_mark_reviewed(actor=lead, break_glass_id=newer.pk, note="")
    page = signed_in(lead).get(REVIEW_URL).content.decode()
    assert page.index(f'id="bg-{older.pk}"') < page.index(f'id="bg-{newer.pk}"')
    assert "Tarkastamatta" in page


def test_repeated_openings_by_one_worker_are_flagged(
    org: Organisation, lead: Worker, social_worker: Worker, team: Team
) -> None:
    clients = [make_client(org, team, 50 + n) for n in range(4)]
    long_ago = _open(social_worker, clients[0], days_ago=45)
    first = _open(social_worker, clients[1], days_ago=20)
    second = _open(social_worker, clients[2], days_ago=10)
    third = _open(social_worker, clients[3])
    page = signed_in(lead).get(REVIEW_URL).content.decode()

    def card(opening: BreakGlass) -> str:
        start = page.index(f'id="bg-{opening.pk}"')
        return page[start : page.index("</article>", start)]

    assert "Toistuvia avauksia" in card(third)
    assert "Tämä on työntekijän 3. avaus 30 päivän sisällä." in card(third)
    for quiet in (long_ago, first, second):
        assert "Toistuvia avauksia" not in card(quiet)


def test_the_repeat_threshold_is_a_setting(
    org: Organisation, lead: Worker, social_worker: Worker, team: Team, settings
) -> None:
    settings.BREAK_GLASS_REPEAT_COUNT = 2
    settings.BREAK_GLASS_REPEAT_DAYS = 7
    first = _open(social_worker, make_client(org, team, 60), days_ago=5)
    second = _open(social_worker, make_client(org, team, 61))
    page = signed_in(lead).get(REVIEW_URL).content.decode()
    second_card = page[page.index(f'id="bg-{second.pk}"') : page.index(f'id="bg-{first.pk}"')]
    assert "Tämä on työntekijän 2. avaus 7 päivän sisällä." in second_card
    assert page.count("Toistuvia avauksia") == 1


def test_the_names_on_the_review_list_are_logged(
    lead: Worker, social_worker: Worker, client_elsewhere: Client
) -> None:
    _open(social_worker, client_elsewhere)
    signed_in(lead).get(REVIEW_URL)
    entry = AccessLogEntry.objects.get()
    assert (entry.worker, entry.client_id, entry.view, entry.basis) == (
        lead,
        client_elsewhere.pk,
        View.BREAK_GLASS_REVIEW,
        Basis.BREAK_GLASS_REVIEW,
    )


def test_the_review_page_has_a_constant_number_of_queries(
    org: Organisation,
    lead: Worker,
    social_worker: Worker,
    team: Team,
    django_assert_max_num_queries,
) -> None:
    co_lead = make_worker(org, "leena_lahti", Role.TEAM_LEAD, [team])
    http = signed_in(lead)

    def load() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = http.get(REVIEW_URL).content.decode()
        return len(queries), page

    def open_and_review(number: int) -> None:
        opening = _open(social_worker, make_client(org, team, number))
        break_glass_mark_reviewed(actor=co_lead, break_glass_id=opening.pk, note="Katsottu.")
        break_glass_mark_reviewed(actor=lead, break_glass_id=opening.pk, note="Hyväksytty.")

    open_and_review(30)
    load()  # the organisation's first log row also creates the chain's head
    few, _page = load()
    for number in range(31, 55):
        open_and_review(number)
    with django_assert_max_num_queries(18):
        many, page = load()
    assert many == few
    assert page.count(REASON) == 25  # one page
    assert page.count("Hyväksytty.") == 25


def test_wrong_role_gets_403_and_changes_nothing(
    social_worker: Worker, counsellor: Worker, client_elsewhere: Client
) -> None:
    opening = _open(counsellor, client_elsewhere)
    http = signed_in(social_worker)
    assert http.get(REVIEW_URL).status_code == 403
    url = reverse("break_glass_mark_reviewed", args=[opening.pk])
    assert http.post(url, {"note": "x"}).status_code == 403
    assert _reviews() == []


def test_the_outsider_sees_nothing_and_gets_404(
    outsider: Worker, social_worker: Worker, client_elsewhere: Client
) -> None:
    opening = _open(social_worker, client_elsewhere)
    http = signed_in(outsider)
    assert REASON not in http.get(REVIEW_URL).content.decode()
    url = reverse("break_glass_mark_reviewed", args=[opening.pk])
    assert http.post(url, {"note": "x"}).status_code == 404
    assert _reviews() == []
    assert not AccessLogEntry.objects.exists()
