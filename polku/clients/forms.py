from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from polku.clients.identity_code import parse_identity_code
from polku.clients.models import Client, Language
from polku.core.forms import DesignSystemForm, style
from polku.core.models import Municipality, Team, Worker


class SearchForm(DesignSystemForm):
    q = forms.CharField(
        label=_("Identity code or name"),
        required=False,
        max_length=200,
        help_text=_("An identity code finds exactly one client; a name finds by its beginning."),
    )


class ClientForm(forms.ModelForm[Client]):
    class Meta:
        model = Client
        fields = [
            "identity_code",
            "birth_date",
            "first_names",
            "last_name",
            "phone",
            "email",
            "street_address",
            "postal_code",
            "post_office",
            "municipality",
            "language",
            "other_language",
            "needs_interpreter",
            "address_ban",
            "team",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "identity_code": _("Leave empty for a client without a Finnish identity code."),
            "birth_date": _("Needed only when there is no identity code."),
            "address_ban": _("The address is then hidden everywhere in Polku."),
        }

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.organisation_id = worker.organisation_id
        cast(ModelChoiceField, self.fields["municipality"]).queryset = Municipality.objects.filter(
            organisation_id=org
        )
        cast(ModelChoiceField, self.fields["team"]).queryset = Team.objects.filter(organisation_id=org)
        self.fields["birth_date"].required = False
        self.fields["identity_code"].widget.attrs.update(autocomplete="off", spellcheck="false")
        if not self.instance.pk:
            self.fields["team"].initial = worker.teams.order_by("name").first()
        if self.instance.address_ban:
            # Under an address ban the address is not shown, not even for editing.
            for name in ("street_address", "postal_code", "post_office"):
                del self.fields[name]
        style(self)

    def clean_identity_code(self) -> str:
        raw = self.cleaned_data["identity_code"]
        if not raw.strip():
            return ""
        code = parse_identity_code(raw).code
        taken = Client.objects.filter(organisation_id=self.organisation_id, identity_code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("A client with this identity code is already registered."))
        return code

    def clean_birth_date(self) -> Any:
        born = self.cleaned_data.get("birth_date")
        if born and born > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("identity_code")
        if code:
            born = parse_identity_code(code).birth_date
            given = data.get("birth_date")
            if given and given != born:
                self.add_error(
                    "birth_date",
                    _("The date of birth does not match the identity code (%(date)s).")
                    % {"date": born.strftime("%d.%m.%Y")},
                )
            data["birth_date"] = born
        elif not self.errors.get("identity_code") and not data.get("birth_date"):
            self.add_error(
                "birth_date",
                _("Give the identity code or, for a client without one, the date of birth."),
            )
        if data.get("language") == Language.OTHER and not data.get("other_language"):
            self.add_error("other_language", _("Say which language the client speaks."))
        return data


class ClientCreateForm(ClientForm):
    confirm_new = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different person."),
        required=False,
    )


class ClientEditForm(ClientForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The team changes only by a transfer that the receiving team's lead accepts.
        del self.fields["team"]


class TransferForm(DesignSystemForm):
    to_team = forms.ModelChoiceField(label=_("To the team"), queryset=Team.objects.none())
    reason = forms.CharField(
        label=_("Why the client moves to this team"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The receiving team's lead reads this and accepts or declines."),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(organisation_id=client.organisation_id).exclude(pk=client.team_id)
        cast(ModelChoiceField, self.fields["to_team"]).queryset = teams
        style(self)


class TransferAnswerForm(DesignSystemForm):
    accept = forms.TypedChoiceField(
        label=_("Your decision"),
        choices=[("yes", _("Accept: the client moves to my team")), ("no", _("Decline"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
