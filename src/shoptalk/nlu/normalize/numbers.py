"""Numbers from words: "forty five" → 45, "four five one two" → "4512", "a dozen" → 12.

People say numbers two ways. A *cardinal* is one value ("one hundred and five"); a *digit
string* is read in chunks ("forty-five twelve", "ten oh one", "seven eight seven oh one") and
means the digits side by side, as in zip codes, order numbers and house numbers. Both readers
follow the grammar of English number words, so "forty five twelve" stops being one cardinal at
"twelve" (a teen cannot follow a unit) and the digit reader starts a new chunk there.

Readers take the prepared words (`text.words_of`) and a start position and return what they
read with the position after it; `parse_*` functions take text and succeed only when all of it
is the number.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from shoptalk.nlu.normalize.text import words_of

T = TypeVar("T")

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ZERO_DIGITS = frozenset({"oh", "o", "zero", "nought"})
"""Ways of saying the digit 0 inside a digit string ("ten oh one")."""
REPEATS = {"double": 2, "triple": 3}
FRACTIONS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
QUANTITY_PHRASES: dict[tuple[str, ...], int] = {
    ("a", "couple", "of"): 2,
    ("a", "couple"): 2,
    ("couple", "of"): 2,
    ("couple",): 2,
    ("a", "pair", "of"): 2,
    ("a", "pair"): 2,
    ("pair", "of"): 2,
    ("both",): 2,
    ("a", "dozen"): 12,
    ("dozen",): 12,
    ("half", "a", "dozen"): 6,
    ("half", "dozen"): 6,
    ("a", "half", "dozen"): 6,
    ("a", "single"): 1,
    ("single",): 1,
    ("a",): 1,
    ("an",): 1,
    ("another",): 1,
    ("just", "one"): 1,
}
"""Quantities said without a number word. Vague ones ("a few", "some") are left out: they
name no number, and guessing one would put words in the shopper's mouth."""
NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | {"hundred"} | set(SCALES)


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A value read from words, and the position just after the words it used."""

    value: T
    end: int


MAX_NUMERAL_DIGITS = 15
"""Longer digit runs are ids or noise, not quantities or prices (and would overflow floats)."""


def is_numeral(word: str) -> bool:
    """Written digits, with an optional decimal part: "12", "29.99"."""
    head, _, tail = word.partition(".")
    if len(head) > MAX_NUMERAL_DIGITS or not (head.isascii() and head.isdigit()):
        return False
    return not tail or (tail.isascii() and tail.isdigit() and len(tail) <= MAX_NUMERAL_DIGITS)


def numeral_value(word: str) -> int | float:
    return float(word) if "." in word else int(word)


def _kind(word: str) -> str:
    if word in UNITS:
        return "unit"
    if word in TEENS:
        return "teen"
    if word in TENS:
        return "tens"
    if word == "hundred":
        return "hundred"
    if word in SCALES:
        return "scale"
    if word in ("a", "an"):
        return "a"
    if word == "and":
        return "and"
    return "numeral" if is_numeral(word) else ""


_FOLLOWERS = {
    "start": {"numeral", "unit", "teen", "tens", "a", "hundred", "scale"},
    "numeral": {"hundred", "scale"},
    "unit": {"hundred", "scale"},
    "teen": {"hundred", "scale"},
    "tens": {"unit", "hundred", "scale"},
    "hundred": {"unit", "teen", "tens", "and", "scale"},
    "scale": {"unit", "teen", "tens", "and"},
    "and": {"unit", "teen", "tens"},
    "a": {"hundred", "scale"},
}
"""Which kind of number word may follow which, in one cardinal number."""


@dataclass
class _Cardinal:
    """The running state of a cardinal being read: "one hundred and five thousand two"."""

    total: float = 0
    group: float = 0
    last: str = "start"
    last_scale: float = float("inf")

    def accepts(self, kind: str, word: str) -> bool:
        if kind not in _FOLLOWERS[self.last]:
            return False
        if kind == "hundred":
            return self.group < 100 and (self.last != "tens")
        if kind == "scale":
            return SCALES[word] < self.last_scale
        if kind == "unit" and self.last == "tens":
            return self.group % 10 == 0
        return not (kind == "numeral" and self.last != "start")

    def add(self, kind: str, word: str) -> None:
        if kind == "numeral":
            self.group = numeral_value(word)
        elif kind in ("unit", "teen", "tens"):
            self.group += UNITS.get(word) or TEENS.get(word) or TENS.get(word, 0)
        elif kind == "hundred":
            self.group = (self.group or 1) * 100
        elif kind == "scale":
            self.total += (self.group or 1) * SCALES[word]
            self.group, self.last_scale = 0, SCALES[word]
        elif kind == "a":
            self.group = 1
        self.last = kind

    @property
    def value(self) -> int | float:
        value = self.total + self.group
        return int(value) if float(value).is_integer() else value


def read_cardinal(words: Sequence[str], start: int) -> Reading[int | float] | None:
    """The longest cardinal number at `start`: "one hundred and five", "2 thousand", "twelve"."""
    state, position, end = _Cardinal(), start, None
    while position < len(words):
        word = words[position]
        kind = _kind(word)
        if not kind or not state.accepts(kind, word):
            break
        state.add(kind, word)
        position += 1
        if kind not in ("and", "a"):
            end = position
    return None if end is None else Reading(state.value, end)


def read_number(words: Sequence[str], start: int) -> Reading[int | float] | None:
    """A cardinal with an optional fraction: "three point five", "seven and a half", "2.5"."""
    if start < len(words) and words[start] == "point":
        decimals = _read_decimals(words, start + 1)
        return Reading(float(f"0.{decimals.value}"), decimals.end) if decimals else None
    whole = read_cardinal(words, start)
    if whole is None:
        return None
    fraction = _read_fraction(words, whole.end)
    if fraction is not None:
        return Reading(whole.value + fraction.value, fraction.end)
    if whole.end < len(words) and words[whole.end] == "point" and isinstance(whole.value, int):
        decimals = _read_decimals(words, whole.end + 1)
        if decimals is not None:
            return Reading(float(f"{whole.value}.{decimals.value}"), decimals.end)
    return whole


def _read_decimals(words: Sequence[str], start: int) -> Reading[str] | None:
    digits, position = "", start
    while position < len(words):
        digit = single_digit(words[position])
        if digit is None:
            break
        digits, position = digits + digit, position + 1
    return Reading(digits, position) if digits else None


def _read_fraction(words: Sequence[str], start: int) -> Reading[float] | None:
    """A fraction after a whole number: "and a half", "and a quarter", "and three quarters"."""
    rest = words[start : start + 3]
    if len(rest) < 3 or rest[0] != "and":
        return None
    count = 1 if rest[1] in ("a", "one") else UNITS.get(rest[1])
    share = FRACTIONS.get(rest[2])
    if count is None or share is None:
        return None
    return Reading(round(count * share, 6), start + 3)


def single_digit(word: str) -> str | None:
    """The digit a word names on its own ("seven", "oh", "7"), if it names one."""
    if word in ZERO_DIGITS:
        return "0"
    if word in UNITS:
        return str(UNITS[word])
    return word if len(word) == 1 and word.isascii() and word.isdigit() else None


def read_digits(words: Sequence[str], start: int) -> Reading[str] | None:
    """Digits read in chunks: "four five one two", "forty-five twelve", "ten oh one"."""
    digits, position = "", start
    while position < len(words):
        chunk = _read_digit_chunk(words, position)
        if chunk is None:
            break
        digits, position = digits + chunk.value, chunk.end
    return Reading(digits, position) if digits else None


def _read_digit_chunk(words: Sequence[str], start: int) -> Reading[str] | None:
    word = words[start]
    if word in ZERO_DIGITS:
        return Reading("0", start + 1)
    if word in REPEATS and start + 1 < len(words):
        digit = single_digit(words[start + 1])
        return Reading(digit * REPEATS[word], start + 2) if digit else None
    if word.isascii() and word.isdigit():
        return Reading(word, start + 1)
    if word in ("a", "an"):
        return None
    cardinal = read_cardinal(words, start)
    if cardinal is None or not isinstance(cardinal.value, int):
        return None
    return Reading(str(cardinal.value), cardinal.end)


def read_quantity(words: Sequence[str], start: int) -> Reading[int] | None:
    """How many: a whole number ("two", "12") or a phrase ("a couple of", "two dozen")."""
    number = read_number(words, start)
    if number is not None and isinstance(number.value, int):
        count, end = number.value, number.end
        if end < len(words) and words[end] in ("dozen", "dozens"):
            count, end = count * 12, end + 1
        if end < len(words) and words[end] == "of":
            end += 1
        return Reading(count, end) if count >= 1 else None
    for length in (3, 2, 1):
        phrase = tuple(words[start : start + length])
        if len(phrase) == length and phrase in QUANTITY_PHRASES:
            return Reading(QUANTITY_PHRASES[phrase], start + length)
    return None


def _whole(reading: Reading[T] | None, words: Sequence[str]) -> T | None:
    return reading.value if reading is not None and reading.end == len(words) else None


def parse_number(text: str) -> int | float | None:
    """A number from words: "forty five" → 45, "three point five" → 3.5, "1,299" → 1299."""
    words = words_of(text)
    return _whole(read_number(words, 0), words)


def parse_digits(text: str) -> str | None:
    """Digits read in chunks: "four five one two", "forty-five twelve" → "4512"."""
    words = words_of(text)
    return _whole(read_digits(words, 0), words)


def parse_quantity(text: str) -> int | None:
    """How many: "a couple of" → 2, "a dozen" → 12, "two" → 2, "an" → 1; None for anything else."""
    words = words_of(text)
    return _whole(read_quantity(words, 0), words)
