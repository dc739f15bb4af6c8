"""Downloads for the archive: offered on the document's page to the record's readers, only
when ready; the JSON validates, the PDF is PDF/A with the document's metadata and sections."""

import io
import json
import re

import pytest
from django.urls import reverse
from jsonschema import Draft7Validator
from pypdf import PdfReader

from polku.access.models import AccessLogEntry, View
from polku.archive.structure import ASSESSMENT, PLAN
from polku.assessment.models import Assessment
from polku.clients.models import Client
from polku.core.models import Worker
from polku.personas import signed_in
from polku.plans.models import ClientPlan

pytestmark = pytest.mark.django_db


def urls(kind: str, *args: int) -> list[str]:
    return [reverse(f"archive_{kind}_json", args=args), reverse(f"archive_{kind}_pdf", args=args)]


def pdf_text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def assert_pdf_a(reader: PdfReader) -> None:
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"', xmp) and re.search(r'pdfaid:conformance="B"', xmp), xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_the_assessment_page_offers_both_and_they_are_the_document(
    social_worker: Worker, completed: Assessment
) -> None:
    http = signed_in(social_worker)
    page = http.get(reverse("assessment_detail", args=[completed.pk]), HTTP_ACCEPT_LANGUAGE="fi")
    html = page.content.decode()
    json_url, pdf_url = urls("assessment", completed.pk)
    assert json_url in html and pdf_url in html
    response = http.get(json_url)
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="palvelutarpeen-arvio-{completed.pk}.json"' in response["Content-Disposition"]
    document = json.loads(response.content)
    assert list(Draft7Validator(ASSESSMENT.schema).iter_errors(document)) == []

    response = http.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.content)
    assert_pdf_a(reader)
    info = reader.metadata
    assert ASSESSMENT.oid in info.subject and "2023-09-28" in info.subject
    assert info.author == "Sanna Salo" and "Mäkelä" in info.title
    for expected in (
        "Työikäisten palvelutarpeen arvio",
        ASSESSMENT.oid,
        "Äijä Eero Mäkelä",
        "Sanna Salo",
        "Asiakas",
        "Palvelutarpeen arviointia koskevat tiedot",
        "Asuminen",
        "Vuokra-asunto, häätöuhka.",
        "Johtopäätökset ja jatkotoimet",
        "Päihteiden ongelmakäytöstä aiheutuva tuen tarve",
        "Laatija",
    ):
        assert expected in text, expected
    logged = AccessLogEntry.objects.filter(worker=social_worker, view=View.ARCHIVE_EXPORT)
    assert logged.count() == 2


def test_each_agreed_plan_version_is_offered(social_worker: Worker, evaluated: ClientPlan) -> None:
    http = signed_in(social_worker)
    for number in (1, 2):
        html = http.get(reverse("plan_version_detail", args=[evaluated.pk, number])).content.decode()
        json_url, pdf_url = urls("plan", evaluated.pk, number)
        assert json_url in html and pdf_url in html
        document = json.loads(http.get(json_url).content)
        assert list(Draft7Validator(PLAN.schema).iter_errors(document)) == []
    reader, text = pdf_text(http.get(pdf_url).content)
    assert_pdf_a(reader)
    for expected in (
        "Työikäisten palvelujen asiakassuunnitelma",
        "Suunnitelman arviointi",
        "Asetettavat tavoitteet",
        "Haluan pitää asuntoni.",
        "Testitavoite: asunnon säilyminen",
        "Asuinolosuhteet",
        "Sain maksusuunnitelman.",
        "Talous- ja velkaneuvonta",
    ):
        assert expected in text, expected


def test_a_draft_is_no_document_yet(social_worker: Worker, evaluated: ClientPlan) -> None:
    http = signed_in(social_worker)
    http.post(reverse("plan_evaluate", args=[evaluated.pk]))
    for url in urls("plan", evaluated.pk, 3) + urls("plan", evaluated.pk, 9) + urls("plan", evaluated.pk, 0):
        assert http.get(url).status_code == 404, url
    page = http.get(reverse("plan_version_detail", args=[evaluated.pk, 3])).content.decode()
    assert "archive.json" not in page


def test_what_is_missing_is_told_on_the_page_and_nothing_is_offered(
    social_worker: Worker, completed: Assessment
) -> None:
    Client.objects.filter(pk=completed.client_id).update(identity_code="")
    http = signed_in(social_worker)
    json_url, pdf_url = urls("assessment", completed.pk)
    page = reverse("assessment_detail", args=[completed.pk])
    html = http.get(page, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Henkilötunnus puuttuu." in html
    assert json_url not in html and pdf_url not in html
    for url in (json_url, pdf_url):
        response = http.get(url, HTTP_ACCEPT_LANGUAGE="fi")
        assert (response.status_code, response["Location"]) == (302, f"{page}#archive")


def test_who_may_download(
    lead: Worker,
    guidance: Worker,
    outsider: Worker,
    admin_worker: Worker,
    completed: Assessment,
    evaluated: ClientPlan,
) -> None:
    for url in urls("assessment", completed.pk) + urls("plan", evaluated.pk, 1):
        assert signed_in(outsider).get(url).status_code == 404, url  # another organisation
        assert signed_in(guidance).get(url).status_code == 404, url  # no basis for this client
        assert signed_in(admin_worker).get(url).status_code == 403, url  # a role without client work
        assert signed_in(lead).get(url).status_code == 200, url  # reads the team's records
    assert not AccessLogEntry.objects.filter(worker__in=[outsider, guidance, admin_worker]).exists()
