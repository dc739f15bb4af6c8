from base64 import b32encode
from io import BytesIO
from typing import Any, cast

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.access.rules import WorkerRequest, public, signed_in, team_lead_only
from polku.clients.forms import SearchForm
from polku.core import credentials, selectors, services
from polku.core.forms import AbsenceForm, DeclineForm, EnrolmentCodeForm, TokenForm, show_refusal, style
from polku.core.models import Absence, Role, Worker
from polku.intake.rota import duty_pair_now


@signed_in
def home(request: WorkerRequest) -> HttpResponse:
    if request.user.role == Role.PARTNER:
        return redirect("partner_clients")
    pairs = (
        [(team, duty_pair_now(team)) for team in request.user.teams.all()]
        if request.user.does_client_work
        else []
    )
    return render(request, "core/home.html", {"form": SearchForm(), "pairs": pairs})


class SignInView(auth_views.LoginView):
    def get_form(self, form_class: type[AuthenticationForm] | None = None) -> AuthenticationForm:
        form = super().get_form(form_class)
        style(form)
        return form


sign_in = public(SignInView.as_view(redirect_authenticated_user=True))
sign_out = public(auth_views.LogoutView.as_view())
choose_language = public(set_language)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


ENROLMENT = "polku_enrolment"  # session key: the accepted enrolment code and the new device


def _after_sign_in(request: HttpRequest) -> HttpResponse:
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return redirect(target if safe else "home")


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the worker's authenticator app. A worker without
    one sets it up with an enrolment code from their team lead first (an administrator from
    another administrator); the key is shown only after the code is accepted. Reachable
    before the second factor is done, so it is login_required only; it is classified as such
    in the route test."""
    worker = cast(Worker, request.user)
    device = TOTPDevice.objects.filter(user=worker, confirmed=True).first()
    if device is not None:
        return _verify(request, device)
    state = request.session.get(ENROLMENT) or {}
    new_device = TOTPDevice.objects.filter(user=worker, confirmed=False, pk=state.get("device_id")).first()
    if new_device is None:
        return _enrolment_code(request, worker)
    return _enrolment_token(request, worker, new_device, state["code_id"])


def _verify(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return _after_sign_in(request)
        form.add_error("token", _("The code is not right. Check the time on your phone and try again."))
    return render(request, "core/two_factor.html", {"form": form}, status=400 if form.errors else 200)


def _enrolment_code(request: HttpRequest, worker: Worker) -> HttpResponse:
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code, device = credentials.enrolment_start(worker=worker, code=form.cleaned_data["code"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            request.session[ENROLMENT] = {"code_id": code.pk, "device_id": device.pk}
            return redirect(request.get_full_path())
    return render(request, "core/two_factor_code.html", {"form": form}, status=400 if form.errors else 200)


def _enrolment_token(request: HttpRequest, worker: Worker, device: TOTPDevice, code_id: int) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credentials.enrolment_finish(
                worker=worker, code_id=code_id, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the enrolment code is no longer valid
                del request.session[ENROLMENT]
                messages.error(request, " ".join(error.messages))
                return redirect(request.get_full_path())
            show_refusal(form, error)
        else:
            del request.session[ENROLMENT]
            otp_login(request, device)
            return _after_sign_in(request)
    context = {
        "form": form,
        "setting_up": True,
        "qr_svg": _qr_svg(device.config_url),
        "secret": b32encode(device.bin_key).decode(),
    }
    response = render(request, "core/two_factor.html", context, status=400 if form.errors else 200)
    add_never_cache_headers(response)
    return response


two_factor.access_rule = "signed-in (before second factor)"  # type: ignore[attr-defined]


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The worker sets their password through the one-time link an administrator had sent
    to them (polku.core.credentials.password_link_send)."""

    template_name = "registration/password_set.html"
    success_url = reverse_lazy("password_set_done")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        style(form)
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        credentials.password_set(worker=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


password_set = public(PasswordSetView.as_view())
password_set_done = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_set_done.html")
)


@team_lead_only
def team_workers(request: WorkerRequest) -> HttpResponse:
    """The team lead confirms or declines role and team changes, gives enrolment codes and
    reads the history of their teams' worker changes."""
    overview = selectors.worker_overview(request.user)
    return render(request, "core/team_workers.html", {"overview": overview})


@team_lead_only
def worker_change(request: WorkerRequest, change_id: int) -> HttpResponse:
    change = selectors.worker_change_for(lead=request.user, change_id=change_id)
    form = DeclineForm(request.POST if request.POST.get("decision") == "decline" else None)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "confirm":
                services.worker_change_confirm(actor=request.user, change=change)
                messages.success(request, _("The change has been confirmed and is now in effect."))
                return redirect("team_workers")
            if form.is_valid():
                services.worker_change_decline(actor=request.user, change=change, **form.cleaned_data)
                messages.success(request, _("The change has been declined."))
                return redirect("team_workers")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                show_refusal(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("team_workers")
    return render(
        request,
        "core/worker_change.html",
        {"change": change, "form": form, "teams": change.worker.teams.all()},
        status=400 if form.errors else 200,
    )


@team_lead_only
def enrolment_code(request: WorkerRequest, worker_id: int) -> HttpResponse:
    worker = selectors.worker_for_code(lead=request.user, worker_id=worker_id)
    code = None
    if request.method == "POST":
        code = credentials.enrolment_code_issue(actor=request.user, worker=worker)
    response = render(
        request,
        "core/enrolment_code.html",
        {"worker": worker, "code": code, "hours": credentials.code_hours()},
    )
    add_never_cache_headers(response)
    return response


@team_lead_only
def absences(request: WorkerRequest) -> HttpResponse:
    """The team lead records the absences of their teams' workers: the rota and the worker
    picker skip the absent."""
    teams = request.user.teams.all()
    workers = (
        Worker.objects.filter(teams__in=teams, is_active=True).distinct().order_by("last_name", "first_name")
    )
    form = AbsenceForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The absence has been saved."))
            return redirect("absences")
    rows = selectors.team_absences(teams, timezone.localdate())
    return render(
        request, "core/absences.html", {"form": form, "absences": rows}, status=400 if form.errors else 200
    )


@team_lead_only
@require_POST
def absence_remove(request: WorkerRequest, absence_id: int) -> HttpResponse:
    absence = get_object_or_404(Absence, pk=absence_id, worker__teams__in=request.user.teams.all())
    services.absence_remove(actor=request.user, absence=absence)
    messages.success(request, _("The absence has been removed."))
    return redirect("absences")
