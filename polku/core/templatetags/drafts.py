from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def autosave_seconds() -> int:
    """How often drafts.js saves a changed draft in the background (DRAFT_AUTOSAVE_SECONDS)."""
    return int(settings.DRAFT_AUTOSAVE_SECONDS)
