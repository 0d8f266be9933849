"""Reading one cell of an import file as what the store needs: a price, a count, a yes/no,
a list. Each refuses a bad cell with the row's line and the column's name."""

import re

from shoptalk.commerce.importers.rows import Row
from shoptalk.commerce.money import cents_from_number, cents_from_text

_YES = {"1", "true", "yes", "y"}
_NO = {"0", "false", "no", "n"}
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")


def optional(row: Row, column: str) -> str | None:
    """The cell's text, None when empty."""
    return row.text(column) or None


def required(row: Row, column: str) -> str:
    text = row.text(column)
    if not text:
        raise row.error(column, "is empty: a value is required here")
    return text


def price(row: Row, column: str) -> int | None:
    """The cell as cents; None when empty. Negative amounts are refused."""
    value = row.value(column)
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            cents = cents_from_number(value)
        else:
            text = row.text(column)
            if not text:
                return None
            cents = _cents(text)
    except ValueError as error:
        raise row.error(column, str(error)) from error
    if cents < 0:
        raise row.error(column, f"{row.text(column)} is negative: a price cannot be")
    return cents


def _cents(text: str) -> int:
    """A plain "19.99" at once; anything else through the careful reading."""
    whole, point, fraction = text.partition(".")
    digits = text.isascii() and whole.isdigit()
    if digits and (not point or (fraction.isdigit() and len(fraction) <= 2)):
        return int(whole) * 100 + int(fraction.ljust(2, "0") if point else 0)
    return cents_from_text(text)


def count(row: Row, column: str) -> int | None:
    """A stock count; None when empty. A negative count (sold beyond stock) is read as 0."""
    text = row.text(column)
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        number = float(text)
    except ValueError as error:
        raise row.error(column, f"{text!r} is not a whole number") from error
    if not number.is_integer():
        raise row.error(column, f"{text!r} is not a whole number")
    return max(0, int(number))


def flag(row: Row, column: str, *, default: bool) -> bool:
    """A yes/no cell (TRUE/FALSE, 1/0, yes/no, JSON true/false); `default` when empty."""
    value = row.value(column)
    if isinstance(value, bool):
        return value
    text = row.text(column).lower()
    if not text:
        return default
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise row.error(column, f"{row.text(column)!r} is not one of TRUE, FALSE, 1, 0, yes, no")


def listed(row: Row, column: str) -> list[str]:
    """A comma-separated cell ("a, b, c"; "\\," is a comma inside a value), or a JSON list."""
    value = row.value(column)
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    parts = _UNESCAPED_COMMA.split(row.text(column))
    return [part.replace("\\,", ",").strip() for part in parts if part.strip()]
