"""The bases a client's consent opens to a partner professional, registered with the gate.

Each kind of information a consent covers is a basis of its own, so that the one table of
bases × capabilities (polku.access.capabilities) says what each lets a partner read."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from polku.access.gate import register_basis_source, tagged
from polku.access.models import Basis
from polku.core.models import Worker
from polku.network.models import Consent, Information, PartnerProfessional

BASIS_OF = {
    Information.PLAN: Basis.CONSENT_PLAN,
    Information.ASSESSMENT: Basis.CONSENT_ASSESSMENT,
    Information.MEETINGS: Basis.CONSENT_MEETINGS,
    Information.SERVICES: Basis.CONSENT_SERVICES,
    Information.CONTACT: Basis.CONSENT_CONTACT,
}


def consent_bases(worker: Worker, now: datetime) -> Iterable[QuerySet[Any]]:
    membership = PartnerProfessional.objects.select_related("partner").filter(worker=worker).first()
    if membership is None or not membership.partner.active:
        return
    consents = Consent.objects.filter(organisation_id=worker.organisation_id)
    consents = consents.valid_on(timezone.localdate(now)).covering(membership.partner)
    for information, basis in BASIS_OF.items():
        yield tagged(consents.filter(**{information.value: True}), basis)


register_basis_source(consent_bases, for_partners=True)
