"""A client's consent is a basis of the gate: partners see what it names and nothing else,
only while it is valid; every read is logged with the consent as its basis."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from polku.access.capabilities import Capability
from polku.access.gate import bases_of, capabilities_of
from polku.access.models import AccessLogEntry, Basis, View
from polku.clients.models import Client
from polku.core.models import Worker
from polku.network import services
from polku.network.models import Consent, PartnerOrganisation
from polku.network.tests.conftest import give_consent
from polku.personas import signed_in
from polku.plans.models import PlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def consent_files(tmp_path, settings) -> None:
    settings.CONSENT_FILES_DIR = str(tmp_path / "consents")


def test_a_plan_consent_opens_the_plan_and_nothing_else(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["plan"])
    can = capabilities_of(employment_partner, own_client)
    assert can == {
        Capability.READ_PLAN,
        Capability.READ_AGREEMENT,  # the network's agreement, if the partner is in the network
        Capability.READ_CONSENTS,
        Capability.RECORD_REVOCATION,
        Capability.ANSWER_COORDINATION,  # a coordinator's task offered to the partner by name
    }
    assert bases_of(employment_partner).all_for(own_client) == [Basis.CONSENT_PLAN]


def test_a_consent_for_another_organisation_opens_nothing(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, kela_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["plan", "contact"])
    assert bases_of(kela_partner).all_for(own_client) == []
    response = signed_in(kela_partner).get(reverse("partner_client", args=[own_client.pk]))
    assert response.status_code == 404


def test_a_consent_by_kind_covers_every_organisation_of_that_kind(
    social_worker: Worker, own_client: Client, kela_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [], kinds=["kela"], information=["contact"])
    assert Capability.READ_BASICS in capabilities_of(kela_partner, own_client)


def test_the_partner_reads_the_plan_and_each_read_is_logged_on_the_consent(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    employment_partner: Worker,
    agreed_plan: PlanVersion,
) -> None:
    give_consent(social_worker, own_client, [employment], information=["plan"])
    http = signed_in(employment_partner)
    listing = http.get(reverse("partner_clients"))
    assert own_client.last_name in listing.content.decode()
    page = http.get(reverse("partner_client", args=[own_client.pk]))
    body = page.content.decode()
    assert "Asiakas etsii työtä ja asuntoa." in body
    assert own_client.phone not in body  # contact details are not covered
    logged = AccessLogEntry.objects.filter(worker=employment_partner, client=own_client)
    assert set(logged.values_list("view", "basis")) >= {
        (View.PARTNER_CLIENTS, Basis.CONSENT_PLAN),
        (View.PLAN, Basis.CONSENT_PLAN),
    }


def test_the_partner_never_reaches_the_workers_pages(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment], information=["plan", "assessment", "contact"])
    http = signed_in(employment_partner)
    relationship = own_client.relationships.get()
    assert http.get(reverse("client_detail", args=[own_client.pk])).status_code == 403
    assert http.get(reverse("case_detail", args=[relationship.pk])).status_code == 403
    assert http.get(reverse("my_clients")).status_code == 403
    assert http.get(reverse("client_search")).status_code == 403


def test_revocation_ends_access_on_the_next_request(
    social_worker: Worker,
    own_client: Client,
    employment: PartnerOrganisation,
    employment_partner: Worker,
    agreed_plan: PlanVersion,
) -> None:
    consent = give_consent(social_worker, own_client, [employment], information=["plan"])
    http = signed_in(employment_partner)
    assert http.get(reverse("partner_client", args=[own_client.pk])).status_code == 200
    worker = signed_in(social_worker)
    response = worker.post(
        reverse("consent_revoke", args=[consent.pk]), {"revoked_through": "asiakas minulle"}
    )
    assert response.status_code == 302
    assert http.get(reverse("partner_client", args=[own_client.pk])).status_code == 404
    listing = http.get(reverse("partner_clients"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert reverse("partner_client", args=[own_client.pk]) not in listing
    assert f"{own_client.full_name}: peruttu" in listing  # the partner is told, by name and date only
    assert AccessLogEntry.objects.filter(
        worker=employment_partner, client=own_client, basis=Basis.REVOCATION_NOTICE
    ).exists()
    revoked = Consent.objects.get(pk=consent.pk)
    assert revoked.revoked_by == social_worker and revoked.revoked_through == "asiakas minulle"


def test_a_partner_records_that_the_client_revoked_through_them(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    consent = give_consent(social_worker, own_client, [employment], information=["plan"])
    services.consent_revoke(actor=employment_partner, consent=consent, revoked_through="työllisyyspalvelut")
    assert bases_of(employment_partner, fresh=True).all_for(own_client) == []
    assert Consent.objects.get(pk=consent.pk).revoked_at is not None


def test_expiry_and_a_future_start_open_nothing(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    today = timezone.localdate()
    give_consent(
        social_worker,
        own_client,
        [employment],
        valid_from=today - timedelta(days=30),
        valid_until=today - timedelta(days=1),
    )
    give_consent(
        social_worker, own_client, [employment], valid_from=today + timedelta(days=1), valid_until=None
    )
    assert bases_of(employment_partner).all_for(own_client) == []


def test_a_refusal_is_recorded_and_opens_nothing(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    refusal = give_consent(social_worker, own_client, [employment], refused=True)
    assert refusal.refused
    assert bases_of(employment_partner).all_for(own_client) == []
    with pytest.raises(ValidationError):
        services.consent_revoke(actor=social_worker, consent=refusal, revoked_through="asiakas")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"purpose": "  "}, "purpose"),
        ({"information": []}, "plan"),
        ({"given_by": "guardian"}, "given_by_name"),
        ({"how_given": "orally"}, "witness"),
    ],
)
def test_a_consent_missing_what_makes_it_specific_is_refused(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, change: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as refusal:
        give_consent(social_worker, own_client, [employment], **change)
    assert field in refusal.value.message_dict
    assert not Consent.objects.exists()


def test_the_end_before_the_start_is_refused_in_finnish(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation
) -> None:
    today = timezone.localdate()
    response = signed_in(social_worker).post(
        reverse("consent_new", args=[own_client.pk]),
        {
            "decision": "consent",
            "given_by": "client",
            "partners": [employment.pk],
            "information": ["plan"],
            "purpose": "Työnhaku",
            "valid_from": today.isoformat(),
            "valid_until": (today - timedelta(days=1)).isoformat(),
            "how_given": "signed",
        },
        HTTP_ACCEPT_LANGUAGE="fi",
    )
    assert response.status_code == 200
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in response.content.decode()
    assert "Työnhaku" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize("who", ["counsellor", "guidance", "lead", "outsider"])
def test_only_the_clients_own_workers_record_a_consent(
    request: pytest.FixtureRequest, own_client: Client, employment: PartnerOrganisation, who: str
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises((PermissionDenied, Http404)):
        give_consent(actor, own_client, [employment])
    url = reverse("consent_new", args=[own_client.pk])
    assert signed_in(actor).get(url).status_code in (403, 404)
    assert not Consent.objects.exists()


def test_a_partner_cannot_record_a_consent(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    give_consent(social_worker, own_client, [employment])
    with pytest.raises(PermissionDenied):
        give_consent(employment_partner, own_client, [employment], information=["assessment"])
    assert Consent.objects.count() == 1
    assert signed_in(employment_partner).get(reverse("consent_new", args=[own_client.pk])).status_code == 403


class TestSignedForm:
    def upload(self, social_worker: Worker, client: Client, partner: PartnerOrganisation, upload):  # type: ignore[no-untyped-def]
        today = timezone.localdate().isoformat()
        return signed_in(social_worker).post(
            reverse("consent_new", args=[client.pk]),
            {
                "decision": "consent",
                "given_by": "client",
                "partners": [partner.pk],
                "information": ["plan"],
                "purpose": "Työnhaku",
                "valid_from": today,
                "how_given": "signed",
                "form_file": upload,
            },
            HTTP_ACCEPT_LANGUAGE="fi",
        )

    def test_a_pdf_is_kept_and_served_only_through_the_gate(
        self,
        social_worker: Worker,
        own_client: Client,
        employment: PartnerOrganisation,
        employment_partner: Worker,
        kela_partner: Worker,
    ) -> None:
        pdf = SimpleUploadedFile("../../etc/passwd<script>.pdf", b"%PDF-1.7\n%test\n", "application/pdf")
        assert self.upload(social_worker, own_client, employment, pdf).status_code == 302
        consent = Consent.objects.get()
        assert len(consent.form_file) == 32 and "/" not in consent.form_file
        url = reverse("consent_form", args=[consent.pk])
        served = signed_in(employment_partner).get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == b"%PDF-1.7\n%test\n"
        assert "no-store" in served["Cache-Control"]
        assert served["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in served["Content-Disposition"] and "passwd" not in served["Content-Disposition"]
        assert signed_in(kela_partner).get(url).status_code == 404
        services.consent_revoke(actor=social_worker, consent=consent, revoked_through="asiakas")
        assert signed_in(employment_partner).get(url).status_code == 404

    def test_a_file_disguised_by_its_name_is_refused(
        self, social_worker: Worker, own_client: Client, employment: PartnerOrganisation
    ) -> None:
        fake = SimpleUploadedFile(
            "allekirjoitettu.pdf", b"<html><script>alert(1)</script>", "application/pdf"
        )
        response = self.upload(social_worker, own_client, employment, fake)
        assert response.status_code == 200
        assert "Liitteeksi käy vain PDF-, PNG- tai JPEG-tiedosto" in response.content.decode()
        assert not Consent.objects.exists()

    def test_an_oversized_file_is_refused(
        self, social_worker: Worker, own_client: Client, employment: PartnerOrganisation
    ) -> None:
        big = SimpleUploadedFile("iso.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")
        response = self.upload(social_worker, own_client, employment, big)
        assert response.status_code == 200
        assert "Tiedosto on liian suuri" in response.content.decode()
        assert not Consent.objects.exists()


def test_the_assessment_does_not_exist_for_a_partner_whose_consent_does_not_cover_it(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    from polku.assessment.models import Assessment, AssessmentStatus

    Assessment.objects.create(
        organisation_id=own_client.organisation_id,
        client=own_client,
        relationship=own_client.relationships.get(),
        status=AssessmentStatus.COMPLETED,
        completed_at=timezone.now(),
        summary="Asiakas tarvitsee tukea työnhakuun.",
        author=social_worker,
    )
    consent = give_consent(social_worker, own_client, [employment], information=["plan"])
    url = reverse("partner_assessment", args=[own_client.pk])
    http = signed_in(employment_partner)
    assert http.get(url).status_code == 404
    assert (
        "partner_assessment" not in http.get(reverse("partner_client", args=[own_client.pk])).content.decode()
    )
    services.consent_revoke(actor=social_worker, consent=consent, revoked_through="asiakas")
    give_consent(social_worker, own_client, [employment], information=["assessment"])
    page = http.get(url)
    assert page.status_code == 200
    assert "Asiakas tarvitsee tukea työnhakuun." in page.content.decode()
    assert AccessLogEntry.objects.filter(
        worker=employment_partner, view=View.ASSESSMENT, basis=Basis.CONSENT_ASSESSMENT
    ).exists()


def test_a_consent_form_is_printed_for_signing_in_the_clients_language(
    social_worker: Worker, own_client: Client, employment: PartnerOrganisation, employment_partner: Worker
) -> None:
    url = reverse("consent_form_blank", args=[own_client.pk])
    Client.objects.filter(pk=own_client.pk).update(language="sv")
    response = signed_in(social_worker).get(url, HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Samtycke till utlämnande av uppgifter" in text
    assert employment.name in text and own_client.last_name in text
    assert signed_in(employment_partner).get(url).status_code == 403
