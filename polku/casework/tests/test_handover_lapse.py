"""An escorted handover that is not answered lapses, and with it the colleague's reading basis."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.gate import bases_of
from polku.access.models import Basis
from polku.casework.models import Handover
from polku.casework.services import handover_answer, handover_offer
from polku.clients.models import Client
from polku.core.models import Role, Worker
from polku.personas import make_relationship, make_worker, signed_in

pytestmark = pytest.mark.django_db


def test_a_pending_handover_is_read_only_and_lapses(
    org, team, social_worker: Worker, client_of_team: Client, settings
) -> None:
    settings.HANDOVER_DAYS = 14
    relationship = make_relationship(client_of_team, social_worker)
    sami = make_worker(org, "sami_saari", Role.SOCIAL_WORKER, [team])
    handover = handover_offer(actor=social_worker, relationship=relationship, to_worker=sami, note="Muutto.")
    assert bases_of(sami).for_client(client_of_team) == Basis.HANDOVER
    http = signed_in(sami)
    assert http.get(reverse("case_detail", args=[relationship.pk])).status_code == 200
    journal = {"kind": "phone", "happened_on": timezone.localdate().isoformat(), "text": "Soitin."}
    assert http.post(reverse("case_journal", args=[relationship.pk]), journal).status_code == 403
    assert not relationship.journal.exists()

    Handover.objects.filter(pk=handover.pk).update(offered_at=timezone.now() - timedelta(days=15))
    assert bases_of(sami).for_client(client_of_team) is None
    assert http.get(reverse("case_detail", args=[relationship.pk])).status_code == 404
    assert http.get(reverse("handover_answer", args=[handover.pk])).status_code == 404
    with pytest.raises((Http404, ValidationError)):
        handover_answer(actor=sami, handover=handover, accept=True)
    relationship.refresh_from_db()
    assert relationship.responsible_worker == social_worker
    # A lapsed offer no longer blocks a new one.
    assert handover_offer(actor=social_worker, relationship=relationship, to_worker=sami, note="Uusi.").pk
