"""Printing the client's plan for the client records what was given and when, and the
archive's document says it (the plan structure's 'Jakelu')."""

import pytest
from django.urls import reverse

from polku.archive.exports import plan_document
from polku.archive.models import DocumentGiven, DocumentKind
from polku.core.models import ChangeRecord, Worker
from polku.personas import signed_in
from polku.plans.models import ClientPlan

pytestmark = pytest.mark.django_db


def test_the_own_worker_printing_the_plan_records_it_once_a_day(
    social_worker: Worker, evaluated: ClientPlan
) -> None:
    http = signed_in(social_worker)
    for _ in range(2):
        assert http.get(reverse("plan_worksheet_pdf", args=[evaluated.pk])).status_code == 200
    given = DocumentGiven.objects.get()
    assert (given.kind, given.document_id, given.version) == (DocumentKind.PLAN, evaluated.pk, 2)
    assert (given.client_id, given.given_by, given.given_by_name) == (
        evaluated.client_id,
        social_worker,
        "Sanna Salo",
    )
    assert ChangeRecord.objects.filter(model="archive.DocumentGiven", action="create").count() == 1
    body = plan_document(evaluated.versions.get(number=2), given=[given]).document
    jakelu = body["tyoikaisten_palvelujen_asiakassuunnitelma"]["jakelu"]
    assert given.given_on.strftime("%-d.%-m.%Y") in jakelu and "Sanna Salo" in jakelu
    page = http.get(reverse("archive_plan_json", args=[evaluated.pk, 2])).content.decode()
    assert "Sanna Salo" in page and '"jakelu"' in page
    assert '"jakelu"' not in http.get(reverse("archive_plan_json", args=[evaluated.pk, 1])).content.decode()


def test_a_lead_printing_the_plan_only_reads_it(lead: Worker, evaluated: ClientPlan) -> None:
    assert signed_in(lead).get(reverse("plan_worksheet_pdf", args=[evaluated.pk])).status_code == 200
    assert not DocumentGiven.objects.exists()


def test_the_service_asks_the_gate_and_a_refusal_writes_nothing(
    social_worker: Worker, lead: Worker, outsider: Worker, guidance: Worker, evaluated: ClientPlan
) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from polku.archive.models import HowGiven
    from polku.archive.services import document_given_record

    def give(actor: Worker) -> DocumentGiven:
        return document_given_record(
            actor=actor,
            client=evaluated.client,
            kind=DocumentKind.PLAN,
            document_id=evaluated.pk,
            version=1,
            how=HowGiven.PRINTED,
        )

    with pytest.raises(PermissionDenied):
        give(lead)  # reads the record, does not give the client documents
    for refused in (outsider, guidance):
        with pytest.raises(Http404):
            give(refused)
    assert not DocumentGiven.objects.exists()
    assert not ChangeRecord.objects.filter(model="archive.DocumentGiven").exists()
    assert give(social_worker).given_by == social_worker
