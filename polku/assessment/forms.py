from typing import Any, cast

from django import forms
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.utils.translation import gettext_lazy as _

from polku.assessment.models import LIFE_AREAS, Assessment
from polku.codes.loader import NEED_NATURE, SUPPORT_NEED
from polku.codes.selectors import codes_of
from polku.core.forms import DesignSystemForm, style
from polku.core.models import CLIENT_WORK_ROLES, Worker

YES_NO = [(True, _("yes")), (False, _("no"))]


def yes_no(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class AssessmentForm(forms.ModelForm[Assessment]):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Assessment
        fields = [
            "started_on",
            "how_done",
            "participants",
            "current_services",
            "client_view",
            "summary",
            "support_needs",
            "need_nature",
            "special_support",
            "special_support_reasons",
            "relationship_needed",
            "own_worker_needed",
            "client_own_worker_view",
            "own_worker",
            "plan_to_make",
            "no_plan_reason",
            "next_steps",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "support_needs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("special_support", "relationship_needed", "own_worker_needed", "plan_to_make"):
            self.fields[name] = yes_no(self.fields[name].label)
        cast(ModelMultipleChoiceField, self.fields["support_needs"]).queryset = codes_of(SUPPORT_NEED)
        cast(ModelChoiceField, self.fields["need_nature"]).queryset = codes_of(NEED_NATURE)
        cast(ModelChoiceField, self.fields["own_worker"]).queryset = Worker.objects.filter(
            organisation_id=worker.organisation_id, is_active=True, role__in=CLIENT_WORK_ROLES
        ).order_by("last_name", "first_name")
        areas = self.instance.life_areas or {}
        for code, label in LIFE_AREAS:
            self.fields[f"life_{code}"] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=areas.get(code, ""),
            )
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)
        style(self)

    def life_area_fields(self) -> list[forms.BoundField]:
        return [self[f"life_{code}"] for code, _label in LIFE_AREAS]


class AddendumForm(DesignSystemForm):
    text = forms.CharField(label=_("Addition"), widget=forms.Textarea(attrs={"rows": 4}))
