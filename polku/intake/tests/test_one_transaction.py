"""Registering an intake for a new person is one act: a refused intake leaves no client."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.clients.models import Client
from polku.core.models import Municipality, Worker
from polku.intake.models import DeadlineRule, Intake
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def test_a_refused_intake_leaves_no_client_behind(guidance: Worker, org, town: Municipality) -> None:
    tomorrow = timezone.localtime() + timedelta(days=1)
    data = {
        "channel": "own_contact",
        "received_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
        "received_how": "phone",
        "description": "Asiakas soitti ja pyysi apua vuokriin.",
        "first_names": "Lauri",
        "last_name": "Laine",
        "municipality": str(town.pk),
        "deadline_rule": str(DeadlineRule.objects.get(organisation=org, is_default=True).pk),
    }
    response = signed_in(guidance).post(reverse("intake_register"), data)
    # The refusal itself works: the form comes back with the service's message.
    assert response.status_code == 200
    assert "ei voi olla tulevaisuudessa" in response.content.decode()
    assert not Intake.objects.exists()
    # …but the new person must not have been registered either.
    assert not Client.objects.exists()
