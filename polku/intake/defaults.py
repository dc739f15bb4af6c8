"""Code lists and rules every organisation starts with; the administrator edits them.

Notifier types follow the categories of the national code set 'Palvelutarpeen ilmoittaja';
the deadline rules are SHL 36 § and a local target for "without delay".
"""

from polku.core.models import Organisation
from polku.intake.models import DeadlineRule, GuidanceCategory, NotifierType, Quadrant, UrgencyCriterion

NOTIFIER_TYPES = [
    ("client", "Asiakas itse", "Klienten själv", "The client"),
    ("relative", "Omainen tai läheinen", "Anhörig eller närstående", "A relative or close person"),
    ("health_care", "Terveydenhuolto", "Hälso- och sjukvården", "Health care"),
    ("police", "Poliisi", "Polisen", "Police"),
    ("kela", "Kela", "FPA", "Kela"),
    ("employment", "Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services"),
    ("education", "Koulu tai oppilaitos", "Skola eller läroanstalt", "School or education"),
    (
        "emergency",
        "Pelastus- tai ensihoitopalvelu",
        "Räddnings- eller prehospital akutsjukvård",
        "Rescue or emergency care",
    ),
    ("social_services", "Muut sosiaalipalvelut", "Andra socialtjänster", "Other social services"),
    (
        "housing",
        "Vuokranantaja tai isännöitsijä",
        "Hyresvärd eller disponent",
        "Landlord or property manager",
    ),
    ("other_authority", "Muu viranomainen", "Annan myndighet", "Other authority"),
    ("ngo", "Järjestö tai seurakunta", "Organisation eller församling", "NGO or parish"),
    ("private_person", "Yksityishenkilö", "Privatperson", "Private person"),
    ("anonymous", "Nimetön", "Anonym", "Anonymous"),
]

GUIDANCE_CATEGORIES = [
    (
        "kela_social_assistance",
        "Ohjattu hakemaan perustoimeentulotukea Kelasta",
        "Hänvisad att ansöka om grundläggande utkomststöd från FPA",
        "Directed to apply for basic social assistance from Kela",
    ),
    (
        "health_care",
        "Ohjattu terveydenhuoltoon",
        "Hänvisad till hälso- och sjukvården",
        "Directed to health care",
    ),
    (
        "substance_mental",
        "Ohjattu mielenterveys- tai päihdepalveluihin",
        "Hänvisad till mentalvårds- eller missbrukartjänster",
        "Directed to mental health or substance use services",
    ),
    (
        "employment",
        "Ohjattu työllisyyspalveluihin",
        "Hänvisad till sysselsättningstjänster",
        "Directed to employment services",
    ),
    ("housing", "Asumisneuvonta", "Boenderådgivning", "Housing advice"),
    ("debt", "Talous- ja velkaneuvonta", "Ekonomi- och skuldrådgivning", "Financial and debt advice"),
    ("ngo", "Ohjattu järjestön palveluun", "Hänvisad till en organisations tjänst", "Directed to an NGO"),
    ("benefits", "Neuvonta etuuksista", "Rådgivning om förmåner", "Advice on benefits"),
    ("other", "Muu ohjaus", "Annan handledning", "Other guidance"),
]

URGENCY_CRITERIA = [
    (
        "safety",
        "Henkilön henki, terveys tai turvallisuus on välittömässä vaarassa",
        "Personens liv, hälsa eller säkerhet är i omedelbar fara",
        "The person's life, health or safety is in immediate danger",
    ),
    (
        "no_home",
        "Henkilöllä ei ole tänä yönä asuntoa tai yöpaikkaa",
        "Personen har ingen bostad eller övernattningsplats i natt",
        "The person has no home or place to stay tonight",
    ),
    (
        "no_food_medicine",
        "Henkilöllä ei ole rahaa välttämättömään ruokaan tai lääkkeisiin",
        "Personen har inga pengar till nödvändig mat eller medicin",
        "The person has no money for essential food or medicine",
    ),
    (
        "cannot_cope",
        "Henkilö ei ilmeisesti kykene huolehtimaan itsestään",
        "Personen kan uppenbarligen inte ta hand om sig själv",
        "The person evidently cannot look after themselves",
    ),
    (
        "violence",
        "Henkilö kokee väkivaltaa tai sen uhkaa",
        "Personen utsätts för våld eller hot om våld",
        "The person faces violence or the threat of it",
    ),
]

DEADLINE_RULES = [
    ("urgent", "Kiireellinen: heti", "Brådskande: genast", "Urgent: at once", 0, None, True, False),
    (
        "without_delay",
        "Viipymättä (paikallinen tavoite 7 arkipäivää)",
        "Utan dröjsmål (lokalt mål 7 vardagar)",
        "Without delay (local target 7 working days)",
        7,
        None,
        False,
        True,
    ),
    (
        "over_75_care_allowance",
        "Yli 75-vuotias tai ylin hoitotuki: aloitus viimeistään 7. arkipäivänä",
        "Över 75 år eller högsta vårdbidraget: inleds senast den 7:e vardagen",
        "Over 75 or highest care allowance: start by the 7th working day",
        7,
        None,
        False,
        False,
    ),
    (
        "child_special_support",
        "Erityistä tukea tarvitseva lapsi: aloitus 7. arkipäivänä, valmis 3 kuukaudessa",
        "Barn i behov av särskilt stöd: inleds den 7:e vardagen, klar inom 3 månader",
        "Child needing special support: start by the 7th working day, complete within 3 months",
        7,
        3,
        False,
        False,
    ),
]


def seed_intake_defaults(organisation: Organisation) -> None:
    """Create the starting code lists, rules and quadrant; existing entries are kept."""
    for model, rows in (
        (NotifierType, NOTIFIER_TYPES),
        (GuidanceCategory, GUIDANCE_CATEGORIES),
        (UrgencyCriterion, URGENCY_CRITERIA),
    ):
        for order, (code, fi, sv, en) in enumerate(rows):
            model.objects.get_or_create(
                organisation=organisation,
                code=code,
                defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "order": order},
            )
    for order, (code, fi, sv, en, start, months, urgent, default) in enumerate(DEADLINE_RULES):
        DeadlineRule.objects.get_or_create(
            organisation=organisation,
            code=code,
            defaults={
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "order": order,
                "start_working_days": start,
                "complete_months": months,
                "for_urgent": urgent,
                "is_default": default,
            },
        )
    Quadrant.objects.get_or_create(organisation=organisation)
