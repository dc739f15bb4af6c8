from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from polku.clients.identity_code import parse_identity_code
from polku.core.forms import DesignSystemForm, limit_length, style
from polku.core.limits import NAME, NOTE
from polku.core.models import Municipality, Role, Worker
from polku.intake.models import (
    Channel,
    Complexity,
    ContactAttempt,
    DeadlineRule,
    GuidanceCategory,
    Intake,
    Motivation,
    NotifierType,
    Outcome,
    Resources,
    UrgencyCriterion,
)
from polku.intake.selectors import Pick


def _org_choices(field: forms.Field, model: Any, organisation_id: int) -> None:
    cast(ModelChoiceField, field).queryset = model.objects.filter(
        organisation_id=organisation_id, active=True
    )


class IntakeForm(forms.ModelForm[Intake]):
    """What arrived, how and from whom. The person is found by identity code or named with
    minimal data, completed later."""

    identity_code = forms.CharField(
        label=_("Personal identity code"),
        required=False,
        max_length=11,
        help_text=_("If known. A registered client is found by it; otherwise a new client is created."),
    )
    first_names = forms.CharField(label=_("First names"), required=False, max_length=NAME)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=NAME)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)

    class Meta:
        model = Intake
        fields = [
            "channel",
            "received_at",
            "received_how",
            "description",
            "notifier_type",
            "notifier_name",
            "notifier_organisation",
            "notifier_contact",
            "deadline_rule",
        ]
        widgets = {
            "channel": forms.RadioSelect,
            "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "deadline_rule": _(
                "The deadline for starting the service needs assessment is counted from this."
            ),
            "notifier_name": _("Kept hidden; showing it later is logged."),
        }

    same_as = forms.ChoiceField(label=_("Is this one of these registered clients?"), required=False)

    # A call taken live (guidance workers and team leads): the call as a contact, urgency
    # and forwarding on this screen, so that nobody opens the intake page to do them.
    reached = forms.BooleanField(
        label=_("I talked with the client on this call (recorded as a contact: reached)"), required=False
    )
    is_urgent = forms.TypedChoiceField(
        label=_("Is the matter urgent?"),
        choices=[(True, _("Urgent: the client needs help at once")), (False, _("Not urgent"))],
        coerce=lambda value: value in (True, "True"),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Urgency criteria that apply"),
        queryset=UrgencyCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reasons for the urgency assessment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE,
    )
    outcome = forms.ChoiceField(
        label=_("Where the intake goes now"),
        choices=[
            ("", _("Stays in the service guidance queue")),
            (Outcome.FORWARDED, _("Forward to distribution")),
            (Outcome.URGENT_DUTY, _("Urgent duty now")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    TRIAGE_FIELDS = ("reached", "is_urgent", "criteria", "reason", "outcome")

    def __init__(
        self,
        *args: Any,
        worker: Worker,
        client: Any = None,
        same_name: list[Any] | None = None,
        triage: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.triage = triage
        if triage:
            _org_choices(self.fields["criteria"], UrgencyCriterion, worker.organisation_id)
        else:
            for name in self.TRIAGE_FIELDS:
                del self.fields[name]
        self.client = client
        self.same_name = same_name or []
        same_as = cast(forms.ChoiceField, self.fields["same_as"])
        same_as.widget = forms.RadioSelect()
        same_as.choices = [
            (
                str(c.pk),
                f"{c.last_name}, {c.first_names} – {c.birth_date:%d.%m.%Y}" if c.birth_date else str(c),
            )
            for c in self.same_name
        ] + [("new", _("No, a different person: register a new client"))]
        org = worker.organisation_id
        cast(forms.ChoiceField, self.fields["channel"]).choices = Channel.choices
        _org_choices(self.fields["notifier_type"], NotifierType, org)
        _org_choices(self.fields["deadline_rule"], DeadlineRule, org)
        cast(ModelChoiceField, self.fields["municipality"]).queryset = Municipality.objects.filter(
            organisation_id=org
        )
        self.fields["deadline_rule"].initial = DeadlineRule.objects.filter(
            organisation_id=org, is_default=True
        ).first()
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if client is not None:
            for name in ("identity_code", "first_names", "last_name", "municipality", "phone"):
                del self.fields[name]
        style(self)

    def clean_identity_code(self) -> str:
        code = self.cleaned_data["identity_code"].strip().upper()
        if code:
            parse_identity_code(code)  # raises a Finnish message saying what is wrong
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.client is None and not data.get("identity_code"):
            for name in ("first_names", "last_name", "municipality"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("Give the person's name and municipality, or their identity code.")
                    )
        if self.same_name and not data.get("same_as"):
            self.add_error(
                "same_as", _("Someone with this name is already registered. Choose whether it is them.")
            )
        if data.get("channel") == "notification" and not data.get("notifier_type"):
            self.add_error("notifier_type", _("A notification needs the notifier's type."))
        if self.triage and data.get("outcome") and data.get("is_urgent") is None:
            self.add_error("is_urgent", _("Assess the urgency before you forward the intake."))
        return data


class PersonNamesForm(forms.Form):
    """The names typed in an intake, cleaned before registered clients are looked up by them."""

    first_names = forms.CharField(required=False, max_length=NAME)
    last_name = forms.CharField(required=False, max_length=NAME)


class ContactAttemptForm(forms.ModelForm[ContactAttempt]):
    class Meta:
        model = ContactAttempt
        fields = ["at", "method", "reached", "note"]
        widgets = {
            "at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "reached": forms.RadioSelect(choices=[(True, _("reached")), (False, _("not reached"))]),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["reached"] = forms.TypedChoiceField(
            label=_("Was the client reached?"),
            choices=[(True, _("reached")), (False, _("not reached"))],
            coerce=lambda value: value in (True, "True"),
            widget=forms.RadioSelect,
        )
        limit_length(cast(forms.CharField, self.fields["note"]), NOTE)
        style(self)

    def clean_at(self) -> Any:
        at = self.cleaned_data["at"]
        if at and at > timezone.now():
            raise ValidationError(_("The time cannot be in the future."))
        return at


class UrgencyForm(DesignSystemForm):
    is_urgent = forms.TypedChoiceField(
        label=_("Is the matter urgent?"),
        choices=[(True, _("Urgent: the client needs help at once")), (False, _("Not urgent"))],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Urgency criteria that apply"),
        queryset=UrgencyCriterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=NOTE)

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _org_choices(self.fields["criteria"], UrgencyCriterion, organisation_id)


class GuidanceForm(DesignSystemForm):
    guidance_given = forms.CharField(
        label=_("Guidance and advice given"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Kinds of guidance"),
        queryset=GuidanceCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.ChoiceField(
        label=_("The client's motivation to receive services"),
        choices=Motivation.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _org_choices(self.fields["categories"], GuidanceCategory, organisation_id)


class OutcomeForm(DesignSystemForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE
    )


class UrgentHandlingForm(DesignSystemForm):
    handling = forms.CharField(
        label=_("What was done in urgent duty"), widget=forms.Textarea(attrs={"rows": 4})
    )


class QuadrantForm(DesignSystemForm):
    complexity = forms.ChoiceField(choices=Complexity.choices, widget=forms.RadioSelect)
    resources = forms.ChoiceField(choices=Resources.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=NOTE
    )

    def __init__(self, *args: Any, quadrant: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["complexity"].label = quadrant.complexity_label
        self.fields["resources"].label = quadrant.resources_label


class GroupedSelect(forms.Select):
    """A select with option groups (the client's team, other teams), rendered like FastSelect
    without a template per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        "" if o["value"] is None else str(o["value"]),
                        " selected" if o["selected"] else "",
                        o["label"],
                    )
                    for o in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, rendered) if group else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((g,) for g in groups)),
        )


def pick_label(pick: Pick) -> str:
    """What the pair needs to choose: name, role, load and absence, in one line."""
    load = pick.load
    parts = [
        str(load.worker),
        str(load.worker.get_role_display()),
        ngettext("%(n)s client", "%(n)s clients", load.active) % {"n": load.active},
    ]
    if load.absent_today:
        parts.append(str(_("absent today")))
    elif load.absences:
        first = load.absences[0]
        parts.append(
            str(_("absent %(start)s–%(end)s"))
            % {"start": date_format(first.starts_on, "j.n."), "end": date_format(first.ends_on, "j.n.")}
        )
    return " – ".join(parts[:2]) + ", " + ", ".join(parts[2:])


class AssignForm(QuadrantForm):
    responsible = forms.ModelChoiceField(
        label=_("Responsible worker"),
        queryset=Worker.objects.none(),
        widget=GroupedSelect,
        help_text=_("The client's team first; each worker with role, clients and absences."),
    )
    pair = forms.ModelChoiceField(
        label=_("Pair worker (optional)"),
        queryset=Worker.objects.none(),
        required=False,
        widget=GroupedSelect,
    )
    other_team = forms.BooleanField(label=_("Give the client to a worker of another team"), required=False)
    other_team_reason = forms.CharField(
        label=_("Why a worker of another team takes the client"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NOTE,
    )

    def __init__(self, *args: Any, picks: list[Pick], team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = Worker.objects.filter(pk__in=[pick.load.worker.pk for pick in picks])
        own = [(pick.load.worker.pk, pick_label(pick)) for pick in picks if pick.in_team]
        others = [(pick.load.worker.pk, pick_label(pick)) for pick in picks if not pick.in_team]
        groups: list[Any] = [("", "–––")]
        if own:
            groups.append((str(team), own))
        if others:
            groups.append((str(_("Other teams")), others))
        for name in ("responsible", "pair"):
            field = cast(ModelChoiceField, self.fields[name])
            field.queryset = workers
            field.widget.choices = groups
            field.widget.attrs["class"] = "hds-text-input__input"


class RotaWeekForm(DesignSystemForm):
    social_worker = forms.ModelChoiceField(label=_("Social worker"), queryset=Worker.objects.none())
    social_counsellor = forms.ModelChoiceField(label=_("Social counsellor"), queryset=Worker.objects.none())

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, role in (
            ("social_worker", Role.SOCIAL_WORKER),
            ("social_counsellor", Role.SOCIAL_COUNSELLOR),
        ):
            cast(ModelChoiceField, self.fields[name]).queryset = team.workers.filter(
                role=role, is_active=True
            )


class RotaGenerateForm(DesignSystemForm):
    first = forms.DateField(label=_("From the week of"), widget=forms.DateInput(attrs={"type": "date"}))
    weeks = forms.IntegerField(label=_("Number of weeks"), min_value=1, max_value=26, initial=8)
