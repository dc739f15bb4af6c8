from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DesignSystemForm
from polku.measures.models import AnsweredBy, Instrument
from polku.plans.models import PlanVersion

ITEM_PREFIX = "item_"
# What a worker records; the client's own answers come only from the client's own pages.
WORKER_RECORDS = [(c.value, c.label) for c in (AnsweredBy.TOGETHER, AnsweredBy.WORKER)]


class AnswerForm(DesignSystemForm):
    """One answer to an instrument: each item a radio group on the instrument's scale. An
    item left empty was not answered (the client may skip one); at least one is needed."""

    answered_on = forms.DateField(
        label=_("Date answered"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    answered_by = forms.ChoiceField(label=_("Who answered"), choices=WORKER_RECORDS, widget=forms.RadioSelect)
    plan_version = forms.TypedChoiceField(
        label=_("Plan evaluation"), required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, instrument: Instrument, evaluations: list[PlanVersion], **kwargs: Any
    ) -> None:
        self.instrument = instrument
        self.evaluations = {v.pk: v for v in evaluations}
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = timezone.localdate()
        self.fields["answered_by"].initial = AnsweredBy.TOGETHER
        choices = [("", _("Not tied to an evaluation"))] + [
            (
                v.pk,
                _("Evaluation %(date)s (version %(number)s)")
                % {"date": date_format(v.made_on, "j.n.Y"), "number": v.number},
            )
            for v in evaluations
        ]
        self.fields["plan_version"].choices = choices  # type: ignore[attr-defined]
        if not evaluations:
            del self.fields["plan_version"]
        definition = instrument.read
        scale = [(str(n), str(n)) for n in range(definition.minimum, definition.maximum + 1)]
        for item in definition.items:
            self.fields[ITEM_PREFIX + item.key] = forms.TypedChoiceField(
                label=item.label,
                choices=scale,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                empty_value=None,
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(ITEM_PREFIX)]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(ITEM_PREFIX)]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "answered_on": data["answered_on"],
            "answered_by": data["answered_by"],
            "plan_version": self.evaluations.get(data.get("plan_version") or 0),
            "values": {
                name[len(ITEM_PREFIX) :]: value
                for name, value in data.items()
                if name.startswith(ITEM_PREFIX) and value is not None
            },
        }
