from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DesignSystemForm


class InstructionForm(DesignSystemForm):
    text_fi = forms.CharField(label=_("Instructions in Finnish"), widget=forms.Textarea(attrs={"rows": 10}))
    text_sv = forms.CharField(
        label=_("Instructions in Swedish"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
