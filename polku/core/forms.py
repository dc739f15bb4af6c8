from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from polku.core.models import Worker


class DesignSystemForm(forms.Form):
    """Gives every widget the design system's classes; Django adds aria-describedby and
    aria-invalid itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class FastSelect(forms.Select):
    """A select rendered without a template per option. The markup is the same as Django's,
    but a list of 150 colleagues renders in a fraction of the time (see make bench)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if o["value"] is None else str(o["value"]),
                    " selected" if o["selected"] else "",
                    o["label"],
                )
                for _group, group_options, _index in widget["optgroups"]
                for o in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = FastSelect
        widget = field.widget
        # CheckboxSelectMultiple is a RadioSelect in Django, so it is asked first.
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            widget.attrs.setdefault("class", "hds-checkbox__input")
        elif isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "hds-radio-button__input")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "hds-text-input__input")


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it is about; what was typed
    stays in the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def differences(saved: Any, typed: dict[str, Any], labels: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """For an edit conflict: (label, saved value, typed value) of each field that differs.
    `saved` is an object or a dict; `labels` maps the field names to compare to their labels."""
    rows = []
    for name, label in labels.items():
        theirs = saved.get(name, "") if isinstance(saved, dict) else getattr(saved, name)
        mine = typed.get(name)
        if (theirs or None) != (mine or None):
            rows.append((str(label), theirs, mine))
    return rows


class AbsenceForm(DesignSystemForm):
    worker = forms.ModelChoiceField(label=_("Worker"), queryset=Worker.objects.none())
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = workers


class DeclineForm(DesignSystemForm):
    reason = forms.CharField(
        label=_("Why is the change declined?"),
        help_text=_("The reason is recorded in the history and shown to the administrator."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class EnrolmentCodeForm(DesignSystemForm):
    code = forms.CharField(
        label=_("Enrolment code from your team lead"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class TokenForm(DesignSystemForm):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
