"""Money kept exact: integer cents inside, numbers with at most two decimals outside.

JSON carries prices as binary floats, so every amount entering the store is checked to be a
whole number of cents before it becomes an `int`; floats never take part in arithmetic.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema


def cents_from_number(value: object) -> int:
    """Convert a JSON number to cents, refusing what is not money (strings, bools, 1.005)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as error:
        raise ValueError("must be a finite number") from error
    return _whole_cents(amount, str(value))


def cents_from_text(text: str) -> int:
    """Convert a price written in a file ("19.99", "1,299.00", "5") to cents; refuses what is
    not a plain decimal amount (currency signs, "12,50" as a decimal comma, exponents)."""
    written = text.strip()
    if _THOUSANDS.fullmatch(written):
        written = written.replace(",", "")
    if not _AMOUNT.fullmatch(written):
        raise ValueError(f"{text.strip()!r} is not an amount like 19.99")
    return _whole_cents(Decimal(written), text.strip())


_AMOUNT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def _whole_cents(amount: Decimal, shown: str) -> int:
    if not amount.is_finite():
        raise ValueError("must be a finite number")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{shown} has more than 2 decimals")
    return int(cents)


def number_from_cents(cents: int) -> float:
    """The JSON form of an amount: the shortest float that reads back as the same cents."""
    return cents / 100


def format_money(cents: int, currency: str = "USD") -> str:
    """A human form for messages: `$59.99`, or `59.99 EUR` for other currencies."""
    sign = "-" if cents < 0 else ""
    amount = f"{abs(cents) // 100}.{abs(cents) % 100:02d}"
    return f"{sign}${amount}" if currency == "USD" else f"{sign}{amount} {currency}"


Cents = Annotated[
    int,
    BeforeValidator(cents_from_number),
    PlainSerializer(number_from_cents, return_type=float),
    WithJsonSchema({"type": "number", "multipleOf": 0.01}),
]
"""An amount of money: a JSON number with at most 2 decimals, held as integer cents."""
