"""Configuration for an organisation's administrators: each sees only their own organisation."""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.core import credentials, selectors, services
from polku.core.forms import show_refusal
from polku.core.models import (
    Absence,
    DayOff,
    Municipality,
    Organisation,
    Role,
    Team,
    Worker,
    WorkerChange,
    WorkerEvent,
)

# An authenticator is confirmed only with an enrolment code (polku.core.credentials), never
# by adding a device with a known key in the configuration.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


def _user(request: HttpRequest) -> Worker:
    # The admin site lets only signed-in administrators in (PolkuAdminSite.has_permission).
    return cast(Worker, request.user)


def _is_admin(request: HttpRequest) -> bool:
    return bool(_user(request).is_superuser or _user(request).role == Role.ADMINISTRATOR)


class OrganisationScoped(admin.ModelAdmin):
    """Rows of the administrator's own organisation; new rows are put there."""

    organisation_path = "organisation"
    # A list of checkboxes instead of Django's two-box picker, whose JavaScript labels fail
    # axe-core and are untranslated in Finnish; an organisation has few teams and towns.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if _user(request).is_superuser:
            return rows
        return rows.filter(**{self.organisation_path: _user(request).organisation_id})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        _limit(field, request)
        return field

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> Any:
        """Django's editable list cells have no labels (WCAG 1.3.1): each is named by its
        column and row, e.g. "Järjestys – Poliisi"."""
        form = super().get_changelist_form(request, **kwargs)

        class Labelled(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label} – {self.instance}"

        return Labelled

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        _limit(field, request)
        return field

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        """The confirmation page names only what is being deleted and counts the rest: the
        related rows include client data, which administrators never see."""
        _deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        refusal = [_("Rows of client work refer to it; it cannot be deleted.")] if protected else []
        return [str(obj) for obj in objs], counts, perms_needed, refusal

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if hasattr(obj, "organisation_id") and not _user(request).is_superuser:
            obj.organisation_id = _user(request).organisation_id
        super().save_model(request, obj, form, change)


class ReadOnly(OrganisationScoped):
    """History that administrators may read and nobody edits."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _limit(field: Any, request: HttpRequest) -> None:
    queryset = getattr(field, "queryset", None)
    if field is None or queryset is None or _user(request).is_superuser:
        return
    model = queryset.model
    if model is Organisation:
        field.queryset = queryset.filter(pk=_user(request).organisation_id)
    elif hasattr(model, "organisation") or model is Worker:
        field.queryset = queryset.filter(organisation_id=_user(request).organisation_id)


@admin.register(Municipality)
class MunicipalityAdmin(OrganisationScoped):
    list_display = ["code", "name_fi", "name_sv"]
    exclude = ["organisation"]


@admin.register(Team)
class TeamAdmin(OrganisationScoped):
    list_display = ["name", "office"]
    exclude = ["organisation"]


@admin.register(Absence)
class AbsenceAdmin(OrganisationScoped):
    organisation_path = "worker__organisation"
    list_display = ["worker", "starts_on", "ends_on", "note"]


def _roles_for_administrators(keep: str = "") -> list[tuple[str, Any]]:
    """The roles an administrator may ask for: never "partner professional", which would
    open client data under consents; `keep` is a partner's own role, so that their access
    can still be ended."""
    return [(value, label) for value, label in Role.choices if value != Role.PARTNER or value == keep]


class WorkerAddForm(forms.ModelForm):
    """A new worker: no password field, because the worker sets their own through a link."""

    class Meta:
        model = Worker
        fields = ["username", "first_name", "last_name", "email", "phone", "title", "role", "teams"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The link to set a password is sent to this address.")
        self.fields["role"].help_text = _(
            "A client-work role and the teams take effect when a team lead of the team confirms them."
        )
        # Partner professionals are added by team leads in Polku (polku.network).
        role = cast(forms.ChoiceField, self.fields["role"])
        role.choices = [("", "---------"), *_roles_for_administrators()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "role" in data and "teams" in data:
            try:
                services.check_role_and_teams(role=data["role"], teams=list(data["teams"]))
            except ValidationError as error:
                self.add_error(None, error)
        return data


class WorkerAccessForm(forms.Form):
    """What the administrator asks for; the service decides what waits for a team lead."""

    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    teams = forms.ModelMultipleChoiceField(
        label=_("teams"), queryset=Team.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    email = forms.EmailField(label=_("email address"), required=False)
    is_active = forms.BooleanField(label=_("can sign in"), required=False)

    def __init__(self, *args: Any, teams: QuerySet[Team], role: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["teams"]).queryset = teams
        cast(forms.ChoiceField, self.fields["role"]).choices = _roles_for_administrators(keep=role)


def _wanted(worker: Worker) -> dict[str, Any]:
    """The worker as they are, with a pending change on top: saving the form unchanged
    keeps the request as it is."""
    teams = set(worker.teams.all())
    wanted = {"role": worker.role, "email": worker.email, "is_active": worker.is_active}
    pending = selectors.pending_change_of(worker)
    if pending is not None:
        wanted["role"] = pending.role
        wanted["email"] = pending.email or worker.email
        wanted["is_active"] = worker.is_active or pending.activate
        teams |= set(pending.add_teams.all())
    wanted["teams"] = list(teams)
    return wanted


@admin.register(Worker)
class WorkerAdmin(OrganisationScoped):
    """Administrators keep workers' names and details. Role, teams, email address and access
    are asked for on a page of their own: what gives client work waits for a team lead's
    confirmation. Passwords are never set or seen here: the worker gets a link."""

    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "teams"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    change_form_template = "admin/core/worker/change_form.html"
    add_form = WorkerAddForm
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email", "phone", "title")}),
        (_("Work"), {"fields": ("role", "teams")}),
    )
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Person"), {"fields": ("first_name", "last_name", "phone", "title")}),
        (
            _("Access"),
            {
                "fields": (
                    "role_shown",
                    "teams_shown",
                    "email",
                    "is_active",
                    "pending_shown",
                    "second_factor",
                ),
                "description": _(
                    "Change these with “Change role, teams or access”. A client-work role, a new "
                    "team, a client worker's new email address and access again take effect "
                    "only when a team lead of the team confirms them; leaving a team and losing "
                    "access take effect at once."
                ),
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = [
        "role_shown",
        "teams_shown",
        "email",
        "is_active",
        "pending_shown",
        "second_factor",
        "last_login",
        "date_joined",
    ]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        return not lookup.startswith("password") and super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("role"))
    def role_shown(self, obj: Worker) -> str:
        return obj.role_label

    @admin.display(description=_("teams"))
    def teams_shown(self, obj: Worker) -> str:
        return ", ".join(team.name for team in obj.teams.all()) or "–"

    @admin.display(description=_("waiting for a team lead"))
    def pending_shown(self, obj: Worker) -> str:
        pending = selectors.pending_change_of(obj)
        if pending is None:
            return "–"
        teams = ", ".join(team.name for team in pending.add_teams.all())
        parts = [str(pending.get_role_display())]
        if teams:
            parts.append(str(_("to the team %(teams)s") % {"teams": teams}))
        if pending.email:
            parts.append(pending.email)
        if pending.activate:
            parts.append(str(_("access again")))
        return str(_("%(change)s, asked by %(name)s on %(date)s")) % {
            "change": ", ".join(parts),
            "name": pending.requested_by_name,
            "date": timezone.localtime(pending.requested_at).strftime("%d.%m.%Y"),
        }

    @admin.display(description=_("authenticator app"))
    def second_factor(self, obj: Worker) -> str:
        confirmed = TOTPDevice.objects.filter(user=obj, confirmed=True).exists()
        return str(_("set up") if confirmed else _("not set up"))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        worker = self.get_object(request, object_id)
        may_give_code = worker is not None and self._may_give_code(request, worker)
        is_partner = worker is not None and worker.role == Role.PARTNER
        extra_context = {**(extra_context or {}), "may_give_code": may_give_code, "is_partner": is_partner}
        return super().change_view(request, object_id, form_url, extra_context)

    def _may_give_code(self, request: HttpRequest, worker: Worker) -> bool:
        worker_teams = set(worker.teams.values_list("pk", flat=True))
        return not worker.does_client_work and selectors.may_issue_code(
            _user(request), worker, selectors.leads_by_team(worker.organisation_id), worker_teams
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # Only names and contact details are in the form; role, teams, email and access
            # are read-only here, and is_staff / is_superuser are never offered.
            super().save_model(request, obj, form, change)
            return
        services.worker_add(
            actor=_user(request), worker=obj, role=form.cleaned_data["role"], teams=form.cleaned_data["teams"]
        )
        self._send_link(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Teams are never saved from the form: worker_add asks for them (confirmation).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def _send_link(self, request: HttpRequest, worker: Worker) -> None:
        try:
            credentials.password_link_send(
                actor=_user(request), worker=worker, domain=request.get_host(), use_https=request.is_secure()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("A link to set a password has been sent to %(email)s. The link is valid once.")
                % {"email": worker.email},
            )

    def get_urls(self) -> list[Any]:
        def wrap(view: Any) -> Any:
            return self.admin_site.admin_view(view)

        return [
            path("<int:worker_id>/access/", wrap(self.access_view), name="core_worker_access"),
            path(
                "<int:worker_id>/password-link/",
                wrap(self.password_link_view),
                name="core_worker_password_link",
            ),
            path(
                "<int:worker_id>/enrolment-code/",
                wrap(self.enrolment_code_view),
                name="core_worker_enrolment_code",
            ),
            *super().get_urls(),
        ]

    def _worker(self, request: HttpRequest, worker_id: int) -> Worker:
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=worker_id)

    def _context(self, request: HttpRequest, worker: Worker, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": worker,
            "title": str(worker),
            **extra,
        }

    def access_view(self, request: HttpRequest, worker_id: int) -> HttpResponse:
        worker = self._worker(request, worker_id)
        teams = Team.objects.filter(organisation_id=worker.organisation_id)
        form = WorkerAccessForm(request.POST or None, teams=teams, role=worker.role, initial=_wanted(worker))
        if request.method == "POST" and form.is_valid():
            try:
                pending = services.worker_change_request(
                    actor=_user(request), worker=worker, **form.cleaned_data
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                if pending is not None:
                    messages.warning(
                        request,
                        _(
                            "The change waits for a team lead's confirmation. Leaving a team and "
                            "losing access took effect at once."
                        ),
                    )
                else:
                    messages.success(request, _("The change has taken effect."))
                return redirect("admin:core_worker_change", worker.pk)
        context = self._context(request, worker, form=form)
        return TemplateResponse(
            request, "admin/core/worker/access.html", context, status=400 if form.errors else 200
        )

    def password_link_view(self, request: HttpRequest, worker_id: int) -> HttpResponse:
        worker = self._worker(request, worker_id)
        if request.method == "POST":
            self._send_link(request, worker)
            return redirect("admin:core_worker_change", worker.pk)
        return TemplateResponse(
            request, "admin/core/worker/password_link.html", self._context(request, worker)
        )

    def enrolment_code_view(self, request: HttpRequest, worker_id: int) -> HttpResponse:
        """Administrators give enrolment codes to other administrators; client workers get
        theirs from a team lead."""
        worker = self._worker(request, worker_id)
        if not self._may_give_code(request, worker):
            raise PermissionDenied
        actor = _user(request)
        code = (
            credentials.enrolment_code_issue(actor=actor, worker=worker) if request.method == "POST" else None
        )
        context = self._context(request, worker, code=code, hours=credentials.code_hours())
        response = TemplateResponse(request, "admin/core/worker/enrolment_code.html", context)
        add_never_cache_headers(response)
        return response


@admin.register(WorkerChange)
class WorkerChangeAdmin(ReadOnly):
    list_display = [
        "worker",
        "old_role",
        "role",
        "status",
        "requested_by_name",
        "requested_at",
        "decided_by_name",
    ]
    list_filter = ["status"]


@admin.register(WorkerEvent)
class WorkerEventAdmin(ReadOnly):
    list_display = ["at", "worker_name", "action", "actor_name", "changes", "reason"]
    list_filter = ["action"]
    search_fields = ["worker_name", "actor_name"]


class DayOffInline(admin.TabularInline):
    model = DayOff
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Superusers add organisations; an organisation's administrators set its working-day
    calendar (the SHL deadlines count working days)."""

    list_display = ["name", "code"]
    inlines = [DayOffInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if _user(request).is_superuser:
            return ["name", "code", "working_weekdays", "public_holidays_off"]
        return ["working_weekdays", "public_holidays_off"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        rows = super().get_queryset(request)
        return rows if _user(request).is_superuser else rows.filter(pk=_user(request).organisation_id)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(_user(request).is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(_user(request).is_superuser)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            from polku.intake.defaults import seed_intake_defaults

            seed_intake_defaults(obj)
