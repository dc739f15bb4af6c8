from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polku.core.forms import DesignSystemForm, style
from polku.measures.forms import ITEM_PREFIX, AnswerForm
from polku.participation.services import OWN_WORDS_LENGTH
from polku.plans.models import PlanVersion


class CodeForm(DesignSystemForm):
    code = forms.CharField(
        label=_("Sign-in code"),
        max_length=30,
        help_text=_("The code your worker gave you, for example ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )


class WordsForm(DesignSystemForm):
    """Before the plan meeting: what the client wants to talk about, and their view of each goal."""

    topics = forms.CharField(
        label=_("What do you want to talk about at the meeting?"),
        required=False,
        max_length=OWN_WORDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, version: PlanVersion, words: dict[int | None, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].initial = words.get(None, "")
        self.goals = list(version.goals.all())
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.CharField(
                label=_("How is this goal going, in your view: %(goal)s") % {"goal": goal.client_words},
                required=False,
                max_length=OWN_WORDS_LENGTH,
                initial=words.get(goal.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        style(self)  # the goals' fields were added after DesignSystemForm styled the form

    def goal_views(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(f"goal_{goal.pk}", "") for goal in self.goals}


class OwnAnswerForm(AnswerForm):
    """The client's own answer: today, by the client, not tied to an evaluation by them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, evaluations=[], **kwargs)
        for name in ("answered_on", "answered_by", "plan_version"):
            self.fields.pop(name, None)

    def values(self) -> dict[str, Any]:
        return {
            name[len(ITEM_PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(ITEM_PREFIX) and value is not None
        }


class FeedbackForm(DesignSystemForm):
    roses = forms.CharField(
        label=_("What has gone well? (roses)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    thorns = forms.CharField(
        label=_("What could be better? (thorns)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label=_("Anything else?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    anonymous = forms.BooleanField(
        label=_("Give the feedback anonymously"),
        required=False,
        help_text=_(
            "Then your name is not kept with the feedback, and nobody can see who gave it. "
            "The team lead reads feedback only when there is enough of it that no one can be recognised."
        ),
    )
