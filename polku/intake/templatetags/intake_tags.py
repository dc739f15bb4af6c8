from django import template
from django.forms import BaseForm
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from polku.core.models import Role
from polku.intake.models import Quadrant, quadrant_code
from polku.intake.selectors import Load

register = template.Library()

# Short names of the four cells, used where space is tight.
CELL_NAMES = {
    "low_good": _("light support"),
    "low_weak": _("support to seek services"),
    "high_good": _("complex needs"),
    "high_weak": _("special support need"),
}


@register.simple_tag
def quadrant_cell(quadrant: Quadrant, complexity: str, resources: str, form: BaseForm) -> SafeString:
    code = quadrant_code(complexity, resources)
    chosen = form["complexity"].value() == complexity and form["resources"].value() == resources
    return format_html(
        '<div class="quadrant__cell quadrant__cell--{}{}"><strong>{}</strong><span>{}</span></div>',
        code,
        " quadrant__cell--chosen" if chosen else "",
        CELL_NAMES[code],
        Role(quadrant.role_for(complexity, resources)).label,
    )


@register.simple_tag
def quadrant_counts(load: Load) -> SafeString:
    if not load.by_quadrant:
        return format_html("{}", "–")
    return format_html(
        '<ul class="inline-list">{}</ul>',
        format_html_join(
            "", "<li>{}: {}</li>", ((CELL_NAMES[code], n) for code, n in sorted(load.by_quadrant.items()))
        ),
    )


@register.simple_tag
def quadrant_name(code: str) -> str:
    return str(CELL_NAMES.get(code, code))
