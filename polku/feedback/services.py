"""The client gives feedback to the team. Called by the client's own pages with the
signed-in client: the client writes about their own relationship, so no worker's basis is
asked; the service checks that the relationship is the client's own."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.casework.models import ClientRelationship
from polku.clients.models import Client
from polku.core.forms import NULL_CHARACTER, TextLengthValidator
from polku.core.limits import NOTE
from polku.feedback.models import ClientFeedback


def _errors(texts: dict[str, str]) -> dict[str, ValidationError]:
    """The same limits and words as every form of Polku (core.forms)."""
    errors = {}
    for name, value in texts.items():
        try:
            if "\x00" in value:
                raise ValidationError(NULL_CHARACTER, code="null_characters_not_allowed")
            TextLengthValidator(NOTE)(value)
        except ValidationError as error:
            errors[name] = error
    return errors


@transaction.atomic
def feedback_give(
    *,
    client: Client,
    relationship: ClientRelationship | None,
    roses: str,
    thorns: str,
    text: str,
    anonymous: bool,
) -> ClientFeedback:
    """Named feedback keeps the client, the relationship and the time. Anonymous feedback
    keeps only the organisation, the team and the month: nothing that leads back to the
    client, not even the moment it was given."""
    if relationship is not None and (
        relationship.client_id != client.pk or relationship.organisation_id != client.organisation_id
    ):
        raise Http404
    texts = {"roses": roses.strip(), "thorns": thorns.strip(), "text": text.strip()}
    errors = _errors(texts)
    if errors:
        raise ValidationError(errors)
    if not any(texts.values()):
        raise ValidationError(
            _("Write something first: what went well, what could be better, or other feedback.")
        )
    now = timezone.now()
    # The team whose work the feedback is about: the relationship's, or else the client's own.
    team_id = relationship.team_id if relationship is not None else client.team_id
    return ClientFeedback.objects.create(
        organisation_id=client.organisation_id,
        team_id=team_id,
        relationship=None if anonymous else relationship,
        client=None if anonymous else client,
        anonymous=anonymous,
        given_at=None if anonymous else now,
        given_month=timezone.localdate(now).replace(day=1),
        **texts,
    )
