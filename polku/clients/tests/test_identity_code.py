from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from polku.clients.identity_code import make_identity_code, parse_identity_code


@pytest.mark.parametrize(
    ("code", "born"),
    [
        ("010594Y9032", date(1994, 5, 1)),
        ("020516C903K", date(2016, 5, 2)),
        ("010501E9032", date(2001, 5, 1)),
        ("010594-9032", date(1994, 5, 1)),
        ("131052-308T", date(1952, 10, 13)),
        ("010100+900F", date(1800, 1, 1)),
        ("  010594y9032 ", date(1994, 5, 1)),
    ],
)
def test_it_accepts_valid_codes(code: str, born: date) -> None:
    parsed = parse_identity_code(code)
    assert parsed.birth_date == born
    assert parsed.code == code.strip().upper()


def test_it_keeps_the_century_sign_that_distinguishes_people() -> None:
    assert parse_identity_code("010594Y9032").code != parse_identity_code("010594-9032").code


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "format"),
        ("010594Y903", "format"),
        ("010594Y90322", "format"),
        ("01059AY9032", "format"),
        ("010594G9032", "century"),
        ("010594Z9032", "century"),
        ("320194-9032", "date"),
        ("290223A9032", "date"),
        ("001094-9032", "date"),
        ("010594Y9033", "check"),
        ("020516C903J", "check"),
        ("010594Y0012", "individual"),
        ("010199A9032", "future"),
        ("010594Y903G", "check"),
    ],
)
def test_it_says_what_is_wrong(code: str, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_identity_code(code, today=date(2026, 11, 22))
    assert error.value.code == reason


def test_the_messages_are_finnish_and_name_the_right_check_character() -> None:
    with translation.override("fi"), pytest.raises(ValidationError) as error:
        parse_identity_code("010594Y9033")
    message = error.value.messages[0]
    assert "tarkistusmerkki" in message.lower()
    assert "2" in message and "3" in message


@pytest.mark.parametrize("number", [900, 902, 950, 999])
def test_made_codes_parse_back(number: int) -> None:
    code = make_identity_code(date(1987, 3, 14), number)
    assert parse_identity_code(code).individual_number == number
    assert parse_identity_code(code).is_temporary
