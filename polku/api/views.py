"""The worker's own page of API keys: make one (shown once), see them, revoke one."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.access.rules import WorkerRequest, for_roles
from polku.api import selectors, services
from polku.api.forms import KeyForm, RevokeForm
from polku.api.models import API_ROLES
from polku.core.forms import show_refusal

keys_page = for_roles(*API_ROLES)


@keys_page
def api_keys(request: WorkerRequest) -> HttpResponse:
    """The new key is shown in the answer to the POST that made it, and nowhere else: it is
    not kept in the session for a redirect, so it never rests anywhere in the clear."""
    form = KeyForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as refusal:
            show_refusal(form, refusal)
        else:
            form = KeyForm()
    context = {
        "form": form,
        "created": created,
        "tokens": selectors.tokens_of(worker=request.user),
        "settings_days": settings.API_TOKEN_DAYS,
    }
    return render(request, "api/keys.html", context, status=400 if form.errors else 200)


@keys_page
@require_POST
def api_key_revoke(request: WorkerRequest) -> HttpResponse:
    form = RevokeForm(request.POST)
    if not form.is_valid():
        raise Http404
    token = selectors.token_get_for(worker=request.user, token_id=form.cleaned_data["key"])
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API key “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api_keys")
