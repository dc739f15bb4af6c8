from typing import Any

from django.http import HttpRequest

from polku.core.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the header offers depends on the role: client work, team review, configuration."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_client_work": user.does_client_work,
        "nav_team_lead": user.role == Role.TEAM_LEAD,
        "nav_admin": user.is_staff,
    }
