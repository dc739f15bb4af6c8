"""The client's services map: checked with the client, overlaps flagged, ended with a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client
from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.models import Worker
from polku.network import services
from polku.network.models import ClientService, PartnerOrganisation
from polku.network.tests.conftest import give_consent
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def service(code: str) -> Code:
    return Code.objects.get(code_set__oid=SERVICES, code=code)


def add(actor: Worker, client: Client, **fields: object) -> ClientService:
    data = {"service": service("20"), "provider_name": "Työvalmennus Oy", "purpose": "Työvalmennus", **fields}
    return services.service_add(actor=actor, client=client, data=data)


def test_two_services_of_the_same_kind_are_flagged_until_one_ends(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation
) -> None:
    first = add(social_worker, own_client, provider=employment, provider_name="")
    second = add(social_worker, own_client, provider_name="Valmennuspaja ry")
    add(social_worker, own_client, service=service("19"), provider_name="Talous- ja velkaneuvonta")
    page = signed_in(social_worker).get(
        reverse("services_map", args=[own_client.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert page.context["map"].overlapping == {first.pk, second.pk}
    assert "päällekkäinen: käy läpi asiakkaan kanssa" in page.content.decode()
    services.service_end(
        actor=social_worker,
        item=second,
        ended_on=timezone.localdate(),
        reason="Ei käytä.",
        decided_by="client",
    )
    page = signed_in(social_worker).get(reverse("services_map", args=[own_client.pk]))
    assert page.context["map"].overlapping == set()
    ended = ClientService.objects.get(pk=second.pk)
    assert (ended.end_reason, ended.end_decided_by, ended.ended_by) == ("Ei käytä.", "client", social_worker)


def test_ending_needs_a_reason_and_who_decided_and_keeps_the_service(
    social_worker: Worker, own_client: Client
) -> None:
    item = add(social_worker, own_client)
    with pytest.raises(ValidationError) as refusal:
        services.service_end(
            actor=social_worker, item=item, ended_on=timezone.localdate(), reason=" ", decided_by=""
        )
    assert {"reason", "decided_by"} <= set(refusal.value.message_dict)
    assert ClientService.objects.get(pk=item.pk).ended_on is None


def test_use_is_recorded_with_the_date_it_was_checked(social_worker: Worker, own_client: Client) -> None:
    with pytest.raises(ValidationError) as refusal:
        add(social_worker, own_client, in_use=True)
    assert "checked_on" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        add(social_worker, own_client, since=timezone.localdate() + timedelta(days=1))
    item = add(social_worker, own_client)
    services.service_check(actor=social_worker, item=item, in_use=False, checked_on=timezone.localdate())
    assert ClientService.objects.get(pk=item.pk).in_use is False


@pytest.mark.parametrize("who", ["lead", "guidance", "outsider"])
def test_only_the_clients_own_workers_change_the_map(
    request: pytest.FixtureRequest, social_worker: Worker, own_client: Client, who: str
) -> None:
    item = add(social_worker, own_client)
    actor = request.getfixturevalue(who)
    with pytest.raises((PermissionDenied, Http404)):
        add(actor, own_client)
    with pytest.raises((PermissionDenied, Http404)):
        services.service_end(
            actor=actor, item=item, ended_on=timezone.localdate(), reason="x", decided_by="client"
        )
    assert ClientService.objects.count() == 1 and ClientService.objects.get().ended_on is None


def test_a_partner_sees_the_map_only_under_a_consent_for_it_and_never_changes_it(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    item = add(social_worker, own_client)
    http = signed_in(employment_partner)
    url = reverse("services_map", args=[own_client.pk])
    give_consent(social_worker, own_client, [employment], information=["plan"])
    assert http.get(url).status_code == 403
    give_consent(social_worker, own_client, [employment], information=["services"])
    page = http.get(url)
    assert page.status_code == 200 and "Työvalmennus Oy" in page.content.decode()
    assert reverse("service_end", args=[item.pk]) not in page.content.decode()
    assert http.post(reverse("service_end", args=[item.pk]), {"reason": "x"}).status_code == 403
    assert AccessLogEntry.objects.filter(
        worker=employment_partner, view=View.SERVICES_MAP, basis=Basis.CONSENT_SERVICES
    ).exists()
