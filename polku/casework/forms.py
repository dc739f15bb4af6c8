from typing import Any

from django import forms
from django.conf import settings
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from polku.casework.models import JournalEntry, RelationshipKind
from polku.core.forms import DesignSystemForm, style
from polku.core.limits import NOTE
from polku.core.models import CLIENT_WORK_ROLES, Worker
from polku.plans.models import Goal


def colleagues(worker: Worker) -> Any:
    return (
        Worker.objects.filter(
            organisation_id=worker.organisation_id, is_active=True, role__in=CLIENT_WORK_ROLES
        )
        .exclude(pk=worker.pk)
        .order_by("last_name", "first_name")
    )


class ColleagueForm(DesignSystemForm):
    def __init__(self, *args: Any, worker: Worker, people: list[Worker] | None = None, **kwargs: Any) -> None:
        """`people`, when given, is the colleague list already read for this page: the
        choices are rendered from it instead of reading the list again for every form."""
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, ModelChoiceField):
                field.queryset = colleagues(worker)
                if people is not None:
                    blank = [("", field.empty_label)] if field.empty_label is not None else []
                    field.widget.choices = blank + [(person.pk, str(person)) for person in people]


class PairForm(ColleagueForm):
    pair = forms.ModelChoiceField(
        label=_("Pair worker"),
        queryset=Worker.objects.none(),
        required=False,
        empty_label=_("no pair worker"),
    )


class ConsultationForm(ColleagueForm):
    consultant = forms.ModelChoiceField(label=_("Colleague to consult"), queryset=Worker.objects.none())
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE)
    days = forms.IntegerField(
        label=_("Read access for days"),
        min_value=1,
        max_value=settings.CONSULTATION_MAX_DAYS,
        initial=7,
        help_text=_("The colleague sees the client's data only for this time; every view is logged."),
    )


class HandoverForm(ColleagueForm):
    to_worker = forms.ModelChoiceField(label=_("New responsible worker"), queryset=Worker.objects.none())
    note = forms.CharField(
        label=_("What the new worker needs to know"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE,
    )


class AnswerForm(DesignSystemForm):
    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE
    )


class HandoverAnswerForm(DesignSystemForm):
    accept = forms.TypedChoiceField(
        label=_("Will you take the client?"),
        choices=[(True, _("Yes, I take the client")), (False, _("No"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("If not, why"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=NOTE
    )


class CaseMeetingForm(DesignSystemForm):
    summary = forms.CharField(
        label=_("Anonymised summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("No names, identity codes, addresses or other details that identify the client."),
        max_length=NOTE,
    )
    question = forms.CharField(
        label=_("Question for the team"), widget=forms.Textarea(attrs={"rows": 2}), max_length=NOTE
    )


class AdviceForm(DesignSystemForm):
    advice = forms.CharField(
        label=_("The team's advice"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE
    )


class JournalForm(forms.ModelForm[JournalEntry]):
    class Meta:
        model = JournalEntry
        fields = ["text", "kind", "happened_on", "no_show", "goal"]
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, goals: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals if goals is not None else Goal.objects.none()  # type: ignore[attr-defined]
        self.fields["goal"].required = False
        style(self)


class CloseForm(DesignSystemForm):
    reason = forms.CharField(
        label=_("Why the client relationship ends"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE
    )
    guidance = forms.CharField(
        label=_("Guidance given or where the client was handed over"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Name the service and the person, if the client was handed over."),
        max_length=NOTE,
    )


class KindForm(DesignSystemForm):
    kind = forms.ChoiceField(
        label=_("Kind of client relationship"),
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Youth aftercare is for young adults aged 18–24 and ends the day before the 25th birthday."
        ),
    )
