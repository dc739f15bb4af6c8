"""Reads for the archive: a completed assessment or an agreed plan version as a national
document, through the gate and logged (View.ARCHIVE_EXPORT) by the callers' selectors."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import reverse

from polku.access.models import View
from polku.archive.exports import Export, assessment_document, day, plan_document
from polku.archive.models import DocumentGiven, DocumentKind
from polku.archive.validation import Problem, problems
from polku.assessment.models import Assessment
from polku.assessment.selectors import assessment_get_for
from polku.clients.models import Client
from polku.core.models import Team, Worker
from polku.plans import selectors as plan_selectors
from polku.plans.models import PlanVersion


@dataclass
class Metadata:
    """What the archival copy says of itself (Kanta's document metadata, in words)."""

    client: Client
    author: Worker
    service_unit: str
    date: date | None
    version: int | None = None  # a plan's version; an assessment has one


@dataclass
class Offer:
    """What the document's page offers: the two downloads, or what keeps them back."""

    export: Export
    metadata: Metadata
    filename: str
    problems: list[Problem] = field(default_factory=list)
    json_url: str = ""
    pdf_url: str = ""

    @property
    def ready(self) -> bool:
        return not self.problems


def _unit(team: Team) -> str:
    return ", ".join(part for part in (team.name, team.office) if part)


def given_for(kind: DocumentKind, document_id: int, version: int | None = None) -> Sequence[DocumentGiven]:
    return list(DocumentGiven.objects.filter(kind=kind, document_id=document_id, version=version))


def assessment_export(assessment: Assessment) -> Export:
    prefetch_related_objects([assessment], "support_needs", "addenda__author")
    given = given_for(DocumentKind.ASSESSMENT, assessment.pk)
    return assessment_document(assessment, given=given, language=assessment.client.document_language)


def plan_export(version: PlanVersion) -> Export:
    # What the plan's page has not already fetched: the evaluated goals' own parts.
    prefetch_related_objects(
        [version],
        "evaluations__goal__code",
        "evaluations__goal__steps",
        "evaluations__goal__factors__factor",
        "evaluations__client_attainment",
        "evaluations__worker_attainment",
        "goals__steps",
        "goals__factors__factor",
        "services__service",
        "services__used",
        "methods__method",
        "methods__used",
        "people",
        "other_plans",
    )
    given = given_for(DocumentKind.PLAN, version.plan_id, version.number)
    return plan_document(version, given=given, language=version.plan.client.document_language)


def assessment_offer(assessment: Assessment) -> Offer | None:
    """For the assessment's page (already read through the gate): only a completed one."""
    if assessment.is_draft:
        return None
    metadata = Metadata(
        client=assessment.client,
        author=assessment.completed_by or assessment.author,
        service_unit=_unit(assessment.relationship.team),
        date=day(assessment.completed_at),
    )
    offer = Offer(assessment_export(assessment), metadata, f"palvelutarpeen-arvio-{assessment.pk}")
    offer.problems = problems(offer.export)
    offer.json_url = reverse("archive_assessment_json", args=[assessment.pk])
    offer.pdf_url = reverse("archive_assessment_pdf", args=[assessment.pk])
    return offer


def plan_offer(version: PlanVersion) -> Offer | None:
    """For the plan's page (already read through the gate): only an agreed version."""
    if version.is_draft:
        return None
    metadata = Metadata(
        client=version.plan.client,
        author=version.author,
        service_unit=_unit(version.plan.relationship.team),
        date=day(version.agreed_at) or version.made_on,
        version=version.number,
    )
    filename = f"asiakassuunnitelma-{version.plan_id}-versio-{version.number}"
    offer = Offer(plan_export(version), metadata, filename)
    offer.problems = problems(offer.export)
    args = [version.plan_id, version.number]
    offer.json_url = reverse("archive_plan_json", args=args)
    offer.pdf_url = reverse("archive_plan_pdf", args=args)
    return offer


def assessment_for_archive(*, worker: Worker, assessment_id: int) -> Offer:
    """A completed assessment for the archive; a draft is no document yet (404)."""
    assessment, _basis = assessment_get_for(
        worker=worker, assessment_id=assessment_id, view=View.ARCHIVE_EXPORT
    )
    offer = assessment_offer(assessment)
    if offer is None:
        raise Http404
    return offer


def plan_version_for_archive(*, worker: Worker, plan_id: int, number: int) -> Offer:
    """An agreed plan version for the archive; a draft is no document yet (404)."""
    plan, _basis = plan_selectors.plan_get_for(worker=worker, plan_id=plan_id, view=View.ARCHIVE_EXPORT)
    if number < 1:
        raise Http404
    offer = plan_offer(plan_selectors.version_of(plan, number))
    if offer is None:
        raise Http404
    return offer
