from typing import Any

from django import forms


class DesignSystemForm(forms.Form):
    """Gives every widget the design system's classes; Django adds aria-describedby and
    aria-invalid itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "hds-checkbox__input")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "hds-text-input__input")
