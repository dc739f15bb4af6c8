"""Partner organisations are configuration: administrators keep the list. Their professionals
are not: a team lead adds them in Polku (polku.network.services.partner_professional_add),
because a partner account reads client data under consents."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from polku.core.admin import OrganisationScoped, _user
from polku.network.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(OrganisationScoped):
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    exclude = ["organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A consent may cover every organisation of a kind: changing the kind would change
        # whose consents open client data to the organisation's professionals.
        return ["kind"] if obj is not None else []

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        organisation_id = obj.organisation_id if obj is not None else _user(request).organisation_id

        class UniqueName(form):  # type: ignore[valid-type,misc]
            """The name is unique in the organisation, which the form itself leaves out."""

            def clean_name(self) -> str:
                name = str(self.cleaned_data["name"]).strip()
                taken = PartnerOrganisation.objects.filter(organisation_id=organisation_id, name__iexact=name)
                if taken.exclude(pk=self.instance.pk).exists():
                    raise ValidationError(
                        _("The organisation already has a partner organisation by this name.")
                    )
                return name

        return UniqueName

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not obj.organisation_id:
            obj.organisation_id = _user(request).organisation_id
        super().save_model(request, obj, form, change)
