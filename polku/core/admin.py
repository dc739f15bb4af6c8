"""Configuration for an organisation's administrators: each sees only their own organisation."""

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from polku.core.models import Absence, DayOff, Municipality, Organisation, Role, Team, Worker


def _user(request: HttpRequest) -> Worker:
    # The admin site lets only signed-in administrators in (PolkuAdminSite.has_permission).
    return cast(Worker, request.user)


def _is_admin(request: HttpRequest) -> bool:
    return bool(_user(request).is_superuser or _user(request).role == Role.ADMINISTRATOR)


class OrganisationScoped(admin.ModelAdmin):
    """Rows of the administrator's own organisation; new rows are put there."""

    organisation_path = "organisation"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if _user(request).is_superuser:
            return rows
        return rows.filter(**{self.organisation_path: _user(request).organisation_id})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        _limit(field, request)
        return field

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        _limit(field, request)
        return field

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if hasattr(obj, "organisation_id") and not _user(request).is_superuser:
            obj.organisation_id = _user(request).organisation_id
        super().save_model(request, obj, form, change)


def _limit(field: Any, request: HttpRequest) -> None:
    queryset = getattr(field, "queryset", None)
    if field is None or queryset is None or _user(request).is_superuser:
        return
    model = queryset.model
    if model is Organisation:
        field.queryset = queryset.filter(pk=_user(request).organisation_id)
    elif hasattr(model, "organisation") or model is Worker:
        field.queryset = queryset.filter(organisation_id=_user(request).organisation_id)


@admin.register(Municipality)
class MunicipalityAdmin(OrganisationScoped):
    list_display = ["code", "name_fi", "name_sv"]
    exclude = ["organisation"]


@admin.register(Team)
class TeamAdmin(OrganisationScoped):
    list_display = ["name", "office"]
    exclude = ["organisation"]
    filter_horizontal = ["municipalities"]


@admin.register(Absence)
class AbsenceAdmin(OrganisationScoped):
    organisation_path = "worker__organisation"
    list_display = ["worker", "starts_on", "ends_on", "note"]


@admin.register(Worker)
class WorkerAdmin(OrganisationScoped, UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "teams"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "phone", "title")}),
        (_("Work"), {"fields": ("role", "teams", "is_active")}),
    )
    add_fieldsets = (
        (None, {"fields": ("username", "password1", "password2", "role", "first_name", "last_name")}),
    )
    filter_horizontal = ["teams"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Only administrators use the configuration pages.
        obj.is_staff = obj.role == Role.ADMINISTRATOR
        super().save_model(request, obj, form, change)


class DayOffInline(admin.TabularInline):
    model = DayOff
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Superusers add organisations; an organisation's administrators set its working-day
    calendar (the SHL deadlines count working days)."""

    list_display = ["name", "code"]
    inlines = [DayOffInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _user(request).is_superuser:
            return ["name", "code", "working_weekdays", "public_holidays_off"]
        return ["working_weekdays", "public_holidays_off"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        rows = super().get_queryset(request)
        return rows if _user(request).is_superuser else rows.filter(pk=_user(request).organisation_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(_user(request).is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(_user(request).is_superuser)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            from polku.intake.defaults import seed_intake_defaults

            seed_intake_defaults(obj)
