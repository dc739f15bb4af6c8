from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DesignSystemForm(forms.Form):
    """Gives every widget the design system's classes; Django adds aria-describedby and
    aria-invalid itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
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
