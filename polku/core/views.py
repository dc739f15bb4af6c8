from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.access.rules import WorkerRequest, public, signed_in, team_lead_only
from polku.clients.forms import SearchForm
from polku.core import selectors, services
from polku.core.forms import AbsenceForm, DesignSystemForm, show_refusal, style
from polku.core.models import Absence, Worker
from polku.intake.rota import duty_pair_now


@signed_in
def home(request: WorkerRequest) -> HttpResponse:
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


class TokenForm(DesignSystemForm):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in for team leads and administrators: set up a TOTP device on
    first use, then confirm a code from it. Reachable before the second factor is done,
    so it is login_required only; it is classified as such in the route test."""
    device = TOTPDevice.objects.filter(user=request.user).order_by("-confirmed", "pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Polku", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            target = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
            return redirect(target if safe else "home")
        form.add_error("token", _("The code is not right. Check the time on your phone and try again."))
    context = {"form": form, "setting_up": not device.confirmed}
    if not device.confirmed:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = b32encode(device.bin_key).decode()
    return render(request, "core/two_factor.html", context)


two_factor.access_rule = "signed-in (before second factor)"  # type: ignore[attr-defined]


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
