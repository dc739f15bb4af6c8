from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polku.codes.models import Code, CodeSet


class CodeInline(admin.TabularInline):
    model = Code
    extra = 0
    fields = ["code", "name_fi", "name_sv", "plain_fi", "plain_sv", "active", "placeholder"]


@admin.register(CodeSet)
class CodeSetAdmin(admin.ModelAdmin):
    """National code sets are shared by every organisation: only superusers change them
    (normally by loading the code server's files); administrators read them."""

    list_display = ["name_fi", "oid", "version", "is_placeholder"]
    inlines = [CodeInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_staff

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    has_delete_permission = has_change_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser
