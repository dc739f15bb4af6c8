from datetime import date, datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.forms.utils import flatatt
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from polku.core.limits import DOCUMENT_TEXT, FIRST_DAY, LAST_DAY, MAX_INTEGER, NAME, parse_id
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
    """The design system's classes on every widget, and the input limits every form shares
    (`limit_input`): every form Polku shows passes through here."""
    limit_input(form)
    for field in form.fields.values():
        _name_the_empty_choice(field)
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


DJANGO_EMPTY_CHOICE = "---------"


def _name_the_empty_choice(field: forms.Field) -> None:
    """Django's "---------" in a select says nothing to a reader or a screen reader; it reads
    "Choose" instead."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_CHOICE:
            field.empty_label = _("Choose")
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0] == ("", DJANGO_EMPTY_CHOICE):
            field.choices = [("", _("Choose")), *choices[1:]]


class TextLengthValidator(MaxLengthValidator):
    """Django's maximum length, with the numbers written as a Finnish reader expects."""

    message = _("The text is too long: at most %(limit_value)s characters (now %(show_value)s).")

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": number_format(self.limit_value, force_grouping=True),
                    "show_value": number_format(len(value), force_grouping=True),
                },
            )


NULL_CHARACTER = _(
    "The text contains an invisible null character, which cannot be saved. "
    "Type the text again or paste it as plain text."
)


def limit_length(field: forms.CharField, limit: int) -> None:
    """Give a text field a maximum length after the form is made (a model's text field has
    none). Text areas get no maxlength attribute: a browser would cut a pasted text short
    without a word, whereas the refusal keeps the whole text in the form."""
    field.max_length = limit
    others = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators = [*others, TextLengthValidator(limit)]
    field.error_messages["null_characters_not_allowed"] = NULL_CHARACTER
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs.pop("maxlength", None)
    elif not field.widget.is_hidden:
        field.widget.attrs["maxlength"] = str(limit)


def within_calendar(value: date | datetime) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Give a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": date_format(FIRST_DAY, "j.n.Y"), "last": date_format(LAST_DAY, "j.n.Y")},
        )


class IdsField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField asks the database about an id too large for an
    integer column, which SQLite answers with OverflowError: such an id is refused first."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for pk in value:
                try:
                    parse_id(str(pk))
                except ValueError:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    ) from None
        return super()._check_values(value)  # type: ignore[misc]


def limit_input(form: forms.BaseForm) -> None:
    """The limits every form shares (polku/core/limits.py): text has a maximum length (a long
    document's by default, a field may set a smaller one) and no null characters, which
    PostgreSQL cannot store; a date lies within Polku's calendar; a number fits its column."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            limit_length(field, field.max_length or DOCUMENT_TEXT)
        elif isinstance(field, (forms.DateField, forms.DateTimeField)):
            if within_calendar not in field.validators:
                field.validators.append(within_calendar)
        elif isinstance(field, forms.IntegerField) and field.max_value is None:
            field.max_value = MAX_INTEGER
            field.validators.append(MaxValueValidator(MAX_INTEGER))
            if field.min_value is None:
                field.min_value = -MAX_INTEGER
                field.validators.append(MinValueValidator(-MAX_INTEGER))
        elif type(field) is forms.ModelMultipleChoiceField:
            field.__class__ = IdsField


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
    note = forms.CharField(label=_("Note"), required=False, max_length=NAME)

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
