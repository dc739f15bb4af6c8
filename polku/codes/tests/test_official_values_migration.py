"""The migration to the official values keeps what existing documents say: a placeholder that
means the same as an official value becomes it (same row), one that does not is retired
under a marked code and stays on its documents."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from polku.assessment.models import Assessment
from polku.clients.models import Client
from polku.codes.models import Code
from polku.core.models import Worker
from polku.personas import make_relationship
from polku.plans.models import PlannedService
from polku.plans.services import plan_create

BEFORE = [("codes", "0002_load_bundled_code_sets")]
AFTER = [("codes", "0003_official_values")]

# The placeholders shipped before the official values, as a database holds them.
OLD = {
    "1.2.246.537.6.1282": [
        ("1", "Välttämätön huolenpito ja toimeentulo"),
        ("2", "Asumiseen liittyvä tuen tarve"),
        ("7", "Päihteiden käyttö tai mielenterveys"),
        ("8", "Toimintakykyyn liittyvä tuen tarve"),
        ("99", "Muu tuen tarve"),
    ],
    "1.2.246.537.6.112": [("1", "Kyllä"), ("2", "Ei"), ("3", "Ei tiedossa")],
    "1.2.246.537.6.1290": [("3", "Asuinolot"), ("7", "Päihteiden käyttö")],
}


def _migrate(target: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_documents_keep_their_meaning(social_worker: Worker, client_of_team: Client) -> None:
    relationship = make_relationship(client_of_team, social_worker)
    assessment = Assessment.objects.create(
        organisation_id=relationship.organisation_id,
        client=relationship.client,
        relationship=relationship,
        author=social_worker,
    )
    plan = plan_create(actor=social_worker, relationship=relationship, plan_type="working_age")
    old = _migrate(BEFORE)
    try:
        code_set_model, code_model = old.get_model("codes", "CodeSet"), old.get_model("codes", "Code")
        ids = {}
        for oid, rows in OLD.items():
            code_set = code_set_model.objects.get(oid=oid)
            code_set.is_placeholder = True
            code_set.save()
            code_model.objects.filter(code_set=code_set).delete()
            for value, name in rows:
                ids[oid, value] = code_model.objects.create(code_set=code_set, code=value, name_fi=name).pk
        through = Assessment.support_needs.through
        for value in ("1", "2", "7", "8"):
            through.objects.create(assessment_id=assessment.pk, code_id=ids["1.2.246.537.6.1282", value])
        services = old.get_model("codes", "Code").objects.filter(code_set__oid="polku.avain.palvelut")
        yes = PlannedService.objects.create(
            plan_version=plan.versions.get(),
            service_id=services.first().pk,
            used_id=ids["1.2.246.537.6.112", "1"],
        )
    finally:
        _migrate(AFTER)
    by_pk = {c.pk: c for c in Code.objects.filter(pk__in=ids.values())}
    support = {by_pk[ids["1.2.246.537.6.1282", v]] for v in ("1", "2", "7", "8")}
    assert {(c.code, c.name_fi, c.placeholder, c.active) for c in support} == {
        ("polku:1", "Välttämätön huolenpito ja toimeentulo", True, False),
        ("2", "Asumiseen liittyvä tuen tarve", False, True),
        ("polku:7", "Päihteiden käyttö tai mielenterveys", True, False),
        ("10", "Toimintakyvyn heikentymisestä aiheutuva tuen tarve", False, True),
    }
    assert set(assessment.support_needs.all()) == support  # the same rows, nothing re-pointed
    yes.refresh_from_db()
    assert (yes.used.code, yes.used.placeholder) == ("K", False)
    assert by_pk[ids["1.2.246.537.6.112", "3"]].placeholder is True
    assert by_pk[ids["1.2.246.537.6.1290", "3"]].name_fi == "Asuinolosuhteet"
    assert by_pk[ids["1.2.246.537.6.1290", "7"]].active is False
    assert Code.objects.filter(code_set__oid="1.2.246.537.6.1282", active=True).count() == 12
