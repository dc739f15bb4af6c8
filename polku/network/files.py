"""Signed consent forms: checked by their content, stored outside the web root under a random
name, read back only through the gate (views.consent_form)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each accepted type; the name and the browser's claimed type are ignored.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def _directory() -> Path:
    directory = Path(settings.CONSENT_FILES_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def content_type_of(head: bytes) -> str | None:
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def store(upload: UploadedFile) -> tuple[str, str]:
    """(stored name, content type) of an accepted form; ValidationError otherwise."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError({"form_file": _("The file is too large: at most 10 MB.")})
    head = upload.read(16)
    upload.seek(0)
    content_type = content_type_of(head)
    if content_type is None:
        raise ValidationError(
            {"form_file": _("Only a PDF, PNG or JPEG file can be attached: this file is none of them.")}
        )
    name = secrets.token_hex(16)
    with (_directory() / name).open("xb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return name, content_type


def path_of(name: str) -> Path:
    if not name or not all(c in "0123456789abcdef" for c in name):
        raise FileNotFoundError(name)
    return _directory() / name
