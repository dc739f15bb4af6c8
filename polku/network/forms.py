from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DesignSystemForm
from polku.core.models import Worker
from polku.network.models import ConsentGiver, HowGiven, Information, PartnerKind, PartnerOrganisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(DesignSystemForm):
    decision = forms.TypedChoiceField(
        label=_("The client's decision"),
        choices=[("consent", _("consents to sharing")), ("refusal", _("refuses sharing"))],
        coerce=lambda value: value == "refusal",
        widget=forms.RadioSelect,
        initial="consent",
    )
    given_by = forms.ChoiceField(
        label=_("Given by"), choices=ConsentGiver.choices, initial=ConsentGiver.CLIENT
    )
    given_by_name = forms.CharField(
        label=_("Name of the guardian or representative"), required=False, max_length=200
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Or every organisation of these kinds"),
        choices=PartnerKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information = forms.MultipleChoiceField(
        label=_("Information shared"), choices=Information.choices, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DATE, required=False, help_text=_("Leave empty until revoked.")
    )
    how_given = forms.ChoiceField(
        label=_("How it was given"), choices=HowGiven.choices, widget=forms.RadioSelect
    )
    witness = forms.CharField(label=_("Witness"), required=False, max_length=200)
    form_file = forms.FileField(
        label=_("The signed form"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        partners = PartnerOrganisation.objects.filter(organisation_id=worker.organisation_id, active=True)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = set(data["information"])
        return {
            "refused": data["decision"],
            "given_by": data["given_by"],
            "given_by_name": data["given_by_name"],
            **{item.value: item.value in chosen for item in Information},
            "purpose": data["purpose"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "how_given": data["how_given"],
            "witness": data["witness"],
        }


class RevocationForm(DesignSystemForm):
    revoked_through = forms.CharField(
        label=_("Revoked through"),
        max_length=200,
        help_text=_("Who the client told: e.g. the client to me, or the employment services."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
