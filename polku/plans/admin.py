from django.contrib import admin

from polku.core.admin import OrganisationScoped
from polku.plans.models import SectionGuidance


@admin.register(SectionGuidance)
class SectionGuidanceAdmin(OrganisationScoped):
    list_display = ["section"]
    exclude = ["organisation"]
