from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from polku.codes.loader import SERVICES
from polku.codes.models import Code
from polku.core.forms import DesignSystemForm
from polku.core.models import CLIENT_WORK_ROLES, Role, Worker
from polku.network.models import (
    ConsentGiver,
    EndDecidedBy,
    HowGiven,
    Information,
    MeetingPlace,
    MemberKind,
    NetworkMember,
    PartnerKind,
    PartnerOrganisation,
)
from polku.plans.models import Goal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(DesignSystemForm):
    decision = forms.TypedChoiceField(
        label=_("The client's decision"),
        choices=[("consent", _("consents to sharing")), ("refusal", _("refuses sharing"))],
        coerce=lambda value: value == "refusal",
        widget=forms.RadioSelect,
        initial="consent",
    )
    given_by = forms.ChoiceField(
        label=_("Given by"), choices=ConsentGiver.choices, initial=ConsentGiver.CLIENT
    )
    given_by_name = forms.CharField(
        label=_("Name of the guardian or representative"), required=False, max_length=200
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=PartnerOrganisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Or every organisation of these kinds"),
        choices=PartnerKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    information = forms.MultipleChoiceField(
        label=_("Information shared"), choices=Information.choices, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=DATE, required=False, help_text=_("Leave empty until revoked.")
    )
    how_given = forms.ChoiceField(
        label=_("How it was given"), choices=HowGiven.choices, widget=forms.RadioSelect
    )
    witness = forms.CharField(label=_("Witness"), required=False, max_length=200)
    form_file = forms.FileField(
        label=_("The signed form"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        partners = PartnerOrganisation.objects.filter(organisation_id=worker.organisation_id, active=True)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = set(data["information"])
        return {
            "refused": data["decision"],
            "given_by": data["given_by"],
            "given_by_name": data["given_by_name"],
            **{item.value: item.value in chosen for item in Information},
            "purpose": data["purpose"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "how_given": data["how_given"],
            "witness": data["witness"],
        }


class RevocationForm(DesignSystemForm):
    revoked_through = forms.CharField(
        label=_("Revoked through"),
        max_length=200,
        help_text=_("Who the client told: e.g. the client to me, or the employment services."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ServiceForm(DesignSystemForm):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Code.objects.none())
    provider = forms.ModelChoiceField(
        label=_("Provider in the network"), queryset=PartnerOrganisation.objects.none(), required=False
    )
    provider_name = forms.CharField(
        label=_("Other provider"), required=False, max_length=200, help_text=_("If it is not in the list.")
    )
    contact_person = forms.CharField(label=_("Named worker"), required=False, max_length=200)
    contact_how = forms.CharField(label=_("How to reach them"), required=False, max_length=200)
    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    purpose = forms.CharField(label=_("What for"), max_length=300)
    in_use = forms.TypedChoiceField(
        label=_("Does the client use it?"),
        choices=[("", _("not checked yet")), ("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    checked_on = forms.DateField(label=_("Checked with the client on"), required=False, widget=DATE)

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = Code.objects.filter(code_set__oid=SERVICES, active=True)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        partners = PartnerOrganisation.objects.filter(organisation_id=worker.organisation_id, active=True)
        self.fields["provider"].queryset = partners  # type: ignore[attr-defined]


class ServiceCheckForm(DesignSystemForm):
    in_use = forms.TypedChoiceField(
        label=_("Does the client use it?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(label=_("Checked with the client on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("checked_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ServiceEndForm(DesignSystemForm):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    decided_by = forms.ChoiceField(
        label=_("Who decided"), choices=EndDecidedBy.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why it ends"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ended_on", timezone.localdate())
        super().__init__(*args, **kwargs)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(DesignSystemForm):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.ChoiceField(
        label=_("Place"), choices=MeetingPlace.choices, widget=forms.RadioSelect, initial=MeetingPlace.HOME
    )
    place_details = forms.CharField(
        label=_("Address or link"),
        required=False,
        max_length=300,
        help_text=_("Goes into the calendar files: write no more than the participants need."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Workers and partners"), queryset=Worker.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    supporters = forms.CharField(
        label=_("The client's supporters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Relatives or volunteers, one per line."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Worker.objects.filter(
            organisation_id=worker.organisation_id,
            is_active=True,
            role__in=[*CLIENT_WORK_ROLES, Role.PARTNER],
        ).select_related("partner__partner")
        field = self.fields["participants"]
        field.queryset = people.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        field.label_from_instance = participant_label  # type: ignore[attr-defined]


def participant_label(worker: Worker) -> str:
    partner = getattr(worker, "partner", None)
    where = partner.partner.name if partner else worker.title or worker.get_role_display()
    return f"{worker.get_full_name()} ({where})"


class MeetingRecordForm(DesignSystemForm):
    client_came = forms.TypedChoiceField(
        label=_("Did the client come?"),
        choices=[("yes", _("yes")), ("no", _("no, the client did not come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    discussed = forms.CharField(
        label=_("What was discussed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )
    agreed = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=8000
    )
    next_steps = forms.CharField(
        label=_("Who does what next"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("One per line: who – what – by when."),
    )


class MemberForm(DesignSystemForm):
    kind = forms.ChoiceField(
        label=_("Who is the member?"),
        choices=[
            ("signs_in", _("a worker or partner professional who signs in to Polku")),
            (MemberKind.PROFESSIONAL, MemberKind.PROFESSIONAL.label),
            (MemberKind.SUPPORTER, MemberKind.SUPPORTER.label),
        ],
        widget=forms.RadioSelect,
        initial="signs_in",
    )
    worker = forms.ModelChoiceField(
        label=_("Person who signs in"),
        queryset=Worker.objects.none(),
        required=False,
        help_text=_(
            "A partner professional can be chosen when the client's consent covers their organisation."
        ),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    partner = forms.ModelChoiceField(
        label=_("Organisation"), queryset=PartnerOrganisation.objects.none(), required=False
    )
    task = forms.CharField(
        label=_("Role in the network"),
        required=False,
        max_length=200,
        help_text=_("E.g. work-ability coordinator, job coach, mother, volunteer."),
    )
    contact = forms.CharField(label=_("How to reach them"), required=False, max_length=200)

    def __init__(self, *args: Any, worker: Worker, present: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            Worker.objects.filter(
                organisation_id=worker.organisation_id,
                is_active=True,
                role__in=[*CLIENT_WORK_ROLES, Role.PARTNER],
            )
            .exclude(pk__in=present)
            .select_related("partner__partner")
        )
        field = self.fields["worker"]
        field.queryset = people.order_by("last_name", "first_name")  # type: ignore[attr-defined]
        field.label_from_instance = participant_label  # type: ignore[attr-defined]
        partners = PartnerOrganisation.objects.filter(organisation_id=worker.organisation_id, active=True)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data["kind"] == "signs_in":
            chosen = data.get("worker")
            data["kind"] = MemberKind.PARTNER if chosen and chosen.role == Role.PARTNER else MemberKind.WORKER
        return data


class CoordinatorForm(DesignSystemForm):
    member = forms.ModelChoiceField(label=_("Client coordinator"), queryset=NetworkMember.objects.none())

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members.exclude(kind=MemberKind.SUPPORTER)  # type: ignore[attr-defined]


class CoordinationOfferForm(DesignSystemForm):
    to_member = forms.ModelChoiceField(label=_("New coordinator"), queryset=NetworkMember.objects.none())
    note = forms.CharField(
        label=_("What the new coordinator needs to know"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_member"]
        field.queryset = members.exclude(kind=MemberKind.SUPPORTER).exclude(  # type: ignore[attr-defined]
            is_coordinator=True
        )


class CoordinationAnswerForm(DesignSystemForm):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I take the task")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why you decline"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CoordinationConfirmForm(DesignSystemForm):
    """For a receiver who does not sign in: a worker records their answer."""

    decision = forms.ChoiceField(
        label=_("The receiver's answer"),
        choices=[("accept", _("took the task")), ("decline", pgettext_lazy("coordination", "declined"))],
        widget=forms.RadioSelect,
    )
    confirmed_how = forms.CharField(
        label=_("How they confirmed"),
        required=False,
        max_length=300,
        help_text=_("E.g. in the joint meeting on 3.12., or by phone."),
    )
    reason = forms.CharField(
        label=_("Why they declined"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class AgreementForm(DesignSystemForm):
    schedule = forms.CharField(
        label=_("Schedule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("How often and where the network meets."),
    )
    returns_on = forms.DateField(label=_("The network returns to the matter on"), required=False, widget=DATE)


class AgreementTaskForm(DesignSystemForm):
    member = forms.ModelChoiceField(
        label=_("Who"),
        queryset=NetworkMember.objects.none(),
        required=False,
        empty_label=_("the client"),
    )
    what = forms.CharField(
        label=_("Is responsible for"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    schedule = forms.CharField(
        label=_("When"), required=False, max_length=200, help_text=_("E.g. by 15.1. or every two weeks.")
    )
    goal = forms.ModelChoiceField(label=_("Goal of the plan"), queryset=Goal.objects.none(), required=False)

    def __init__(self, *args: Any, members: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        field = self.fields["goal"]
        field.queryset = goals  # type: ignore[attr-defined]
        field.label_from_instance = lambda goal: goal.client_words  # type: ignore[attr-defined]


class PartnerProfessionalForm(DesignSystemForm):
    partner = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=PartnerOrganisation.objects.none()
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    title = forms.CharField(label=_("Job title"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The professional's own work address: the link to set a password is sent there."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)

    def __init__(self, *args: Any, worker: Worker, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = PartnerOrganisation.objects.filter(organisation_id=worker.organisation_id, active=True)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        names = ("first_name", "last_name", "title", "email", "phone")
        return {name: self.cleaned_data[name] for name in names}


class EndAccessForm(DesignSystemForm):
    reason = forms.CharField(
        label=_("Why does the access end?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: moved to another organisation, or no longer works with our clients."),
    )


class MeetingPartForm(DesignSystemForm):
    text = forms.CharField(
        label=_("Your organisation's part"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text=_("What your organisation brings, and what it agreed to do."),
    )


class OwnServiceEndForm(DesignSystemForm):
    """The provider ends its own service: the decision is the provider's."""

    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    reason = forms.CharField(
        label=_("Why it ends"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ended_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class StepLineForm(DesignSystemForm):
    """One line of the meeting's next steps: whether it becomes a step, under which goal, and
    the step as the worker corrects it."""

    take = forms.BooleanField(label=_("Take into the plan"), required=False)
    goal = forms.TypedChoiceField(label=_("Under the goal"), coerce=int, required=False, empty_value=None)
    who = forms.CharField(label=_("Who"), required=False, max_length=200)
    what = forms.CharField(label=_("What"), required=False, max_length=300)
    due_text = forms.CharField(
        label=_("By when"), required=False, max_length=100, help_text=_("For example 15.1.2027.")
    )

    def __init__(self, *args: Any, goals: list[tuple[str, list[tuple[int, str]]]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [("", _("choose a goal"))]
        choices += goals if len(goals) > 1 else goals[0][1] if goals else []
        self.fields["goal"].choices = choices  # type: ignore[attr-defined]
