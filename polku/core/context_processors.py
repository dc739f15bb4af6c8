from typing import Any

from django.http import HttpRequest

from polku.core.models import Role
from polku.intake.selectors import urgent_waiting_count

GUIDANCE_ROLES = {Role.GUIDANCE_WORKER, Role.TEAM_LEAD}
DUTY_ROLES = {Role.SOCIAL_WORKER, Role.SOCIAL_COUNSELLOR, Role.TEAM_LEAD}
TEAM_PAGES = {
    "team_week",
    "team_week_list",
    "process",
    "duty_rota",
    "case_meeting",
    "instruction_edit",
    "duty_week_edit",
    "absences",
    "transfers",
    "transfer_answer",
    "team_workers",
    "worker_change",
    "enrolment_code",
    "partner_professionals",
    "partner_professional_add",
    "partner_enrolment_code",
    "partner_professional_end",
    "team_feedback",
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header offers depends on the role: client work, guidance, distribution,
    team review, configuration. The duty pair also sees a banner while urgent intakes wait."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_client_work": user.does_client_work,
        "nav_guidance": user.role in GUIDANCE_ROLES,
        "nav_distribution": user.role in DUTY_ROLES,
        "nav_team_lead": user.role == Role.TEAM_LEAD,
        "nav_admin": user.is_staff,
        "nav_partner": user.role == Role.PARTNER,
        "urgent_waiting": urgent_waiting_count(user) if user.role in DUTY_ROLES else 0,
        "team_pages": TEAM_PAGES,
    }
