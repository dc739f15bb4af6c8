"""The client's own pages (`own_pages`), and the worker's part: giving the client a code."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.access.rules import WorkerRequest, client_work, own_pages, public
from polku.casework.selectors import relationship_get_for
from polku.core.forms import show_refusal
from polku.core.middleware import OWN_SIGN_IN
from polku.core.signin_throttle import client_ip
from polku.measures.selectors import instruments_in_use
from polku.participation import selectors, services
from polku.participation.forms import CodeForm, FeedbackForm, OwnAnswerForm, WordsForm
from polku.participation.models import ClientCode, ClientSignIn


class OwnRequest(HttpRequest):
    own_sign_in: ClientSignIn


# --- The client ---------------------------------------------------------------------------


@public
def own_sign_in(request: HttpRequest) -> HttpResponse:
    if getattr(request, "own_sign_in", None) is not None:
        return redirect("own_home")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            signed_in = services.sign_in(code=form.cleaned_data["code"], address=client_ip(request))
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            # Whoever used this browser before (a worker, another client) is signed out first.
            logout(request)
            request.session[OWN_SIGN_IN] = signed_in.pk
            language = signed_in.client.document_language
            translation.activate(language)
            response = redirect("own_home")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                samesite="Lax",
            )
            return response
    return render(request, "participation/sign_in.html", {"form": form}, status=400 if form.errors else 200)


@own_pages
@require_POST
def own_sign_out(request: OwnRequest) -> HttpResponse:
    services.sign_out(sign_in=request.own_sign_in)
    request.session.flush()
    messages.success(request, _("You have signed out."))
    return redirect("own_sign_in")


@own_pages
def own_home(request: OwnRequest) -> HttpResponse:
    home = selectors.home(sign_in=request.own_sign_in)
    return render(request, "participation/home.html", {"home": home, "instruments": instruments_in_use()})


@own_pages
def own_plan(request: OwnRequest, plan_id: int) -> HttpResponse:
    version = selectors.plan(sign_in=request.own_sign_in, plan_id=plan_id)
    if version is None:
        raise Http404
    return render(request, "participation/plan.html", {"version": version, "plan": version.plan})


@own_pages
@require_POST
def own_step_tick(request: OwnRequest, step_id: int) -> HttpResponse:
    done = request.POST.get("done") == "1"
    try:
        step = services.step_tick(sign_in=request.own_sign_in, step_id=step_id, done=done)
    except PermissionDenied as error:
        raise Http404 from error
    marked = _("Marked done: %(step)s") if done else _("Marked not done: %(step)s")
    messages.success(request, marked % {"step": step.what})
    plan_id = step.goal.plan_version.plan_id
    return redirect(reverse("own_plan", args=[plan_id]) + f"#step-{step.pk}")


@own_pages
def own_words(request: OwnRequest, plan_id: int) -> HttpResponse:
    version = selectors.plan(sign_in=request.own_sign_in, plan_id=plan_id)
    if version is None:
        raise Http404
    words = selectors.own_words(version.plan)
    form = WordsForm(request.POST if request.method == "POST" else None, version=version, words=words)
    if request.method == "POST" and form.is_valid():
        try:
            services.words_save(
                sign_in=request.own_sign_in,
                plan_id=plan_id,
                topics=form.cleaned_data["topics"],
                goal_views=form.goal_views(),
            )
        except ValidationError as refusal:
            show_refusal(form, refusal)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Thank you. Your worker will see what you wrote before the meeting."))
            return redirect("own_plan", plan_id=plan_id)
    context = {"version": version, "plan": version.plan, "form": form}
    return render(request, "participation/words.html", context, status=400 if form.errors else 200)


@own_pages
def own_measure(request: OwnRequest, key: str) -> HttpResponse:
    instrument = next((i for i in instruments_in_use() if i.key == key), None)
    if instrument is None:
        raise Http404
    form = OwnAnswerForm(request.POST if request.method == "POST" else None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_fill(sign_in=request.own_sign_in, instrument=instrument, values=form.values())
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Thank you. Your answer has been saved and your worker will see it."))
            return redirect("own_home")
    context = {"instrument": instrument, "form": form}
    return render(request, "participation/measure.html", context, status=400 if form.errors else 200)


@own_pages
def own_feedback(request: OwnRequest) -> HttpResponse:
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_send(sign_in=request.own_sign_in, **form.cleaned_data)
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("Thank you for your feedback. It helps the team do its work better."))
            return redirect("own_home")
    return render(request, "participation/feedback.html", {"form": form}, status=400 if form.errors else 200)


@own_pages
def own_access_report(request: OwnRequest) -> HttpResponse:
    page = selectors.access_report(sign_in=request.own_sign_in, page_number=request.GET.get("page", 1))
    return render(
        request,
        "participation/access_report.html",
        {"page": page, "days": settings.ACCESS_LOG_CLIENT_REPORT_DAYS},
    )


# --- The client's worker ------------------------------------------------------------------


def _code_letter(request: WorkerRequest, relationship: Any, code: str, expires: Any) -> dict[str, Any]:
    client = relationship.client
    address = request.build_absolute_uri(reverse("own_sign_in"))
    language = client.document_language
    with translation.override(language):
        sms = _(
            "Hello %(name)s! Your code for your own pages in Polku: %(code)s. It works once, "
            "until %(date)s. Sign in at %(address)s – %(worker)s"
        ) % {
            "name": client.first_names,
            "code": code,
            "date": f"{timezone.localtime(expires):%-d.%-m.%Y}",
            "address": address,
            "worker": request.user.get_full_name(),
        }
    return {"code": code, "expires": expires, "address": address, "sms": sms, "language": language}


# The code is shown once, on the page the issuing POST redirects to (so that reloading the
# page never gives a new code); it waits in the worker's session until then.
SHOWN_CODE = "polku_client_code_to_show"


@client_work
@require_POST
def own_code_issue(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    relationship, _basis = relationship_get_for(worker=request.user, relationship_id=relationship_id)
    try:
        issued, code = services.code_issue(actor=request.user, relationship=relationship)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(reverse("case_detail", args=[relationship.pk]) + "#own-pages")
    request.session[SHOWN_CODE] = {"relationship": relationship.pk, "code": code, "code_id": issued.pk}
    return redirect("own_code_show", relationship_id=relationship.pk)


@client_work
def own_code_show(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    relationship, _basis = relationship_get_for(worker=request.user, relationship_id=relationship_id)
    shown = request.session.pop(SHOWN_CODE, None)
    if not shown or shown.get("relationship") != relationship.pk:
        messages.info(request, _("A code is shown only once. Give a new code if the client needs one."))
        return redirect(reverse("case_detail", args=[relationship.pk]) + "#own-pages")
    issued = ClientCode.objects.get(pk=shown["code_id"], client_id=relationship.client_id)
    context = {
        "relationship": relationship,
        "client": relationship.client,
        **_code_letter(request, relationship, shown["code"], issued.expires_at),
    }
    return render(request, "participation/code.html", context)


@client_work
@require_POST
def own_access_end(request: WorkerRequest, relationship_id: int) -> HttpResponse:
    relationship, _basis = relationship_get_for(worker=request.user, relationship_id=relationship_id)
    services.access_end(actor=request.user, relationship=relationship)
    messages.success(request, _("The client's access to their own pages has ended."))
    return redirect(reverse("case_detail", args=[relationship.pk]) + "#own-pages")
