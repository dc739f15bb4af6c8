"""Recording what was given to the client and when."""

from django.db import transaction
from django.utils import timezone

from polku.access.capabilities import Capability
from polku.access.gate import require
from polku.archive.models import DocumentGiven, DocumentKind, HowGiven
from polku.clients.models import Client
from polku.core.history import record_change
from polku.core.models import Worker


@transaction.atomic
def document_given_record(
    *,
    actor: Worker,
    client: Client,
    kind: DocumentKind,
    document_id: int | None,
    version: int | None,
    how: HowGiven,
) -> DocumentGiven:
    """The client's own workers give the client their documents (the same capability as
    writing them): a lead or a consultant who prints one only reads it. The same version
    given the same way twice on one day is one giving."""
    require(actor=actor, client=client, capability=Capability.WRITE_DOCUMENTS)
    today = timezone.localdate()
    given, created = DocumentGiven.objects.get_or_create(
        organisation_id=client.organisation_id,
        client=client,
        kind=kind,
        document_id=document_id,
        version=version,
        given_on=today,
        how=how,
        defaults={"given_by": actor, "given_by_name": str(actor)},
    )
    if created:
        record_change(
            actor=actor,
            instance=given,
            client_id=client.pk,
            action="create",
            before={},
            after={"kind": kind.value, "version": version, "given_on": today.isoformat(), "how": how.value},
        )
    return given
