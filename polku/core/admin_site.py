from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class PolkuAdminSite(admin.AdminSite):
    """Configuration (teams, workers, code lists) for administrators only, after the second
    factor. Client data is never registered here."""

    site_header = "Polku"
    site_title = "Polku"
    login_template = "registration/login.html"

    def has_permission(self, request: HttpRequest) -> bool:
        from polku.core.models import Role  # the admin app loads before the models

        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        if not (user.is_superuser or user.role == Role.ADMINISTRATOR):
            return False
        return not settings.REQUIRE_TWO_FACTOR or bool(user.is_verified())  # type: ignore[attr-defined]


class PolkuAdminConfig(AdminConfig):
    default_site = "polku.core.admin_site.PolkuAdminSite"
