"""Guidance beside each section of the plan, after the Länsi-Uusimaa model's instructions:
what the law asks, how to involve the client, how to write so the client understands.
Polku's own text, which an organisation can replace (SectionGuidance, in the admin)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from polku.plans.models import Section, SectionGuidance


def default_guidance() -> dict[str, str]:
    return {
        Section.EVALUATION: _(
            "Go through each goal with the client: how far did it get, as the client sees it and as you "
            "see it? Both views are recorded. Say what changed in the client's life since the last plan. "
            "Decide together whether the work continues, and why."
        ),
        Section.SITUATION: _(
            "The plan is made together with the client (SHL 39 §). Ask first what is going well: "
            "strengths and resources come before problems. Write the client's view and yours side by "
            "side; where you disagree, both stand."
        ),
        Section.GOALS: _(
            "Let the client say the goal in their own words and write it so. A good goal is concrete and "
            "possible. Break it into small steps: what, who, by when. Ask what helps and what hinders."
        ),
        Section.SERVICES: _(
            "Name the service, the provider and a person to contact, not just a phone number. Agree who is "
            "responsible for what. Check with the client which services they actually use, to avoid "
            "overlaps."
        ),
        Section.SCHEDULE: _(
            "Agree how often and where you meet, and when the plan is evaluated. Tell the client their "
            "rights, duties and options (Client Act 5 §)."
        ),
        Section.WRITING: _(
            "The client reads this plan. Use everyday words and short sentences, one thing per sentence. "
            "Do not use abbreviations. Describe what happened; do not label the person."
        ),
    }


def guidance_for(organisation_id: int) -> dict[str, str]:
    """Polku's guidance, with the organisation's own text where it has written one (Finnish,
    or Swedish for a Swedish reader when written)."""
    texts = default_guidance()
    language = (get_language() or "fi")[:2]
    if language == "en":
        return texts
    for row in SectionGuidance.objects.filter(organisation_id=organisation_id):
        texts[row.section] = row.text_sv if language == "sv" and row.text_sv else row.text_fi
    return texts
