from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from polku.access.models import AccessLogEntry, View
from polku.core.models import Worker
from polku.measures.models import AnsweredBy, Instrument, MeasureAnswer
from polku.measures.tests.conftest import record, ten
from polku.personas import signed_in

pytestmark = pytest.mark.django_db
DAY = date(2026, 9, 1)


def page(worker: Worker, relationship: Any) -> Any:
    return signed_in(worker).get(reverse("measures_page", args=[relationship.pk]))


def test_it_shows_a_chart_per_item_the_numbers_and_the_latest_reading_in_words(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    record(social_worker, relationship, three_x_ten, DAY, ten(4, 3, 2, 4, 6, 3, 1, 3, 4, 3))
    record(
        social_worker, relationship, three_x_ten, DAY, ten(5, 5, 5, 5, 5, 5, 5, 5, 5, 2), answered_by="worker"
    )
    record(
        social_worker, relationship, three_x_ten, DAY + timedelta(days=40), ten(8, 6, 7, 6, 9, 4, 5, 6, 6, 7)
    )
    html = page(social_worker, relationship).content.decode()
    assert html.count('<svg id="chart-') == 10
    assert 'role="img"' in html and "<desc" in html
    assert "Terveys" in html and "Elämä kokonaisuutena" in html
    # The latest answer's reading, in words: health 8 is green, life as a whole 7 amber.
    assert "8 – Vihreä: tyytyväinen" in html
    assert "7 – Keltainen: melko tyytyväinen" in html
    assert "kokonaisindikaattori" in html
    # Both raters: the worker's line dashed with square markers, and told apart in the table.
    assert 'stroke-dasharray="5 3"' in html and '<rect x="' in html
    assert html.count("työntekijän arvio") >= 2
    assert "1.9.2026" in html and "11.10.2026" in html


def test_the_read_is_logged_as_measures(social_worker: Worker, relationship: Any) -> None:
    page(social_worker, relationship)
    assert list(AccessLogEntry.objects.values_list("view", flat=True)) == [View.MEASURES]


def test_the_outsider_gets_404_and_a_worker_without_basis_404(
    outsider: Worker, guidance: Worker, relationship: Any
) -> None:
    assert page(outsider, relationship).status_code == 404
    assert page(guidance, relationship).status_code == 404


def test_the_lead_reads_the_measures_but_gets_no_form(
    lead: Worker, relationship: Any, social_worker: Worker
) -> None:
    response = page(lead, relationship)
    assert response.status_code == 200
    assert reverse("measure_answer_new", args=[relationship.pk, "3x10d"]) not in response.content.decode()
    assert (
        reverse("measure_answer_new", args=[relationship.pk, "3x10d"])
        in page(social_worker, relationship).content.decode()
    )
    form = signed_in(lead).get(reverse("measure_answer_new", args=[relationship.pk, "3x10d"]))
    assert form.status_code == 403


def test_the_page_takes_the_same_number_of_queries_for_one_answer_as_for_many(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument, django_assert_max_num_queries: Any
) -> None:
    record(social_worker, relationship, three_x_ten, DAY, ten(*range(10)))
    http = signed_in(social_worker)
    url = reverse("measures_page", args=[relationship.pk])
    with django_assert_max_num_queries(15) as one:
        assert http.get(url).status_code == 200
    for n in range(1, 12):
        who = AnsweredBy.WORKER if n % 2 else AnsweredBy.TOGETHER
        record(
            social_worker,
            relationship,
            three_x_ten,
            DAY + timedelta(days=n),
            ten(*[n % 11] * 10),
            answered_by=who,
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert http.get(url).status_code == 200


def test_the_form_saves_an_answer_and_an_item_may_be_skipped(
    social_worker: Worker, relationship: Any, three_x_ten: Instrument
) -> None:
    url = reverse("measure_answer_new", args=[relationship.pk, "3x10d"])
    http = signed_in(social_worker)
    form = http.get(url).content.decode()
    assert form.count('type="radio"') == 10 * 11 + 2
    data = {"answered_on": "2026-11-02", "answered_by": "together"}
    data |= {f"item_{n}": str(n) for n in range(1, 10)}  # item 10 left empty
    response = http.post(url, data)
    assert response.status_code == 302
    answer = MeasureAnswer.objects.get()
    assert answer.values == {str(n): n for n in range(1, 10)}
    assert (answer.answered_on, answer.answered_by) == (date(2026, 11, 2), "together")


def test_an_empty_form_is_refused_with_a_message(
    social_worker: Worker, relationship: Any, three_x_ten: Any
) -> None:
    url = reverse("measure_answer_new", args=[relationship.pk, "3x10d"])
    response = signed_in(social_worker).post(url, {"answered_on": "2026-11-02", "answered_by": "together"})
    assert response.status_code == 200
    assert "Vastaa ainakin yhteen kysymykseen" in response.content.decode()
    assert not MeasureAnswer.objects.exists()


def test_an_unknown_instrument_is_404(social_worker: Worker, relationship: Any) -> None:
    url = reverse("measure_answer_new", args=[relationship.pk, "phq9"])
    assert signed_in(social_worker).get(url).status_code == 404


def test_the_case_page_links_to_the_measures(social_worker: Worker, relationship: Any) -> None:
    html = signed_in(social_worker).get(reverse("case_detail", args=[relationship.pk])).content.decode()
    assert reverse("measures_page", args=[relationship.pk]) in html
