"""Polku's assessment and plan as documents of THL's national structures (structure.py):
the structures' property names, nesting, repeatable items, code objects
({"system", "code", "display"}) and ISO dates. One function per document; each reads only the
objects it is given, changes nothing, and leaves out what is empty (the structures hold no
empty fields: "an empty field beats filler").

Where Polku keeps apart what the structure has in one field (the client's and the
professional's strengths, a goal's steps), the field gets both, each under its own heading,
so that neither view is lost or blended. docs/decisions.md gives the mapping's reasons."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from polku.archive.models import DocumentGiven
from polku.archive.structure import ASSESSMENT, PLAN, Structure
from polku.assessment.models import Assessment
from polku.clients.models import Client
from polku.codes.loader import ATTAINMENT, GOALS, METHODS, NEED_NATURE, SITUATIONAL_FACTORS, SUPPORT_NEED
from polku.codes.models import Code
from polku.core.models import Role, Worker
from polku.plans.models import Effect, Factor, Goal, PlanVersion, Scale

IDENTITY_CODE = "urn:oid:1.2.246.21"
# Internal lists of the plan structure: the structure names them by document and field.
PLAN_SERVICE = "tyoikaisten_palvelujen_asiakassuunnitelma/palvelu"
PLAN_SCALE = "tyoikaisten_palvelujen_asiakassuunnitelma/tavoitteen_asteikko"
PLAN_EFFECT = "tyoikaisten_palvelujen_asiakassuunnitelma/tukeeko_vai_vaikeuttaako_tilannetekija_tavoitteen_saavuttamista"  # noqa: E501
# Two of the structures' longest property names.
CONCLUSIONS = "ammattihenkilon_johtopaatokset__asiakkaan_tilanteesta_seka_sosiaalipalvelujen_ja_erityisen_tuen_tarpeesta"  # noqa: E501
INFORMED = (
    "asiakkaalle_on_annettu_selvitys_oikeuksista_velvollisuuksista_ja_erilaisista_"
    "tilanteeseen_sopivista_toimenpidevaihtoehdoista"
)
USED = "urn:oid:1.2.246.537.6.112"
SOCIAL_SERVICE = "urn:oid:1.2.246.537.6.1222"
# The structure's own note names these two values of the social services (1.2.246.537.6.1222):
# methods are recorded under the professional's social work or social counselling.
SOCIAL_WORK: dict[str, tuple[str, str]] = {
    Role.SOCIAL_WORKER: ("46", "Sosiaalityö"),
    Role.SOCIAL_COUNSELLOR: ("45", "Sosiaaliohjaus"),
}
# "Lakiselostus" is the organisation's own text (THL writes none); this is Polku's default.
ASSESSMENT_LAW = "Sosiaalihuoltolaki (1301/2014) 36 §, 37 § ja 41 §."
PLAN_LAW = "Sosiaalihuoltolaki (1301/2014) 39 §; laki sosiaalihuollon asiakkaan asemasta ja oikeuksista (812/2000) 7 §."  # noqa: E501

Path = tuple[str, ...]


@dataclass
class Export:
    """A document in a national structure, and the Polku stand-in codes it would carry
    (placeholders are no national codes: such a document is not ready for the archive)."""

    structure: Structure
    document: dict[str, Any]
    language: str
    placeholders: list[tuple[Path, Code]] = field(default_factory=list)


class _Builder:
    def __init__(self, structure: Structure, language: str) -> None:
        self.export = Export(structure, {}, language)

    def code(self, code: Code | None, oid: str, path: Path) -> dict[str, str] | None:
        if code is None:
            return None
        if code.placeholder:
            self.export.placeholders.append((path, code))
        return {"system": f"urn:oid:{oid}", "code": code.code, "display": self.display(code)}

    def display(self, code: Code) -> str:
        if self.export.language == "sv":
            return code.name_sv or code.name_fi
        return code.name_fi


def internal(system: str, value: str, display: str) -> dict[str, str]:
    return {"system": system, "code": value, "display": display}


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day(moment: Any) -> date | None:
    return timezone.localdate(moment) if moment else None


def paragraphs(*parts: str | None) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def labelled(label: str, text: str | None) -> str:
    return f"{label}: {text.strip()}" if text and text.strip() else ""


def lines(rows: Iterable[str]) -> str:
    return "\n".join(row for row in rows if row)


def listed(label: str, rows: Iterable[str]) -> str:
    """A heading and its rows, one per line; nothing when there are no rows."""
    found = lines(f"– {row}" for row in rows if row)
    return f"{label}:\n{found}" if found else ""


def clean(value: Any) -> Any:
    """Without empty strings, lists, objects and unknowns (False stays: it is an answer)."""
    if isinstance(value, dict):
        cleaned = {key: clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in (clean(item) for item in value) if item not in (None, "", [], {})]
    return value


def client_part(client: Client) -> dict[str, Any]:
    identity = {"system": IDENTITY_CODE, "value": client.identity_code} if client.identity_code else None
    return {"sukunimi": client.last_name, "etunimet": client.first_names, "henkilotunnus": identity}


def person(worker: Worker | None) -> dict[str, Any] | None:
    if worker is None:
        return None
    return {
        "sukunimi": worker.last_name,
        "etunimet": worker.first_name,
        "tehtavanimike": worker.title or str(worker.get_role_display()),
    }


def author(worker: Worker | None) -> list[dict[str, Any]]:
    """The author. The service unit is named by its OID in the social and health care
    organisation register (1.2.246.537.6.202), which Polku does not hold yet: the unit is
    left out of the structured document and named in the archival PDF."""
    found = person(worker)
    return [found] if found else [{}]


def given_text(given: Sequence[DocumentGiven], language: str) -> str:
    return lines(
        f"{record.get_how_display()} {date_format(record.given_on, 'j.n.Y')} ({record.given_by_name})"
        for record in given
    )


def assessment_document(
    assessment: Assessment, *, given: Sequence[DocumentGiven] = (), language: str = "fi"
) -> Export:
    """A completed service needs assessment as 'Työikäisten palvelutarpeen arvio'."""
    with override(language):
        builder = _Builder(ASSESSMENT, language)
        root = (ASSESSMENT.root,)
        areas = assessment.life_areas or {}
        conclusions = (*root, "johtopaatokset_ja_jatkotoimet")
        needs = [
            builder.code(need, SUPPORT_NEED, (*conclusions, "ammattihenkilon_arvio_tuen_tarpeesta"))
            for need in assessment.support_needs.all()
        ]
        own_worker = person(assessment.own_worker) if assessment.own_worker_needed else None
        additions = [
            labelled(
                _("Addition %(date)s, %(author)s")
                % {"date": date_format(a.created_at, "j.n.Y"), "author": a.author},
                a.text,
            )
            for a in assessment.addenda.all()
        ]
        body = {
            "asiakas": client_part(assessment.client),
            "asian_vireilletuloa_koskevat_tiedot": {"vireilletulopaiva": iso(assessment.pending_since)}
            if assessment.pending_since
            else None,
            "palvelutarpeen_arviointia_koskevat_tiedot": {
                "palvelutarpeen_arvioinnin_aloittamispaiva": iso(assessment.started_on),
                "kuvaus_arvioinnin_toteuttamisesta": assessment.how_done,
                "palvelutarpeen_arviointiin_osallistuneet_henkilot": assessment.participants,
                "asiakkaalla_on_oikeus_erityiseen_tukeen": assessment.special_support,
                "erityisen_tuen_perustelut": assessment.special_support_reasons,
            },
            "aikaisemmat_ja_nykyiset_palvelut": [{"kuvaus": assessment.current_services}],
            "asuminen": {"kuvaus": areas.get("housing")},
            "maahanmuutto_ja_kotoutuminen": {"kotoutuminen": areas.get("immigration")},
            "koulutus_ja_osaaminen": {"koulutuksen_kuvaus": areas.get("education")},
            "tyoelama": {"tyotilanteen_lisatiedot": areas.get("work")},
            "taloudellinen_tilanne": {"kuvaus": areas.get("finances")},
            "terveydentila": {"kuvaus": areas.get("health")},
            "paihteiden_kaytto_ja_riippuvuudet": {"kayton_kuvaus": areas.get("substances")},
            "sosiaaliset_suhteet": {
                "sosiaalisiin_suhteisiin_liittyvat_voimavarat_ja_vaikeudet": areas.get("relationships")
            },
            "elamanhallinta": {"arkielama_ja_vapaa_aika": areas.get("life_management")},
            "kuntoutustarve": {"kuvaus": areas.get("rehabilitation")},
            "johtopaatokset_ja_jatkotoimet": {
                "asiakkaan_ja_hanen_laheisensa_arvio_tuen_ja_palvelujen_tarpeestaan": assessment.client_view,
                "ammattihenkilon_arvio_tuen_tarpeesta": needs,
                "asiakkuuden_jatko": {"asiakkuus_jatkuu": assessment.relationship_needed},
                CONCLUSIONS: assessment.summary,
                "arvio_tuen_tarpeen_luonteesta": builder.code(
                    assessment.need_nature, NEED_NATURE, (*conclusions, "arvio_tuen_tarpeen_luonteesta")
                ),
                "asiakkaalle_laaditaan_asiakassuunnitelma": assessment.plan_to_make,
                "perustelut_miksi_asiakassuunnitelmaa_ei_laadita": assessment.no_plan_reason,
                "asiakas_tarvitsee_omatyontekijan": assessment.own_worker_needed,
                "omatyontekija": [own_worker],
                "jatkosuunnitelma": assessment.next_steps,
            },
            "henkilot_joille_tama_asiakirja_toimitetaan": given_text(given, language),
            "lisatiedot": paragraphs(
                labelled(_("How the matter became pending"), assessment.pending_how),
                labelled(_("The client's view on an own worker"), assessment.client_own_worker_view),
                *additions,
            ),
            "lakiselostus": ASSESSMENT_LAW,
            "paivamaara": iso(day(assessment.completed_at)),
            "laatija": author(assessment.completed_by or assessment.author),
        }
        builder.export.document = clean({ASSESSMENT.root: body})
        return builder.export


# The plan structure's two internal lists, in its own words.
SCALE_NAMES = {
    "fi": {Scale.BETTER: "Muutos parempaan", Scale.PREVENT: "Estää tilanteen huononeminen"},
    "sv": {
        Scale.BETTER: "Förändring till det bättre",
        Scale.PREVENT: "Förhindra en försämring av situationen",
    },
}
EFFECT_NAMES = {
    "fi": {Effect.SUPPORTS: "Tukee", Effect.HINDERS: "Vaikeuttaa"},
    "sv": {Effect.SUPPORTS: "Främjar", Effect.HINDERS: "Försvårar"},
}


def _in(language: str) -> str:
    return "sv" if language == "sv" else "fi"


def _factor(builder: _Builder, factor: Factor, path: Path) -> dict[str, Any]:
    effect = EFFECT_NAMES[_in(builder.export.language)][Effect(factor.effect)]
    return {
        "tilannetekija": builder.code(factor.factor, SITUATIONAL_FACTORS, (*path, "tilannetekija")),
        "tukeeko_vai_vaikeuttaako_tilannetekija_tavoitteen_saavuttamista": internal(
            PLAN_EFFECT, factor.effect, effect
        ),
    }


def _scale(goal: Goal, language: str) -> dict[str, str]:
    return internal(PLAN_SCALE, goal.scale, SCALE_NAMES[_in(language)][Scale(goal.scale)])


def _goal_text(goal: Goal) -> str:
    """The goal in the client's words, the worker's description, the steps agreed, and how
    each situational factor helps or hinders (the structure has no field for these two)."""
    steps = (
        ", ".join(
            part
            for part in (step.what, step.who, date_format(step.due_on, "j.n.Y") if step.due_on else "")
            if part
        )
        for step in goal.steps.all()
    )
    notes = (f"{factor.factor}: {factor.note}" for factor in goal.factors.all() if factor.note)
    return paragraphs(
        labelled(_("The goal in the client's own words"), goal.client_words),
        goal.description,
        listed(_("Steps"), steps),
        listed(_("Situational factors"), notes),
    )


def _used(code: Code | None) -> dict[str, str] | None:
    # The structure knows yes and no; "not known" is recorded by leaving the answer out.
    if code is None or code.code not in ("K", "E"):
        return None
    return {"system": USED, "code": code.code, "display": code.name_fi}


def plan_document(
    version: PlanVersion, *, given: Sequence[DocumentGiven] = (), language: str = "fi"
) -> Export:
    """An agreed plan version as 'Työikäisten palvelujen asiakassuunnitelma'."""
    with override(language):
        builder = _Builder(PLAN, language)
        root = (PLAN.root,)
        plan = version.plan
        evaluation_path = (
            *root,
            "suunnitelman_arviointi",
            "edellisen_suunnitelman_tavoitteiden_saavuttaminen",
        )
        evaluations = []
        for evaluation in version.evaluations.all():
            goal = evaluation.goal
            attainment = evaluation.worker_attainment or evaluation.client_attainment
            words = paragraphs(
                labelled(
                    _("As the client sees it"),
                    lines([str(evaluation.client_attainment or ""), evaluation.client_text]),
                ),
                labelled(
                    _("As the worker sees it"),
                    lines([str(evaluation.worker_attainment or ""), evaluation.worker_text]),
                ),
            )
            assessed = (*evaluation_path, "arvio_siita_onko_tavoite_saavutettu")
            evaluations.append(
                {
                    "tavoite": builder.code(goal.code, GOALS, (*evaluation_path, "tavoite")),
                    "tavoitteen_asteikko": _scale(goal, language),
                    "kuvaus": _goal_text(goal),
                    "arvio_siita_onko_tavoite_saavutettu": {
                        "arvio": builder.code(attainment, ATTAINMENT, (*assessed, "arvio")),
                        "sanallinen_arvio": words,
                        "tilannetekijat": [
                            _factor(builder, factor, (*assessed, "tilannetekijat"))
                            for factor in goal.factors.all()
                        ],
                    },
                }
            )
        services = list(version.services.all())
        methods = list(version.methods.all())
        evaluating = version.number > 1
        goals_path = (*root, "asetettavat_tavoitteet")
        means = (*root, "menetelmat_ja_palvelut_joilla_tavoitteet_pyritaan_saavuttamaan", "palvelut")
        planned: list[dict[str, Any]] = [
            {
                "palvelu": internal(PLAN_SERVICE, s.service.code, builder.display(s.service)),
                "kuvaus": lines(
                    [
                        s.provider,
                        labelled(_("Contact person"), s.contact_person),
                        labelled(_("How to reach them"), s.contact),
                    ]
                ),
                "asiakkaan_ehdotus_palvelun_tuottamis__ja_toteuttamistavasta": s.client_proposal,
            }
            for s in services
        ]
        if methods:
            # The structure records methods under the professional's social work or counselling.
            holder = next(
                (item for item, s in zip(planned, services, strict=True) if s.service.code == "1"), None
            )
            if holder is None:
                name = "Socialtjänster" if language == "sv" else "Sosiaalipalvelut"
                holder = {"palvelu": internal(PLAN_SERVICE, "1", name)}
                planned.append(holder)
            social = SOCIAL_WORK.get(version.author.role)
            if social and "sosiaalipalvelu" not in holder:
                holder["sosiaalipalvelu"] = {
                    "system": SOCIAL_SERVICE,
                    "code": social[0],
                    "display": social[1],
                }
            holder["menetelma"] = [builder.code(m.method, METHODS, (*means, "menetelma")) for m in methods]
            holder["lisatiedot_menetelmista"] = lines(
                f"{m.method}: {m.description}" for m in methods if m.description
            )
        body = {
            "asiakas": [client_part(plan.client)],
            "tiedot_neuvottelusta_jossa_tama_suunnitelma_on_tehty": [
                {
                    "paivamaara": iso(version.made_on),
                    "paikka": version.meeting_place,
                    "osallistujat": version.participants,
                }
            ],
            "kuvaus_asiakkaan_tilanteesta": paragraphs(
                version.situation,
                labelled(_("Change since the last plan"), version.situation_change) if evaluating else "",
                labelled(_("Strengths and resources, as the client sees them"), version.client_strengths),
                labelled(_("Strengths and resources, as the worker sees them"), version.worker_strengths),
            ),
            "palvelut_joita_asiakas_talla_hetkella_saa": {"kuvaus": version.current_services},
            "asiakkaan_arvio_siita_millaista_tukea_ja_mita_palveluja_han_tarvitsee": paragraphs(
                version.client_support_need, version.client_services_needed
            ),
            "ammattihenkilon_arvio_siita_millaista_tukea_ja_mita_palveluja_asiakas_tarvitsee": paragraphs(
                version.worker_support_need, version.worker_services_needed
            ),
            "suunnitelman_arviointi": {
                "edellisen_suunnitelman_tavoitteiden_saavuttaminen": evaluations,
                "palvelujen_arviointi": [
                    {
                        "palvelu": internal(PLAN_SERVICE, s.service.code, builder.display(s.service)),
                        "arvio_palvelun_kaytosta": _used(s.used),
                    }
                    for s in services
                    if evaluating and _used(s.used)
                ],
                "menetelmien_arviointi": [
                    {
                        "menetelma": builder.code(
                            m.method,
                            METHODS,
                            (*root, "suunnitelman_arviointi", "menetelmien_arviointi", "menetelma"),
                        ),
                        "arvio_menetelman_kaytosta": _used(m.used),
                    }
                    for m in methods
                    if evaluating and _used(m.used)
                ],
            },
            "asetettavat_tavoitteet": [
                {
                    "tavoite": builder.code(goal.code, GOALS, (*goals_path, "tavoite")),
                    "tavoitteen_asteikko": _scale(goal, language),
                    "kuvaus": _goal_text(goal),
                    "tilannetekijat": [
                        _factor(builder, factor, (*goals_path, "tilannetekijat"))
                        for factor in goal.factors.all()
                    ],
                }
                for goal in version.goals.all()
            ],
            "menetelmat_ja_palvelut_joilla_tavoitteet_pyritaan_saavuttamaan": {
                "palvelut": planned,
                "asiakkaan_tukemiseen_osallistuvat_palvelunantajat_ja_heidan_vastuunsa": lines(
                    f"{s.provider or s.service}: {s.responsibility}" for s in services if s.responsibility
                ),
                "asiakkaan_tukemiseen_osallistuvat_yksityishenkilot_ja_heidan_tehtavansa": lines(
                    ", ".join(part for part in (p.name, p.relation, p.task) if part)
                    for p in version.people.all()
                ),
            },
            "asiakkaan_ja_omatyontekijan_tapaamiset": lines(
                [
                    labelled(_("Who meets"), version.meeting_who),
                    labelled(_("Where we meet"), version.meeting_where),
                    labelled(_("How often"), version.meeting_frequency),
                    labelled(_("How long"), version.meeting_length),
                ]
            ),
            INFORMED: version.informed_of_rights,
            "sovitut_jatkotoimet": version.next_steps,
            "eriavat_nakemykset": version.differing_views,
            "arvio_asiakkuuden_kestosta": version.duration,
            "asiakassuunnitelman_tarkastaminen": {
                "paivamaara_ja_kellonaika": iso(version.next_review_on),
                "paikka": version.next_review_place,
            },
            "jakelu": given_text(given, language),
            "lisatiedot": paragraphs(
                labelled(
                    _("The work continues"),
                    (_("yes") if version.continues else _("no")) if version.continues is not None else "",
                ),
                labelled(_("Reasons"), version.continue_reasons),
                labelled(
                    _("The client's other plans"),
                    lines(
                        f"{other.get_kind_display()}: {other.owner}" for other in version.other_plans.all()
                    ),
                ),
            ),
            "lakiselostus": PLAN_LAW,
            "paivamaara": iso(day(version.agreed_at) or version.made_on),
            "laatija": author(version.author),
        }
        builder.export.document = clean({PLAN.root: body})
        return builder.export
