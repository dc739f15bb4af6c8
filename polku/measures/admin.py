"""Instruments are configuration: an administrator sees them and adds a new version (a
licensed wording, a corrected label) by pasting its definition. A version that has answers
is never changed: the answers are read against it. Answers themselves are client data and
are never shown here."""

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from polku.measures.definition import validate_definition
from polku.measures.models import Instrument


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["definition", "active"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 30, "cols": 100})}

    def clean_definition(self) -> Any:
        data = self.cleaned_data["definition"]
        validate_definition(data)
        if self.instance.pk is None:
            if Instrument.objects.filter(key=data["key"], version=data["version"]).exists():
                raise ValidationError(
                    _(
                        "Version %(version)s of %(key)s exists already. "
                        "A changed instrument needs a new version number."
                    )
                    % {"key": data["key"], "version": data["version"]}
                )
        elif (data["key"], data["version"]) != (self.instance.key, self.instance.version):
            raise ValidationError(_("The key and the version cannot be changed; add a new version instead."))
        return data

    def save(self, commit: bool = True) -> Instrument:
        data = self.cleaned_data["definition"]
        self.instance.key, self.instance.version = data["key"], data["version"]
        return super().save(commit)


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    form = InstrumentForm
    list_display = ["__str__", "key", "version", "active", "answer_count"]
    list_filter = ["key", "active"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Instrument]:
        return super().get_queryset(request).annotate(answer_total=Count("answers"))

    @admin.display(description=_("answers"))
    def answer_count(self, obj: Any) -> int:
        return int(obj.answer_total)

    def has_answers(self, obj: Instrument | None) -> bool:
        return obj is not None and obj.answers.exists()

    # A saved version is never edited (a changed instrument is a new version): its definition
    # is shown read-only; only whether it is in use can change.
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["shown_definition"] if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["shown_definition", "active"] if obj is not None else ["definition", "active"]

    @admin.display(description=_("definition"))
    def shown_definition(self, obj: Instrument) -> str:
        return json.dumps(obj.definition, ensure_ascii=False, indent=2)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_staff)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff)

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff) and obj is not None and not self.has_answers(obj)
