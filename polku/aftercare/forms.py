from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from polku.aftercare.models import Delivery, MeetingMode
from polku.aftercare.services import MISSING
from polku.core.forms import DesignSystemForm, style
from polku.core.limits import NAME
from polku.plans.models import PlannedService, PlanVersion


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _text(label: Any, required: bool = False, help_text: Any = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PreparationForm(DesignSystemForm):
    held_on = _date(_("Date of the meeting"))
    mode = forms.ChoiceField(
        label=_("How the young person wants to meet"),
        choices=MeetingMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": MISSING["mode"]},
    )
    place = forms.CharField(
        label=_("Place the young person chose"),
        max_length=NAME,
        help_text=_("For example the office, a café, the young person's home, or the remote link."),
        error_messages={"required": MISSING["place"]},
    )
    invited = _text(
        _("Who is invited"),
        required=True,
        help_text=_("The network, support persons and others the young person wants there, one per line."),
    )
    peer_invited = forms.BooleanField(
        label=_("A peer or a trained experience expert is invited"), required=False
    )
    rights_info_on = _date(_("Written information on aftercare rights given on"), required=False)
    rights_info_how = forms.CharField(
        label=_("How the written information was given"),
        required=False,
        max_length=NAME,
        help_text=_("For example on paper at the meeting, by post or electronically."),
    )
    wishes = _text(
        _("The young person's wishes"),
        required=True,
        help_text=_("In the young person's own words where possible: what they hope for from aftercare."),
        rows=5,
    )
    notes = _text(_("Other notes"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.fields["invited"].error_messages["required"] = MISSING["invited"]
        self.fields["wishes"].error_messages["required"] = MISSING["wishes"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {"held_on": data.pop("held_on"), "data": data}


class PlanMeetingForm(DesignSystemForm):
    """The plan meeting names the agreed version of the aftercare plan; its date is the plan
    meeting's date written in the plan, unless the worker gives another."""

    held_on = _date(_("Date of the meeting"))
    plan_version = forms.TypedChoiceField(
        label=_("Aftercare plan agreed at the meeting"), required=False, coerce=int, empty_value=None
    )
    notes = _text(_("Notes from the meeting"))

    def __init__(self, *args: Any, versions: list[PlanVersion], **kwargs: Any) -> None:
        self.versions = {v.pk: v for v in versions}
        super().__init__(*args, **kwargs)
        self.fields["plan_version"].choices = [  # type: ignore[attr-defined]
            (
                v.pk,
                _("Version %(number)s, plan meeting %(date)s")
                % {"number": v.number, "date": date_format(v.made_on, "j.n.Y")},
            )
            for v in versions
        ]
        if versions:
            self.fields["plan_version"].initial = versions[0].pk
            self.fields["held_on"].initial = versions[0].made_on

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "plan_version": self.versions.get(data.get("plan_version") or 0),
            "notes": data["notes"],
        }


class FollowUpForm(DesignSystemForm):
    """For each service agreed in the plan: was it delivered, and what next."""

    held_on = _date(_("Date of the meeting"))
    notes = _text(_("Notes from the meeting"))

    def __init__(self, *args: Any, services: list[PlannedService], **kwargs: Any) -> None:
        self.services = services
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        for service in services:
            self.fields[f"delivery_{service.pk}"] = forms.ChoiceField(
                label=_("Was it delivered"),
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                error_messages={"required": MISSING["delivery"]},
            )
            self.fields[f"next_{service.pk}"] = _text(
                _("What next"), help_text=_("Needed when the service was not fully delivered.")
            )
        style(self)  # again, for the fields added above

    def rows(self) -> list[tuple[PlannedService, forms.BoundField, forms.BoundField]]:
        return [(s, self[f"delivery_{s.pk}"], self[f"next_{s.pk}"]) for s in self.services]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "notes": data["notes"],
            "deliveries": {
                s.pk: (data.get(f"delivery_{s.pk}") or "", data.get(f"next_{s.pk}") or "")
                for s in self.services
            },
        }
