from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DesignSystemForm


class BreakGlassForm(DesignSystemForm):
    identity_code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why do you need to see this client's data now?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A team lead reviews every break-glass access and reads this reason."),
        max_length=2000,
    )


class ReviewForm(DesignSystemForm):
    note = forms.CharField(
        label=_("Review note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
