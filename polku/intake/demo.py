"""A realistic week of intakes for each demo team, made through the real services so that
deadlines, history and access all behave as in use. Loaded once (idempotent)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from polku.casework.services import case_meeting_bring
from polku.clients.models import Client
from polku.core.models import Absence, Organisation, Role, Team, Worker
from polku.intake import rota, services
from polku.intake.models import (
    Channel,
    ContactMethod,
    DeadlineRule,
    DutyWeek,
    GuidanceCategory,
    Intake,
    NotifierType,
    Outcome,
    ReceivedHow,
    UrgencyCriterion,
)
from polku.intake.weeks import week_start_of
from polku.process.models import PathStage
from polku.process.services import instruction_save

# (channel, received how, notifier type code, description, what happens next)
WEEK = [
    (Channel.OWN_CONTACT, ReceivedHow.PHONE, "client",
     "Asiakas soitti: vuokria on maksamatta kolmelta kuukaudelta ja häätö uhkaa. Toivoo apua talouden "
     "järjestämiseen.", "forwarded"),
    (Channel.NOTIFICATION, ReceivedHow.E_SERVICE, "health_care",
     "Terveysasema ilmoittaa: potilas on toistuvasti päihtyneenä vastaanotolla eikä huolehdi "
     "lääkityksestään.",
     "assigned_special"),
    (Channel.NOTIFICATION, ReceivedHow.PHONE, "police",
     "Poliisi ilmoittaa: henkilö tavattiin yöllä ulkoa huonokuntoisena. Hänellä ei ole asuntoa.", "urgent"),
    (Channel.PROFESSIONAL_CONTACT, ReceivedHow.E_SERVICE, "employment",
     "Työllisyyspalvelut ottaa yhteyttä asiakkaan luvalla: pitkään työttömänä ollut asiakas tarvitsee "
     "kuntouttavaa työtoimintaa.", "assigned"),
    (Channel.APPLICATION, ReceivedHow.LETTER, "client",
     "Hakemus täydentävästä toimeentulotuesta: lääkekuluja ja sähkölasku.", "guidance_only"),
    (Channel.NOTIFICATION, ReceivedHow.PHONE, "relative",
     "Omainen kertoo, että veli ei ole vastannut puhelimeen viikkoon ja asunto on huonossa kunnossa.",
     "unreachable"),
    (Channel.OWN_CONTACT, ReceivedHow.E_SERVICE, "client",
     "Asiakas kysyy apua Kelan perustoimeentulotuen hakemuksen täyttämiseen.", "guidance_only"),
    (Channel.PROFESSIONAL_CONTACT, ReceivedHow.PHONE, "kela",
     "Kela ottaa yhteyttä asiakkaan luvalla: perustoimeentulotuen hakija tarvitsee arvion sosiaalityön "
     "tarpeesta.", "contacted"),
    (Channel.NOTIFICATION, ReceivedHow.LETTER, "housing",
     "Vuokranantaja ilmoittaa: asunnosta kuuluu häiriöitä ja vuokrat ovat maksamatta.", "declined"),
    (Channel.OWN_CONTACT, ReceivedHow.IN_PERSON, "client",
     "Asiakas tuli toimistolle: ero on juuri tapahtunut, eikä rahaa ole ruokaan.", "new"),
    (Channel.NOTIFICATION, ReceivedHow.E_SERVICE, "education",
     "Oppilaitos ilmoittaa: opiskelija on jäänyt pois opinnoista ja vaikuttaa uupuneelta.", "new"),
    (Channel.NOTIFICATION, ReceivedHow.PHONE, "anonymous",
     "Nimetön soittaja on huolissaan naapurista, joka ei ole käynyt ulkona viikkoon.", "new"),
]  # fmt: skip

GUIDANCE_GIVEN = "Neuvottu hakemaan perustoimeentulotukea Kelasta. Kerrottu talous- ja velkaneuvonnasta."

INSTRUCTIONS = {
    PathStage.INTAKE: (
        "Kirjaa jokainen yhteydenotto ja ilmoitus samana päivänä. Tarkista, onko asiakas jo rekisterissä "
        "henkilötunnuksella. Ilmoittajan tiedot kirjataan, mutta ne eivät näy muille ilman erillistä "
        "avaamista.",
        "Registrera varje kontakt och anmälan samma dag. Kontrollera med personbeteckningen om klienten "
        "redan finns i registret.",
    ),
    PathStage.GUIDANCE: (
        "Ota asiakkaaseen yhteyttä kahden arkipäivän kuluessa. Arvioi kiireellisyys heti tiimin "
        "kiireellisyyskriteerien mukaan. Anna ohjaus ja neuvonta ja kysy, haluaako asiakas palveluja.",
        "Kontakta klienten inom två vardagar. Bedöm brådskan genast enligt teamets kriterier.",
    ),
    PathStage.DISTRIBUTION: (
        "Päivystyspari käy jakelujonon läpi joka aamu. Arvioi tuen tarve nelikentällä. Erityistä tukea "
        "tarvitsevan asiakkaan vastuutyöntekijä on aina sosiaalityöntekijä.",
        "Jourparet går igenom fördelningskön varje morgon. Klienter i behov av särskilt stöd får alltid en "
        "socialarbetare.",
    ),
    PathStage.ASSESSMENT: (
        "Aloita palvelutarpeen arviointi viimeistään määräpäivänä. Kirjaa asiakkaan oma näkemys.",
        "",
    ),
}


def _at(days_ago: int, hour: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _member(team: Team, role: str, exclude: Worker | None = None) -> Worker:
    workers = team.workers.filter(role=role).order_by("pk")
    if exclude is not None:
        workers = workers.exclude(pk=exclude.pk)
    worker = workers.first()
    if worker is None:
        raise RuntimeError(f"The demo team {team} has no {role}")
    return worker


def _rota(team: Team, lead: Worker, this_week: tuple[Worker, Worker] | None) -> None:
    monday = week_start_of(timezone.localdate())
    rota.duty_rota_generate(actor=lead, team=team, first=monday, weeks=10)
    social_workers = rota.team_workers(team, Role.SOCIAL_WORKER)
    counsellors = rota.team_workers(team, Role.SOCIAL_COUNSELLOR)
    for n in range(1, 9):
        DutyWeek.objects.get_or_create(
            team=team,
            week_start=monday - timedelta(weeks=n),
            defaults={
                "organisation_id": team.organisation_id,
                "social_worker": social_workers[n % len(social_workers)],
                "social_counsellor": counsellors[n % len(counsellors)],
            },
        )
    if this_week:
        rota.duty_week_set(
            actor=lead,
            team=team,
            week_start=monday,
            social_worker=this_week[0],
            social_counsellor=this_week[1],
        )


def _intake(org: Organisation, guide: Worker, client: Client, row: tuple, days_ago: int) -> Intake:
    channel, how, notifier, description, _path = row
    return services.intake_register(
        actor=guide,
        client=client,
        data={
            "channel": channel,
            "received_how": how,
            "received_at": _at(days_ago, 8 + days_ago % 7),
            "description": description,
            "notifier_type": NotifierType.objects.get(organisation=org, code=notifier),
            "notifier_name": "" if notifier in ("client", "anonymous") else "Ilmoittajan nimi (demo)",
            "deadline_rule": DeadlineRule.objects.get(organisation=org, is_default=True),
        },
    )


def _guide(org: Organisation, guide: Worker, intake: Intake, path: str, duty: tuple[Worker, Worker]) -> None:
    if path == "new":
        return
    reached = path not in ("unreachable", "contacted")
    attempts = 2 if path == "unreachable" else 1
    for n in range(attempts):
        services.contact_attempt_add(
            actor=guide,
            intake=intake,
            data={
                "at": intake.received_at + timedelta(hours=2 + 20 * n),
                "method": ContactMethod.PHONE if n == 0 else ContactMethod.LETTER,
                "reached": reached,
                "note": "" if reached else "Ei vastannut, jätetty viesti.",
            },
        )
    if path == "contacted":
        return
    if path == "unreachable":
        # A notification without consent is not closed before its urgency is assessed.
        services.intake_assess_urgency(
            actor=guide,
            intake=intake,
            is_urgent=False,
            criteria=[],
            reason="Ei tietoa välittömästä vaarasta.",
        )
        services.intake_decide(
            actor=guide, intake=intake, outcome=Outcome.UNREACHABLE, note="Kaksi yritystä."
        )
        return
    urgent = path == "urgent"
    services.intake_assess_urgency(
        actor=guide,
        intake=intake,
        is_urgent=urgent,
        criteria=UrgencyCriterion.objects.filter(organisation=org, code__in=["no_home", "cannot_cope"])
        if urgent
        else [],
        reason="Ei yöpaikkaa tälle yölle." if urgent else "Asiakas on turvassa, ei välitöntä vaaraa.",
    )
    services.intake_record_guidance(
        actor=guide,
        intake=intake,
        guidance_given=GUIDANCE_GIVEN,
        categories=GuidanceCategory.objects.filter(
            organisation=org, code__in=["kela_social_assistance", "debt"]
        ),
        motivation="declines" if path == "declined" else "wants",
    )
    outcome = {
        "guidance_only": Outcome.GUIDANCE_ONLY,
        "declined": Outcome.DECLINED,
        "urgent": Outcome.URGENT_DUTY,
    }.get(path, Outcome.FORWARDED)
    services.intake_decide(actor=guide, intake=intake, outcome=outcome, note="")
    if path.startswith("assigned"):
        special = path == "assigned_special"
        services.intake_assign(
            actor=duty[0],
            intake=intake,
            complexity="high" if special else "low",
            resources="weak",
            note="Useita samanaikaisia tarpeita." if special else "Tarvitsee tukea palvelujen hakemiseen.",
            responsible=duty[0] if special else duty[1],
        )


def load_demo_week(org: Organisation, teams: list[Team]) -> None:
    if Intake.objects.filter(organisation=org).exists():
        return
    rng = random.Random(7)  # noqa: S311 - a repeatable demo, not security
    for index, team in enumerate(teams):
        lead = _member(team, Role.TEAM_LEAD) if team.workers.filter(role=Role.TEAM_LEAD).exists() else None
        guide = _member(team, Role.GUIDANCE_WORKER)
        duty = (_member(team, Role.SOCIAL_WORKER), _member(team, Role.SOCIAL_COUNSELLOR))
        if lead:
            _rota(team, lead, duty)
        clients = list(Client.objects.filter(organisation=org, team=team).order_by("pk"))
        rng.shuffle(clients)
        for n, row in enumerate(WEEK):
            intake = _intake(org, guide, clients[n], row, days_ago=6 - n // 2)
            _guide(org, guide, intake, row[4], duty)
        # An earlier notification nobody could follow up: the queue flags the repeat.
        earlier = services.intake_register(
            actor=guide,
            client=clients[len(WEEK) - 1],
            data={
                "channel": Channel.NOTIFICATION,
                "received_how": ReceivedHow.PHONE,
                "received_at": _at(60, 10),
                "description": "Naapuri ilmoitti huolestaan. Henkilöä ei tavoitettu.",
                "notifier_type": NotifierType.objects.get(organisation=org, code="private_person"),
                "deadline_rule": DeadlineRule.objects.get(organisation=org, is_default=True),
            },
        )
        services.intake_assess_urgency(
            actor=guide,
            intake=earlier,
            is_urgent=False,
            criteria=[],
            reason="Ei tietoa välittömästä vaarasta.",
        )
        services.intake_decide(actor=guide, intake=earlier, outcome=Outcome.UNREACHABLE, note="")
        if index == 0 and lead:
            colleague = _member(team, Role.SOCIAL_COUNSELLOR, exclude=duty[1])
            today = timezone.localdate()
            Absence.objects.create(
                worker=colleague,
                starts_on=today - timedelta(days=1),
                ends_on=today + timedelta(days=3),
                note="Loma",
            )
            for stage, (fi, sv) in INSTRUCTIONS.items():
                instruction_save(actor=lead, team=team, stage=stage, text_fi=fi, text_sv=sv)
            relationship = duty[0].responsible_for.first()
            if relationship is not None:
                case_meeting_bring(
                    actor=duty[0],
                    relationship=relationship,
                    summary="Keski-ikäinen asiakas, jolla on päihteiden käyttöä ja velkoja. "
                    "Asunto on vaarassa. Asiakas haluaa apua, mutta ei ole saapunut kahteen "
                    "sovittuun tapaamiseen.",
                    question="Miten saisimme tapaamiset toteutumaan? Kannattaako kokeilla jalkautuvaa työtä?",
                )
