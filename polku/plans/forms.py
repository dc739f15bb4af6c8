from typing import Any, cast

from django import forms
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from polku.assessment.forms import yes_no
from polku.codes.loader import ATTAINMENT, GOALS, METHODS, SERVICES, SITUATIONAL_FACTORS, USED
from polku.codes.models import Code
from polku.codes.selectors import codes_of
from polku.core.forms import DesignSystemForm, limit_length, style
from polku.core.limits import NOTE
from polku.plans.models import (
    Factor,
    Goal,
    GoalEvaluation,
    OtherPlan,
    PlannedMethod,
    PlannedService,
    PlanType,
    PlanVersion,
    Step,
    SupportPerson,
)
from polku.plans.services import TEXT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StyledModelForm(forms.ModelForm):
    # Code fields and the code sets they draw from.
    code_sets: dict[str, str] = {}
    # Text fields shorter than a long document's (polku/core/limits.py).
    lengths: dict[str, int] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, oid in self.code_sets.items():
            cast(ModelChoiceField, self.fields[name]).queryset = codes_of(oid)
        for name, length in self.lengths.items():
            limit_length(cast(forms.CharField, self.fields[name]), length)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        style(self)


class NewPlanForm(DesignSystemForm):
    plan_type = forms.ChoiceField(
        label=_("Type of plan"),
        choices=PlanType.choices,
        initial=PlanType.WORKING_AGE,
        widget=forms.RadioSelect,
    )


class AgreeForm(DesignSystemForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class UsedForm(DesignSystemForm):
    used = forms.ModelChoiceField(label=_("Was it used"), queryset=Code.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ModelChoiceField, self.fields["used"]).queryset = codes_of(USED)


class PlanForm(StyledModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PlanVersion
        fields = TEXT_FIELDS
        widgets = {"made_on": DATE, "next_review_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["continues"] = yes_no(self.fields["continues"].label)
        style(self)


class GoalForm(StyledModelForm):
    code_sets = {"code": GOALS}
    lengths = {"client_words": NOTE, "description": NOTE}

    class Meta:
        model = Goal
        fields = ["client_words", "code", "scale", "description"]
        widgets = {"scale": forms.RadioSelect, "client_words": forms.Textarea}
        help_texts = {
            "client_words": _("Write it as the client says it: 'I want to keep my home.'"),
            "code": _("For statistics; the client does not see it."),
        }


class StepForm(StyledModelForm):
    class Meta:
        model = Step
        fields = ["what", "who", "due_on"]
        widgets = {"due_on": DATE}


class FactorForm(StyledModelForm):
    code_sets = {"factor": SITUATIONAL_FACTORS}

    class Meta:
        model = Factor
        fields = ["factor", "effect", "note"]
        widgets = {"effect": forms.RadioSelect}


class ServiceForm(StyledModelForm):
    code_sets = {"service": SERVICES, "used": USED}

    class Meta:
        model = PlannedService
        fields = [
            "service",
            "provider",
            "contact_person",
            "contact",
            "responsibility",
            "client_proposal",
            "used",
        ]


class MethodForm(StyledModelForm):
    code_sets = {"method": METHODS, "used": USED}

    class Meta:
        model = PlannedMethod
        fields = ["method", "description", "used"]


class PersonForm(StyledModelForm):
    class Meta:
        model = SupportPerson
        fields = ["name", "relation", "task"]


class OtherPlanForm(StyledModelForm):
    class Meta:
        model = OtherPlan
        fields = ["kind", "owner"]


class EvaluationForm(StyledModelForm):
    code_sets = {"client_attainment": ATTAINMENT, "worker_attainment": ATTAINMENT}

    class Meta:
        model = GoalEvaluation
        fields = ["client_attainment", "client_text", "worker_attainment", "worker_text"]


ITEM_FORMS: dict[str, type[StyledModelForm]] = {
    "goal": GoalForm,
    "service": ServiceForm,
    "method": MethodForm,
    "person": PersonForm,
    "other_plan": OtherPlanForm,
}
GOAL_PART_FORMS: dict[str, type[StyledModelForm]] = {"step": StepForm, "factor": FactorForm}
