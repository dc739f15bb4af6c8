"""Writes about how workers sign in: the one-time link to set a password, and enrolment
codes for the second factor. Administrators can neither set nor learn a client worker's
password, and an authenticator app is confirmed only with a code from someone who vouches
for the worker (see polku.core.selectors.may_issue_code)."""

import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, QuerySet
from django.template import loader
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from polku.core import selectors
from polku.core.models import EnrolmentCode, Role, Worker, WorkerEvent
from polku.core.services import check_admin_of, record_event

Action = WorkerEvent.Action


# --- Passwords ----------------------------------------------------------------------------


class _PasswordLinkForm(PasswordResetForm):
    """Django's reset machinery for one named worker: the link goes to the worker's own
    address, also when they have no usable password yet, and a failure to send is reported
    instead of logged and forgotten."""

    def __init__(self, worker: Worker) -> None:
        super().__init__({"email": worker.email})
        self.worker = worker

    def get_users(self, email: str) -> Iterator[Worker]:
        yield self.worker

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


def _check_may_send_link(actor: Worker, worker: Worker) -> None:
    """Administrators send links to the workers they add; a partner professional's link is
    sent by a team lead, who vouches for partners (selectors.may_vouch_for_partner)."""
    if worker.role == Role.PARTNER:
        if not selectors.may_vouch_for_partner(actor, worker):
            raise PermissionDenied
        return
    check_admin_of(actor, worker)


@transaction.atomic
def password_link_send(*, actor: Worker, worker: Worker, domain: str, use_https: bool) -> None:
    """An administrator (a team lead, for a partner professional) sends the worker a
    one-time link to set their password. The link goes only to the worker's email address;
    the sender never sees it."""
    _check_may_send_link(actor, worker)
    if not worker.is_active:
        raise ValidationError(_("The worker cannot sign in, so no link is sent."))
    if not worker.email:
        raise ValidationError(_("The worker has no email address."))
    form = _PasswordLinkForm(worker)
    form.is_valid()
    try:
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_link_subject.txt",
            email_template_name="registration/password_link_email.txt",
        )
    except OSError as error:  # smtplib's errors are OSErrors
        raise ValidationError(_("The email could not be sent. Try again later.")) from error
    record_event(
        worker=worker,
        actor=actor,
        action=Action.PASSWORD_LINK_SENT,
        teams=worker.teams.all(),
        changes={"email": [None, worker.email]},
    )


@transaction.atomic
def password_set(*, worker: Worker, password: str) -> None:
    """The worker sets their own password through the link (validated by the form)."""
    worker.set_password(password)
    worker.save(update_fields=["password"])
    record_event(worker=worker, actor=worker, action=Action.PASSWORD_SET, teams=worker.teams.all())


# --- Enrolment codes for the second factor -----------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mistake
CODE_LENGTH = 12
CODE_MAX_TRIES = 5


def _code_hash(code: str) -> str:
    plain = "".join(code.split()).replace("-", "").upper()
    return salted_hmac("polku.core.enrolment_code", plain, algorithm="sha256").hexdigest()


def code_hours() -> int:
    return int(getattr(settings, "ENROLMENT_CODE_HOURS", 24))


@transaction.atomic
def enrolment_code_issue(*, actor: Worker | None, worker: Worker) -> str:
    """A one-time code with which `worker` sets up a new authenticator app; returned once,
    stored only as a keyed hash. Earlier codes are voided, and the worker's authenticator
    apps stop working: the new one replaces them (a lost phone). `actor` None is the
    operator on the server, for the first administrator or team lead."""
    worker_teams = set(worker.teams.values_list("pk", flat=True))
    if actor is not None and not selectors.may_issue_code(
        actor, worker, selectors.leads_by_team(worker.organisation_id), worker_teams
    ):
        raise PermissionDenied
    now = timezone.now()
    EnrolmentCode.objects.filter(worker=worker, used_at=None, voided_at=None).update(voided_at=now)
    removed_devices = TOTPDevice.objects.filter(user=worker).delete()[0]
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = now + timedelta(hours=code_hours())
    EnrolmentCode.objects.create(
        organisation_id=worker.organisation_id,
        worker=worker,
        code_hash=_code_hash(code),
        issued_by=actor,
        issued_by_name=str(actor) if actor else "",
        issued_at=now,
        expires_at=expires_at,
    )
    changes: dict[str, Any] = {"expires_at": [None, expires_at.isoformat()]}
    if removed_devices:
        changes["devices"] = [removed_devices, 0]
    record_event(
        worker=worker,
        actor=actor,
        action=Action.ENROLMENT_CODE_ISSUED,
        teams=worker.teams.all(),
        changes=changes,
    )
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _live_codes(worker: Worker) -> QuerySet[EnrolmentCode]:
    return EnrolmentCode.objects.filter(
        worker=worker,
        used_at=None,
        voided_at=None,
        expires_at__gt=timezone.now(),
        failed_attempts__lt=CODE_MAX_TRIES,
    )


def enrolment_start(*, worker: Worker, code: str) -> tuple[EnrolmentCode, TOTPDevice]:
    """First step of setting up an authenticator: the enrolment code from the team lead.
    Only then is a new key made and shown, so a password alone never reveals a key. A wrong
    code counts against the worker's live codes and is recorded."""
    with transaction.atomic():
        wanted = _code_hash(code)
        codes = list(_live_codes(worker).select_for_update())
        match = next((c for c in codes if constant_time_compare(c.code_hash, wanted)), None)
        if match is not None:
            TOTPDevice.objects.filter(user=worker, confirmed=False).delete()
            return match, TOTPDevice.objects.create(user=worker, name="Polku", confirmed=False)
        _live_codes(worker).update(failed_attempts=F("failed_attempts") + 1)
        record_event(worker=worker, actor=worker, action=Action.ENROLMENT_REFUSED, teams=worker.teams.all())
    # Raised after the transaction, so that the refusal stays counted and recorded.
    raise ValidationError(
        {
            "code": _(
                "The enrolment code is not right or is no longer valid. Ask your team lead for a new code."
            )
        }
    )


def enrolment_finish(*, worker: Worker, code_id: int, device: TOTPDevice, token: str) -> None:
    """Second step: the first code from the new authenticator. The enrolment code must still
    be valid; it is used up and the device confirmed together."""
    with transaction.atomic():
        code = _live_codes(worker).select_for_update().filter(pk=code_id).first()
        if code is None:
            refusal = ValidationError(
                _("The enrolment code is no longer valid. Ask your team lead for a new code.")
            )
        elif device.user_id != worker.pk or device.confirmed or not device.verify_token(token):
            # verify_token's throttling state is saved: the refusal is raised after the commit.
            refusal = ValidationError(
                {"token": _("The code is not right. Check the time on your phone and try again.")}
            )
        else:
            TOTPDevice.objects.filter(user=worker).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            code.used_at = timezone.now()
            code.save(update_fields=["used_at"])
            record_event(
                worker=worker,
                actor=worker,
                action=Action.TWO_FACTOR_ENROLLED,
                teams=worker.teams.all(),
                changes={"issued_by": [None, code.issued_by_name]},
            )
            return
    raise refusal
