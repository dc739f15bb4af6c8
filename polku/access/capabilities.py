"""What each basis lets a worker do with a client: the one table of bases × capabilities.

Act 703/2023 allows access to client data only with a basis (a client relationship, another
work task or another legal right) and only to the data the task needs. Each row below is a
basis; its set is what that task needs and nothing more. docs/decisions.md explains each
row. Every read selector and every write service asks the gate (polku.access.gate) for one
of these capabilities; nothing else decides.
"""

from enum import StrEnum

from polku.access.models import Basis


class Capability(StrEnum):
    # Reading
    READ_BASICS = "read_basics"  # the register details: name, identity code, contact details, team
    READ_OWN_INTAKE = "read_own_intake"  # only the intakes the worker registered
    READ_INTAKE = "read_intake"  # the client's intakes, who notified, the 12-month intake history
    READ_CASE = "read_case"  # the open client relationships: who works with the client
    READ_RECORD = "read_record"  # journal, assessments, plans, the relationship's page
    READ_ACCESS_REPORT = "read_access_report"  # who has read the client's data
    # What a consent can cover, one by one (a worker's READ_RECORD includes them all).
    READ_PLAN = "read_plan"  # the agreed client plan
    READ_ASSESSMENT = "read_assessment"  # the completed service needs assessment
    READ_MEETINGS = "read_meetings"  # records of joint meetings
    READ_SERVICES = "read_services"  # the services map
    READ_CONSENTS = "read_consents"  # the client's consents and refusals
    # The network's agreement (who does what); a partner also has to be in the network.
    READ_AGREEMENT = "read_agreement"
    # Writing
    EDIT_REGISTER = "edit_register"  # correct the register details (not the team)
    GUIDE = "guide"  # service guidance of a waiting intake
    DISTRIBUTE = "distribute"  # classify the need and choose the responsible worker
    HANDLE_URGENT = "handle_urgent"  # record what was done about an urgent intake
    WRITE_JOURNAL = "write_journal"  # journal entries, bringing the client to the case meeting
    WRITE_DOCUMENTS = "write_documents"  # the assessment and the plan
    MANAGE_CASE = "manage_case"  # pair work, consultation, handover, re-rating the need, closing
    ANSWER_CONSULTATION = "answer_consultation"
    ANSWER_HANDOVER = "answer_handover"
    TRANSFER = "transfer"  # offer the client to another team
    ANSWER_TRANSFER = "answer_transfer"  # accept or decline a client offered to one's team
    MANAGE_CONSENTS = "manage_consents"  # record the client's consent or refusal
    EDIT_NETWORK = "edit_network"  # the services map, joint meetings, the network's agreement
    # Accept or decline the client coordinator's task offered to oneself (refined in the
    # service: only the named receiver).
    ANSWER_COORDINATION = "answer_coordination"
    # The client may revoke a consent through any party: a partner records that it was.
    RECORD_REVOCATION = "record_revocation"
    # A partner's own writes within a consent, refined in the service: their organisation's
    # part of a meeting they took part in, and the status of a service their organisation
    # provides (polku.network.services).
    WRITE_MEETING_PART = "write_meeting_part"
    UPDATE_OWN_SERVICE = "update_own_service"
    # Review break-glass openings of the client. Who reviews which opening (the client's and
    # the opener's team leads, never the opener) is refined in access.selectors.may_review.
    REVIEW = "review"
    # Let the client in to their own pages: give a one-time sign-in code, or end their access.
    INVITE_CLIENT = "invite_client"
    # What the client themselves may do on their own pages (polku.participation). No worker's
    # basis grants these, and the client has no other capability: see OWN_PAGES below.
    READ_OWN = "read_own"  # the agreed plan as a checklist, their workers, upcoming meetings
    TICK_STEP = "tick_step"  # mark a step of their plan done or not done
    WRITE_OWN_WORDS = "write_own_words"  # before a plan meeting: topics and their view of each goal
    FILL_MEASURE = "fill_measure"  # answer a measure themselves
    GIVE_FEEDBACK = "give_feedback"
    READ_OWN_ACCESS_REPORT = "read_own_access_report"  # who has viewed their data


C = Capability
DOCUMENTS = frozenset(
    {C.READ_PLAN, C.READ_ASSESSMENT, C.READ_MEETINGS, C.READ_SERVICES, C.READ_CONSENTS, C.READ_AGREEMENT}
)
READ_ALL = (
    frozenset({C.READ_BASICS, C.READ_OWN_INTAKE, C.READ_INTAKE, C.READ_CASE, C.READ_RECORD}) | DOCUMENTS
)
# Every consent basis lets the partner see the consent itself and record its revocation.
CONSENTED = frozenset({C.READ_CONSENTS, C.RECORD_REVOCATION, C.ANSWER_COORDINATION})
INTAKE_WORK = frozenset({C.READ_BASICS, C.READ_OWN_INTAKE, C.READ_INTAKE})

CAPABILITIES: dict[Basis, frozenset[Capability]] = {
    # The client's own workers on an open relationship: the whole record, and they write it.
    Basis.RESPONSIBLE_WORKER: READ_ALL
    | {
        C.READ_ACCESS_REPORT,
        C.EDIT_REGISTER,
        C.WRITE_JOURNAL,
        C.WRITE_DOCUMENTS,
        C.MANAGE_CASE,
        C.MANAGE_CONSENTS,
        C.RECORD_REVOCATION,
        C.EDIT_NETWORK,
        C.ANSWER_COORDINATION,
        C.INVITE_CLIENT,
    },
    Basis.PAIR_WORKER: READ_ALL
    | {
        C.READ_ACCESS_REPORT,
        C.EDIT_REGISTER,
        C.WRITE_JOURNAL,
        C.WRITE_DOCUMENTS,
        C.MANAGE_CONSENTS,
        C.RECORD_REVOCATION,
        C.EDIT_NETWORK,
        C.ANSWER_COORDINATION,
        C.INVITE_CLIENT,
    },
    # The lead answers for the team's flow: reads everything, distributes, covers guidance and
    # urgent work, transfers and reviews; the client's documents are the workers' to write.
    Basis.TEAM_LEAD: READ_ALL
    | {C.READ_ACCESS_REPORT, C.GUIDE, C.DISTRIBUTE, C.HANDLE_URGENT, C.TRANSFER, C.REVIEW},
    # The week's duty pair decides who helps: the intake, its history and who already works
    # with the client — not the texts of the journal, assessments or plans.
    Basis.DUTY_PAIR: INTAKE_WORK | {C.READ_CASE, C.DISTRIBUTE, C.HANDLE_URGENT},
    # Service guidance of an intake: that intake, the basics and the intake history only.
    Basis.GUIDANCE: INTAKE_WORK | {C.GUIDE},
    # Who registered an intake sees it until it leaves guidance, and the basics.
    Basis.REGISTRAR: frozenset({C.READ_BASICS, C.READ_OWN_INTAKE}),
    # Short, read-only bases: never a write, never anything that lasts.
    Basis.CONSULTATION: READ_ALL | {C.ANSWER_CONSULTATION},
    Basis.HANDOVER: READ_ALL | {C.ANSWER_HANDOVER},
    Basis.TRANSFER: frozenset({C.READ_BASICS, C.READ_CASE, C.ANSWER_TRANSFER}),
    Basis.BREAK_GLASS: READ_ALL,
    # A partner professional within the client's valid consent: exactly the information the
    # consent names, the consent itself, and recording that the client revoked it.
    # The agreement goes with the plan: it names the plan's goals and who works on them.
    Basis.CONSENT_PLAN: CONSENTED | {C.READ_PLAN, C.READ_AGREEMENT},
    Basis.CONSENT_ASSESSMENT: CONSENTED | {C.READ_ASSESSMENT},
    # A consent to meeting records or to the services map also lets the partner write their
    # own organisation's part of it (the service checks participant and provider).
    Basis.CONSENT_MEETINGS: CONSENTED | {C.READ_MEETINGS, C.WRITE_MEETING_PART},
    Basis.CONSENT_SERVICES: CONSENTED | {C.READ_SERVICES, C.UPDATE_OWN_SERVICE},
    Basis.CONSENT_CONTACT: CONSENTED | {C.READ_BASICS},
}

# The client, signed in to their own pages, has no basis of this table: only their own data,
# and only what is meant for them (no journal, no worker's notes, no notifier, no drafts).
OWN_PAGES = frozenset(
    {C.READ_OWN, C.TICK_STEP, C.WRITE_OWN_WORDS, C.FILL_MEASURE, C.GIVE_FEEDBACK, C.READ_OWN_ACCESS_REPORT}
)

# When several bases apply, the closest one is named in the access log.
CLOSENESS = [
    Basis.RESPONSIBLE_WORKER,
    Basis.PAIR_WORKER,
    Basis.DUTY_PAIR,
    Basis.GUIDANCE,
    Basis.CONSULTATION,
    Basis.HANDOVER,
    Basis.TEAM_LEAD,
    Basis.TRANSFER,
    Basis.REGISTRAR,
    Basis.CONSENT_CONTACT,
    Basis.CONSENT_PLAN,
    Basis.CONSENT_ASSESSMENT,
    Basis.CONSENT_MEETINGS,
    Basis.CONSENT_SERVICES,
    Basis.BREAK_GLASS,
]


def granting(capability: Capability) -> list[Basis]:
    """The bases that grant `capability`, closest first."""
    return [basis for basis in CLOSENESS if capability in CAPABILITIES[basis]]
