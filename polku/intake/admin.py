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
    """The form offers only workers of the slot's role; DutyWeek.clean refuses anyone who is
    not an active member of the week's team with that role, as the rota services do."""

    list_display = ["team", "week_start", "social_worker", "social_counsellor"]
    list_filter = ["team"]
    exclude = ["organisation"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        role = DutyWeek.SLOT_ROLES.get(db_field.name)
        if role is not None and field is not None:
            field.queryset = field.queryset.filter(role=role, is_active=True)
        return field

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The week is the team's, also when a superuser (who has no organisation scope) saves it.
        obj.organisation_id = obj.team.organisation_id
        super().save_model(request, obj, form, change)
