"""Reads of assessments, through the gate and logged."""

from django.http import Http404

from polku.access.capabilities import Capability
from polku.access.gate import decide, log_reads
from polku.access.models import Basis, View
from polku.assessment.models import Assessment
from polku.core.models import Worker


def assessment_get_for(*, worker: Worker, assessment_id: int) -> tuple[Assessment, Basis]:
    assessment = (
        Assessment.objects.select_related(
            "client",
            "relationship",
            "relationship__intake",
            "own_worker",
            "author",
            "completed_by",
            "need_nature",
        )
        .filter(pk=assessment_id, organisation_id=worker.organisation_id)
        .first()
    )
    if assessment is None:
        raise Http404
    basis = decide(worker=worker, client=assessment.client, capability=Capability.READ_RECORD)
    log_reads(worker=worker, reads=[(assessment.client, basis)], view=View.ASSESSMENT)
    return assessment, basis
