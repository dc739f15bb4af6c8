"""Reads of assessments, through the gate and logged."""

from django.http import Http404

from polku.access.capabilities import Capability
from polku.access.gate import decide, log_reads
from polku.access.models import Basis, View
from polku.assessment.models import Assessment
from polku.core.models import Worker


def _assessment(worker: Worker, assessment_id: int) -> Assessment:
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
    return assessment


def assessment_get_for(
    *, worker: Worker, assessment_id: int, view: View = View.ASSESSMENT
) -> tuple[Assessment, Basis]:
    assessment = _assessment(worker, assessment_id)
    basis = decide(worker=worker, client=assessment.client, capability=Capability.READ_RECORD)
    log_reads(worker=worker, reads=[(assessment.client, basis)], view=view)
    return assessment, basis


def assessment_for_write(*, worker: Worker, assessment_id: int) -> Assessment:
    """For a write that shows no page (an autosave, a save that redirects): the gate is asked
    for the write capability (404 without a basis, 403 without the capability), and nothing
    is logged as read, because a write is not a read; the service records the change itself.
    A page shown after a refused write is read through `assessment_get_for`."""
    assessment = _assessment(worker, assessment_id)
    decide(worker=worker, client=assessment.client, capability=Capability.WRITE_DOCUMENTS)
    return assessment
