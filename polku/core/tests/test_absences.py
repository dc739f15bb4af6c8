"""The team lead records absences; the rota and the worker picker use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.core.models import Absence, Role, Team, Worker
from polku.personas import make_worker, signed_in

pytestmark = pytest.mark.django_db


def test_the_lead_records_and_removes_an_absence(lead: Worker, counsellor: Worker) -> None:
    http = signed_in(lead)
    today = timezone.localdate()
    data = {
        "worker": counsellor.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=4)).isoformat(),
    }
    assert http.post(reverse("absences"), {**data, "note": "Loma"}).status_code == 302
    absence = Absence.objects.get()
    assert (absence.worker, absence.note) == (counsellor, "Loma")
    assert http.get(reverse("absences")).context["absences"] == [absence]
    assert http.post(reverse("absence_remove", args=[absence.pk])).status_code == 302
    assert not Absence.objects.exists()


def test_dates_in_the_wrong_order_get_a_finnish_message(lead: Worker, counsellor: Worker) -> None:
    today = timezone.localdate()
    data = {
        "worker": counsellor.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today - timedelta(days=1)).isoformat(),
    }
    response = signed_in(lead).post(reverse("absences"), data, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 400
    assert "Poissaolo ei voi päättyä ennen kuin se alkaa." in response.content.decode()
    assert not Absence.objects.exists()


def test_only_a_lead_and_only_for_their_teams(
    lead: Worker, counsellor: Worker, social_worker: Worker, org, other_team: Team, outsider: Worker
) -> None:
    assert signed_in(social_worker).get(reverse("absences")).status_code == 403
    elsewhere = make_worker(org, "pekka_peltonen", Role.SOCIAL_WORKER, [other_team])
    today = timezone.localdate().isoformat()
    response = signed_in(lead).post(
        reverse("absences"), {"worker": elsewhere.pk, "starts_on": today, "ends_on": today}
    )
    assert response.status_code == 400  # not a choice for this lead
    absence = Absence.objects.create(
        worker=counsellor, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    assert signed_in(outsider).post(reverse("absence_remove", args=[absence.pk])).status_code == 404
