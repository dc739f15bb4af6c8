"""The organisation's intake code lists, deadline rules, quadrant and duty rota."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polku.core.admin import OrganisationScoped
from polku.intake.models import (
    DeadlineRule,
    DutyWeek,
    GuidanceCategory,
    NotifierType,
    Quadrant,
    UrgencyCriterion,
)


class CodeListAdmin(OrganisationScoped):
    list_display = ["name_fi", "name_sv", "order", "active"]
    list_editable = ["order", "active"]
    exclude = ["organisation"]


admin.site.register(NotifierType, CodeListAdmin)
admin.site.register(GuidanceCategory, CodeListAdmin)
admin.site.register(UrgencyCriterion, CodeListAdmin)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(CodeListAdmin):
    list_display = ["name_fi", "start_working_days", "complete_months", "for_urgent", "is_default", "active"]
    list_editable = ["active"]


@admin.register(Quadrant)
class QuadrantAdmin(OrganisationScoped):
    """One per organisation, made with it: administrators change the labels and roles."""

    exclude = ["organisation"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DutyWeek)
class DutyWeekAdmin(OrganisationScoped):
    list_display = ["team", "week_start", "social_worker", "social_counsellor"]
    list_filter = ["team"]
    exclude = ["organisation"]
