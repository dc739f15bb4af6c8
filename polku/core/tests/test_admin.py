import pytest

from polku.core.models import Team, Worker
from polku.personas import signed_in

pytestmark = pytest.mark.django_db


def test_only_administrators_configure(admin_worker: Worker, lead: Worker) -> None:
    assert signed_in(admin_worker).get("/admin/core/team/").status_code == 200
    assert signed_in(lead).get("/admin/core/team/").status_code == 302


def test_an_administrator_sees_only_her_own_organisation(
    admin_worker: Worker, team: Team, outsider: Worker
) -> None:
    page = signed_in(admin_worker).get("/admin/core/team/").content.decode()
    assert "Järvilaakson tiimi" in page
    assert "Naapurin tiimi" not in page
    foreign = Team.objects.get(name="Naapurin tiimi")
    assert signed_in(admin_worker).get(f"/admin/core/team/{foreign.pk}/change/").status_code == 302


def test_client_data_is_not_in_the_configuration(admin_worker: Worker) -> None:
    assert signed_in(admin_worker).get("/admin/clients/client/").status_code == 404


def test_an_administrator_configures_intake_rules_and_the_calendar(
    admin_worker: Worker, org, outsider: Worker
) -> None:
    from polku.intake.models import DeadlineRule, Quadrant

    DeadlineRule.objects.exclude(organisation=org).update(name_fi="Naapurin sääntö")
    http = signed_in(admin_worker)
    rules = http.get("/admin/intake/deadlinerule/").content.decode()
    assert "Viipymättä" in rules
    assert "Naapurin sääntö" not in rules
    quadrant = Quadrant.objects.get(organisation=org)
    assert http.get(f"/admin/intake/quadrant/{quadrant.pk}/change/").status_code == 200
    other = Quadrant.objects.exclude(organisation=org).get()
    assert http.get(f"/admin/intake/quadrant/{other.pk}/change/").status_code == 302
    page = http.get(f"/admin/core/organisation/{org.pk}/change/").content.decode()
    assert "working_weekdays" in page
    assert 'name="code"' not in page
    assert http.get(f"/admin/core/organisation/{outsider.organisation_id}/change/").status_code == 302
