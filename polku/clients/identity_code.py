"""The Finnish personal identity code (henkilötunnus), by the rules in force since 2023.

DDMMYY + century sign + individual number (002–899; 900–999 temporary) + check character,
the nine digits modulo 31 mapped to CHECK_CHARACTERS. The century sign distinguishes people
(010190-999W is not 010190Y999W), so the whole code is stored, never a normalised one.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}
SHAPE = re.compile(r"^(\d{6})(.)(\d{3})(.)$")


@dataclass(frozen=True)
class IdentityCode:
    code: str
    birth_date: date
    individual_number: int

    @property
    def is_temporary(self) -> bool:
        return self.individual_number >= 900


def normalise(raw: str) -> str:
    return raw.strip().upper()


def looks_like_identity_code(raw: str) -> bool:
    return bool(SHAPE.match(normalise(raw)))


def parse_identity_code(raw: str, *, today: date | None = None) -> IdentityCode:
    """Return the parsed code or raise ValidationError saying exactly what is wrong."""
    code = normalise(raw)
    match = SHAPE.match(code)
    if not match:
        raise ValidationError(
            _(
                "The identity code is not in the right form. It has eleven characters: the "
                "birth date as six digits, a century sign, three digits and a check character, "
                "for example 010594Y9032."
            ),
            code="format",
        )
    digits, sign, individual, check = match.groups()
    if sign not in CENTURIES:
        raise ValidationError(
            _(
                "“%(sign)s” is not a century sign. The seventh character must be + (born in "
                "the 1800s), - Y X W V or U (1900s), or A B C D E or F (2000s)."
            )
            % {"sign": sign},
            code="century",
        )
    try:
        born = date(CENTURIES[sign] + int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        raise ValidationError(
            _("The identity code begins with %(digits)s, which is not a real date (DDMMYY).")
            % {"digits": digits},
            code="date",
        ) from None
    if born > (today or date.today()):
        raise ValidationError(
            _("The birth date in the identity code (%(date)s) is in the future.")
            % {"date": born.strftime("%d.%m.%Y")},
            code="future",
        )
    if int(individual) < 2:
        raise ValidationError(
            _("The individual number %(number)s is not in use: it must be 002–999.") % {"number": individual},
            code="individual",
        )
    expected = CHECK_CHARACTERS[int(digits + individual) % 31]
    if check != expected:
        raise ValidationError(
            _(
                "The check character does not match: with these digits it should be "
                "%(expected)s, not %(given)s. Check the code for a typing error."
            )
            % {"expected": expected, "given": check},
            code="check",
        )
    return IdentityCode(code=code, birth_date=born, individual_number=int(individual))


def make_identity_code(birth_date: date, individual_number: int) -> str:
    """A valid code for a birth date and individual number; 900–999 are the test range.
    Used for synthetic demo and test clients."""
    sign = {1800: "+", 1900: "-", 2000: "A"}[birth_date.year // 100 * 100]
    digits = birth_date.strftime("%d%m%y") + f"{individual_number:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"
