"""The assessment and the plan exported in THL's structures validate against THL's own JSON
schemas (checked here with jsonschema directly, not through Polku's wrapper)."""

import copy

import pytest
from django.utils import translation
from jsonschema import Draft7Validator

from polku.archive.exports import assessment_document, plan_document
from polku.archive.structure import ASSESSMENT, PLAN
from polku.archive.validation import problems
from polku.assessment.models import Assessment
from polku.clients.models import Client
from polku.plans.models import ClientPlan

pytestmark = pytest.mark.django_db


def assert_valid(document: dict, schema: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(schema).iter_errors(document)]
    assert errors == []


def test_the_completed_assessment_validates_against_the_national_schema(completed: Assessment) -> None:
    export = assessment_document(completed)
    assert_valid(export.document, ASSESSMENT.schema)
    body = export.document["tyoikaisten_palvelutarpeen_arvio"]
    assert body["asiakas"]["henkilotunnus"] == {"system": "urn:oid:1.2.246.21", "value": "020190-901C"}
    conclusions = body["johtopaatokset_ja_jatkotoimet"]
    assert [c["code"] for c in conclusions["ammattihenkilon_arvio_tuen_tarpeesta"]] == ["2", "8"]
    assert conclusions["ammattihenkilon_arvio_tuen_tarpeesta"][1] == {
        "system": "urn:oid:1.2.246.537.6.1282",
        "code": "8",
        "display": "Päihteiden ongelmakäytöstä aiheutuva tuen tarve",
    }
    assert conclusions["arvio_tuen_tarpeen_luonteesta"]["code"] == "3"
    assert conclusions["asiakkuuden_jatko"] == {"asiakkuus_jatkuu": True}
    assert conclusions["omatyontekija"] == [
        {"sukunimi": "Salo", "etunimet": "Sanna", "tehtavanimike": "sosiaalityöntekijä"}
    ]
    assert body["asuminen"] == {"kuvaus": "Vuokra-asunto, häätöuhka."}
    assert (
        body["palvelutarpeen_arviointia_koskevat_tiedot"]["asiakkaalla_on_oikeus_erityiseen_tukeen"] is True
    )
    assert body["paivamaara"] == completed.completed_at.date().isoformat()
    assert body["laatija"][0]["sukunimi"] == "Salo"
    assert "terveydentila" not in body  # nothing written: nothing exported
    assert problems(export) == []


def test_both_versions_of_an_evaluated_plan_validate(evaluated: ClientPlan) -> None:
    first, second = evaluated.versions.order_by("number")
    for version in (first, second):
        export = plan_document(version)
        assert_valid(export.document, PLAN.schema)
        assert problems(export) == []
    body = plan_document(second).document["tyoikaisten_palvelujen_asiakassuunnitelma"]
    goals = body["asetettavat_tavoitteet"]
    assert [g["tavoite"]["code"] for g in goals] == ["101", "102"]
    assert goals[0]["tilannetekijat"][0]["tilannetekija"] == {
        "system": "urn:oid:1.2.246.537.6.1290",
        "code": "3",
        "display": "Asuinolosuhteet",
    }
    assert (
        goals[1]["tilannetekijat"][0]["tukeeko_vai_vaikeuttaako_tilannetekija_tavoitteen_saavuttamista"][
            "code"
        ]
        == "2"
    )
    assert "Soitan isännöitsijälle" in goals[0]["kuvaus"]  # the steps, with the goal
    evaluation = body["suunnitelman_arviointi"]
    attained = evaluation["edellisen_suunnitelman_tavoitteiden_saavuttaminen"]
    assert len(attained) == 2
    assert attained[0]["arvio_siita_onko_tavoite_saavutettu"]["arvio"]["code"] == "2"  # the worker's
    words = attained[0]["arvio_siita_onko_tavoite_saavutettu"]["sanallinen_arvio"]
    assert "Sain maksusuunnitelman." in words and "Vuokrat on maksettu" in words  # both views, apart
    assert evaluation["palvelujen_arviointi"][0]["arvio_palvelun_kaytosta"]["code"] == "K"
    assert "menetelmien_arviointi" not in evaluation  # "not known" is left out
    means = body["menetelmat_ja_palvelut_joilla_tavoitteet_pyritaan_saavuttamaan"]["palvelut"]
    assert means[0]["palvelu"] == {
        "system": "tyoikaisten_palvelujen_asiakassuunnitelma/palvelu",
        "code": "19",
        "display": "Talous- ja velkaneuvonta",
    }
    assert means[1]["palvelu"]["code"] == "1" and means[1]["menetelma"][0]["code"] == "11"
    assert body["eriavat_nakemykset"] == "Asiakas ei halua päihdepalveluihin."
    assert (
        "suunnitelman_arviointi"
        not in plan_document(first).document["tyoikaisten_palvelujen_asiakassuunnitelma"]
    )


def test_a_swedish_client_gets_the_codes_in_swedish(evaluated: ClientPlan) -> None:
    Client.objects.filter(pk=evaluated.client_id).update(language="sv")
    version = evaluated.versions.get(number=1)
    version.plan.client.refresh_from_db()
    export = plan_document(version, language="sv")
    assert_valid(export.document, PLAN.schema)
    goal = export.document["tyoikaisten_palvelujen_asiakassuunnitelma"]["asetettavat_tavoitteet"][0]
    assert goal["tavoite"]["display"] == "Testmål: boendet"
    assert goal["tavoitteen_asteikko"]["display"] == "Förändring till det bättre"


def test_a_broken_export_fails_with_a_finnish_message_naming_the_field(completed: Assessment) -> None:
    Client.objects.filter(pk=completed.client_id).update(identity_code="")
    completed.client.refresh_from_db()
    export = assessment_document(completed)
    with translation.override("fi"):
        found = problems(export)
    assert [p.message for p in found] == ["Henkilötunnus puuttuu."]
    assert found[0].where == "Työikäisten palvelutarpeen arvio › Asiakas › Henkilötunnus"


def test_a_tampered_document_is_refused_field_by_field(completed: Assessment) -> None:
    export = assessment_document(completed)
    broken = copy.deepcopy(export.document)
    body = broken["tyoikaisten_palvelutarpeen_arvio"]
    del body["laatija"]
    body["palvelutarpeen_arviointia_koskevat_tiedot"]["palvelutarpeen_arvioinnin_aloittamispaiva"] = (
        "1.12.2026"
    )
    body["johtopaatokset_ja_jatkotoimet"][
        "ammattihenkilon_johtopaatokset__asiakkaan_tilanteesta_seka_sosiaalipalvelujen_ja_erityisen_tuen_tarpeesta"
    ] = ""
    export.document = broken
    with translation.override("fi"):
        messages = [p.message for p in problems(export)]
    assert "Laatija puuttuu." in messages
    assert "Arviointi aloitettu: päivämäärä ei ole arkiston hyväksymässä muodossa." in messages
    assert "Yhteenveto tilanteesta ja palvelutarpeesta on tyhjä." in messages


def test_a_placeholder_code_keeps_the_document_from_the_archive(evaluated: ClientPlan) -> None:
    from polku.codes.loader import GOALS
    from polku.codes.models import Code
    from polku.plans.models import Goal

    goal = Goal.objects.filter(plan_version__number=1).first()
    goal.code = Code.objects.get(code_set__oid=GOALS, code="1")  # a placeholder, retired
    goal.save()
    with translation.override("fi"):
        found = problems(plan_document(goal.plan_version))
    assert len(found) == 1
    assert "Asumisen turvaaminen" in found[0].message and "väliaikai" in found[0].message
