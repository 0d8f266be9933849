"""Matching terms: the form in which catalog text and spoken words are compared.

Both sides go through the same steps, so they meet whichever way a thing was said: prepared
words (`normalize.text`), number words as digits ("twelve" → "12", "seven and a half" →
"7.5"), units in one spelling ("ounces", "oz" → "oz"), and the English stem of every other word
("lattes" → "latt"), which folds plurals. Each term remembers the tokens it came from, so a
match maps back to the words the shopper said.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from shoptalk.nlu.normalize.numbers import Reading, is_numeral, read_number
from shoptalk.nlu.normalize.text import PreparedText, prepare

UNITS = {
    "ounce": "oz",
    "ounces": "oz",
    "oz": "oz",
    "pound": "lb",
    "pounds": "lb",
    "lb": "lb",
    "lbs": "lb",
    "inch": "in",
    "inches": "in",
    "gigabyte": "gb",
    "gigabytes": "gb",
    "gig": "gb",
    "gigs": "gb",
    "gb": "gb",
    "terabyte": "tb",
    "terabytes": "tb",
    "tb": "tb",
    "millimeter": "mm",
    "millimeters": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "mm": "mm",
    "liter": "l",
    "liters": "l",
    "litre": "l",
    "litres": "l",
    "foot": "ft",
    "feet": "ft",
    "ft": "ft",
    "percent": "percent",
}
HUNDREDS_UNITS = ("gb", "tb")
"""Units after which "two fifty six" is one number."""
UNITS_AFTER_NUMBERS = {"in": "in", "l": "l", "g": "g", "k": "k"}
"""Abbreviations that are units only right after a number ("20 l", not "l" for large)."""

_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Term:
    """One matching term, the prepared word(s) it stands for, and their token span."""

    text: str
    surface: str
    start: int
    end: int


def terms_of(prepared: PreparedText) -> tuple[Term, ...]:
    """The matching terms of a prepared text, in order."""
    words, position = prepared.words, 0
    terms: list[Term] = []
    while position < len(words):
        term = _read_term(words, position, terms[-1] if terms else None)
        terms.append(term)
        position = term.end
    return tuple(terms)


@lru_cache(maxsize=200_000)
def phrase_terms(text: str) -> tuple[str, ...]:
    """The matching terms of a catalog phrase ("12 oz" and "twelve ounces" → ("12", "oz"))."""
    return tuple(term.text for term in terms_of(prepare(text)))


def _read_term(words: Sequence[str], start: int, previous: Term | None) -> Term:
    number = read_number(words, start) if _may_start_number(words, start) else None
    if number is not None:
        number = _said_as_hundreds(words, start, number) or number
        surface = " ".join(words[start : number.end])
        return Term(_number_text(number.value), surface, start, number.end)
    word = words[start]
    after_number = previous is not None and is_numeral(previous.text)
    unit = UNITS.get(word) or (UNITS_AFTER_NUMBERS.get(word) if after_number else None)
    return Term(unit or stem(word), word, start, start + 1)


def _said_as_hundreds(
    words: Sequence[str], start: int, number: Reading[int | float]
) -> Reading[int | float] | None:
    """ "two fifty six gigs" is 256 GB, "five twelve gigabytes" 512: a digit, then a number from
    10 to 99, right before a unit of storage. Elsewhere "two fifty" may be a price or a time,
    and "two twelve ounce lattes" two of them."""
    if not (number.end == start + 1 and isinstance(number.value, int) and 1 <= number.value <= 9):
        return None
    rest = read_number(words, number.end)
    if rest is None or not (isinstance(rest.value, int) and 10 <= rest.value <= 99):
        return None
    if rest.end >= len(words) or UNITS.get(words[rest.end]) not in HUNDREDS_UNITS:
        return None
    return Reading(number.value * 100 + rest.value, rest.end)


def _may_start_number(words: Sequence[str], start: int) -> bool:
    """Whether a number may start here: "a" starts one only as "a hundred", never alone."""
    return words[start] not in ("a", "an") or start + 1 < len(words)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))
