from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DesignSystemForm


class KeyForm(DesignSystemForm):
    name = forms.CharField(
        label=_("What is the key for?"),
        max_length=100,
        help_text=_("For example the name of the program or report that uses it."),
    )


class RevokeForm(DesignSystemForm):
    key = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
