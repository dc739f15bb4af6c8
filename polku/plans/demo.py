"""An assessment, an agreed plan and journal entries for the demo's assigned clients, made
through the real services. Loaded once (idempotent)."""

from datetime import timedelta

from django.utils import timezone

from polku.assessment.services import assessment_complete, assessment_save, assessment_start
from polku.casework.models import ClientRelationship
from polku.casework.services import journal_add
from polku.codes.loader import GOALS, SERVICES, SITUATIONAL_FACTORS
from polku.codes.models import Code
from polku.core.models import Organisation
from polku.plans.models import ClientPlan, Factor, Goal, PlannedService, Step, SupportPerson
from polku.plans.services import goal_part_add, plan_agree, plan_create, plan_item_add, plan_save

GOALS_AND_STEPS = [
    (
        "Haluan pitää asuntoni.",
        "1",
        [("Soitan isännöitsijälle ja pyydän maksusuunnitelmaa", "minä", -3, True),
         ("Haemme yhdessä täydentävää toimeentulotukea", "minä ja sosiaaliohjaaja", 5, False)],
        [("4", "1", "sisko auttaa paperien kanssa"), ("2", "2", "velkaa on paljon")],
    ),
    (
        "Haluan, että päiviini tulee rytmiä.",
        "7",
        [("Käyn tutustumassa työpajaan", "minä", 10, False)],
        [("8", "1", "haluan itse muutosta")],
    ),
]  # fmt: skip


def code(oid: str, value: str) -> Code:
    return Code.objects.get(code_set__oid=oid, code=value)


def load_demo_plans(organisation: Organisation) -> None:
    if ClientPlan.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    for relationship in ClientRelationship.objects.filter(organisation=organisation, closed_at__isnull=True):
        worker = relationship.responsible_worker
        assessment = assessment_start(actor=worker, relationship=relationship)
        data = {
            "client_view": "Haluan pitää kotini ja saada päiviini rytmiä.",
            "summary": "Vuokrat ovat myöhässä ja arki on jäänyt hoitamatta. Asiakas tarvitsee tukea talouden "
            "järjestämiseen ja palveluihin hakeutumiseen.",
            "special_support": assessment.special_support,
            "special_support_reasons": "Useita samanaikaisia tarpeita." if assessment.special_support else "",
            "relationship_needed": True,
            "own_worker_needed": True,
            "own_worker": worker,
            "plan_to_make": True,
            "life_housing": "Vuokra-asunto, vuokria maksamatta kolmelta kuukaudelta.",
        }
        assessment = assessment_save(
            actor=worker, assessment=assessment, version=assessment.version, data=data
        )
        assessment_complete(actor=worker, assessment=assessment, version=assessment.version)
        plan = plan_create(actor=worker, relationship=relationship, plan_type="working_age")
        version = plan.versions.get()
        text = {
            "made_on": today - timedelta(days=7),  # before the first step, done three days ago
            "meeting_place": "Asiakkaan koti",
            "client_strengths": "Minulla on sisko, joka auttaa. Osaan laittaa ruokaa.",
            "worker_strengths": "Asiakas pitää sovituista asioista kiinni, kun ne on kirjattu ylös.",
            "meeting_who": str(worker),
            "meeting_where": "asiakkaan kotona tai toimistolla",
            "meeting_frequency": "kahden viikon välein",
            "meeting_length": "tunnin",
            "duration": "noin puoli vuotta",
            "next_review_on": today + timedelta(days=60),
            "informed_of_rights": True,
        }
        version = plan_save(actor=worker, plan_version=version, version=version.version, data=text)
        for words, goal_code, steps, factors in GOALS_AND_STEPS:
            goal = Goal(client_words=words, code=code(GOALS, goal_code))
            plan_item_add(actor=worker, plan_version=version, item=goal)
            for what, who, days, done in steps:
                goal_part_add(
                    actor=worker,
                    goal=goal,
                    item=Step(what=what, who=who, due_on=today + timedelta(days), done=done),
                )
            for factor, effect, note in factors:
                goal_part_add(
                    actor=worker,
                    goal=goal,
                    item=Factor(factor=code(SITUATIONAL_FACTORS, factor), effect=effect, note=note),
                )
        plan_item_add(
            actor=worker,
            plan_version=version,
            item=PlannedService(
                service=code(SERVICES, "19"),
                provider="Järvilaakson talous- ja velkaneuvonta",
                contact_person="Maija Mäkinen",
                contact="029 123 4567",
                responsibility="Maksusuunnitelma ja velkojen järjestely",
            ),
        )
        plan_item_add(
            actor=worker,
            plan_version=version,
            item=SupportPerson(name="Sisko", relation="sisar", task="auttaa hakemusten kanssa"),
        )
        version.refresh_from_db()
        plan_agree(actor=worker, plan_version=version, version=version.version)
        journal_add(
            actor=worker,
            relationship=relationship,
            data={
                "kind": "visit",
                "happened_on": today - timedelta(days=1),
                "text": "Kotikäynti. Teimme suunnitelman yhdessä. Asiakas kertoi siskon auttavan papereissa.",
            },
        )
