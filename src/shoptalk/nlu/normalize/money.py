"""Prices and price ranges from words: "under fifty bucks" → (None, 50.0).

Amounts are dollars (the store currency) as floats with at most two decimals. People read
prices in pairs, "twenty nine ninety nine" meaning 29.99: a whole number followed at once by a
two-digit one (or "oh five") is dollars and cents. The cost of that reading is that
"two fifty" is $2.50, never $250; "two hundred fifty" says 250.

Ranges fix the conventions of `Slots`: "under 50" sets only the maximum, "over 50" only the
minimum, "between 20 and 30" both (in order, whichever way they were said), "around 50" is
50 ± 20 %, and a bare amount ("fifty dollars") is a budget: the maximum.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from shoptalk.nlu.normalize.numbers import (
    Reading,
    is_numeral,
    read_cardinal,
    read_number,
    single_digit,
)
from shoptalk.nlu.normalize.text import words_of

T = TypeVar("T")

CURRENCY = frozenset({"dollar", "dollars", "buck", "bucks", "usd", "dollar's"})
CENTS = frozenset({"cent", "cents"})
THOUSANDS = frozenset({"k", "grand"})
AROUND_SHARE = 0.2
MAX_WORDS = 20
"""No price is said in more words than this; longer text is not one."""
MAX_FILLERS = 4

Phrase = tuple[str, ...]
MAX_BEFORE: tuple[Phrase, ...] = (
    ("under",),
    ("below",),
    ("beneath",),
    ("less", "than"),
    ("fewer", "than"),
    ("cheaper", "than"),
    ("lower", "than"),
    ("no", "more", "than"),
    ("not", "more", "than"),
    ("no", "higher", "than"),
    ("not", "over"),
    ("nothing", "over"),
    ("nothing", "above"),
    ("at", "most"),
    ("at", "the", "most"),
    ("up", "to"),
    ("max",),
    ("maximum",),
    ("max", "of"),
    ("a", "max", "of"),
    ("a", "maximum", "of"),
    ("within",),
    ("budget", "of"),
    ("a", "budget", "of"),
    ("budget", "is"),
    ("my", "budget", "is"),
)
MAX_AFTER: tuple[Phrase, ...] = (
    ("or", "less"),
    ("or", "under"),
    ("or", "below"),
    ("or", "cheaper"),
    ("and", "under"),
    ("and", "below"),
    ("and", "less"),
    ("max",),
    ("maximum",),
    ("tops",),
    ("at", "most"),
    ("at", "the", "most"),
)
MIN_BEFORE: tuple[Phrase, ...] = (
    ("over",),
    ("above",),
    ("more", "than"),
    ("greater", "than"),
    ("higher", "than"),
    ("pricier", "than"),
    ("more", "expensive", "than"),
    ("no", "less", "than"),
    ("not", "less", "than"),
    ("at", "least"),
    ("starting", "at"),
    ("starting", "from"),
    ("from",),
    ("minimum",),
    ("min",),
    ("a", "minimum", "of"),
    ("upwards", "of"),
)
MIN_AFTER: tuple[Phrase, ...] = (
    ("or", "more"),
    ("or", "higher"),
    ("or", "over"),
    ("or", "above"),
    ("and", "up"),
    ("and", "above"),
    ("and", "over"),
    ("and", "higher"),
    ("plus",),
    ("minimum",),
    ("at", "least"),
)
AROUND_BEFORE: tuple[Phrase, ...] = (
    ("around",),
    ("about",),
    ("roughly",),
    ("approximately",),
    ("close", "to"),
    ("near",),
    ("somewhere", "around"),
    ("in", "the", "range", "of"),
)
AROUND_AFTER: tuple[Phrase, ...] = (("or", "so"), ("ish",))
BETWEEN_BEFORE: tuple[Phrase, ...] = (
    ("between",),
    ("somewhere", "between"),
    ("anywhere", "between"),
    ("from",),
    ("anywhere", "from"),
    ("somewhere", "from"),
    ("",),
)
BETWEEN_JOINS = frozenset({"and", "to", "through", "till", "until", "or"})
FILLERS = frozenset(
    {"for", "priced", "price", "costing", "costs", "cost", "that", "which", "is", "are", "it"}
    | {"something", "anything", "one", "ones", "a", "with", "of", "each", "apiece", "range"}
    | {"please", "thanks", "only", "total"}
)
"""Words around a price that say nothing about it; dropped from a span's ends."""


@dataclass(frozen=True)
class PriceRange:
    """Dollars; None is an open end."""

    min: float | None = None
    max: float | None = None


def amount_of(words: Sequence[str]) -> float | None:
    """All of `words` as an amount of money, or None."""
    if not words or len(words) > MAX_WORDS:
        return None
    if words[-1] in CENTS:
        only_cents = read_cardinal(words, 0)
        if only_cents is not None and only_cents.end == len(words) - 1:
            return round(only_cents.value / 100, 2)
    dollars = read_number(words, 0)
    if dollars is None:
        return None
    value, position = float(dollars.value), dollars.end
    if position < len(words) and words[position] in THOUSANDS:
        value, position = value * 1000, position + 1
    said_currency = position < len(words) and words[position] in CURRENCY
    position += said_currency
    if position == len(words):
        return round(value, 2)
    cents = _read_cents(words, position, said_currency)
    if cents is None or cents.end != len(words) or not value.is_integer():
        return None
    return round(value + cents.value / 100, 2)


def has_currency(words: Sequence[str]) -> bool:
    return any(word in CURRENCY or word in CENTS for word in words)


def _read_cents(words: Sequence[str], start: int, said_currency: bool) -> Reading[int] | None:
    """The cents after the dollars: "ninety nine", "and five cents", "oh five", "99"."""
    position = start + (words[start] == "and" and said_currency)
    cents = _cents_number(words, position)
    if cents is None:
        return None
    end = cents.end
    following = words[end] if end < len(words) else ""
    if following in CENTS:
        return Reading(cents.value, end + 1)
    if cents.value < 10 and not _two_digit_form(words, position):
        return None
    return Reading(cents.value, end + (following in CURRENCY and not said_currency))


def _cents_number(words: Sequence[str], start: int) -> Reading[int] | None:
    if start >= len(words):
        return None
    word = words[start]
    if word in ("oh", "o", "zero") and start + 1 < len(words):
        digit = single_digit(words[start + 1])
        return Reading(int(digit), start + 2) if digit is not None else None
    if is_numeral(word) and "." not in word:
        return Reading(int(word), start + 1) if len(word) <= 2 else None
    cents = read_cardinal(words, start)
    if cents is None or not isinstance(cents.value, int) or cents.value >= 100:
        return None
    return Reading(cents.value, cents.end)


def _two_digit_form(words: Sequence[str], start: int) -> bool:
    return words[start] in ("oh", "o", "zero") or len(words[start]) == 2


def parse_amount(text: str) -> float | None:
    """'$29.99' → 29.99, 'twenty nine ninety nine' → 29.99, 'fifty bucks' → 50.0."""
    return _first(amount_of(part) for part in _trimmings(words_of(text)))


def parse_price_range(text: str) -> PriceRange | None:
    """'under fifty bucks' → max 50, 'between 20 and 30 dollars' → 20 to 30; None if no price."""
    return _first(range_of(part) for part in _trimmings(words_of(text)))


def _trimmings(words: Sequence[str]) -> Iterator[Sequence[str]]:
    """`words`, then `words` with ever more filler words dropped from either end."""
    if len(words) > MAX_WORDS + 2 * MAX_FILLERS:
        return
    head = next((i for i, word in enumerate(words) if word not in FILLERS), len(words))
    tail = next((i for i in range(len(words), 0, -1) if words[i - 1] not in FILLERS), 0)
    head, tail = min(head, MAX_FILLERS), max(tail, len(words) - MAX_FILLERS)
    for dropped in range(len(words) + 1):
        for start in range(min(dropped, head) + 1):
            end = len(words) - (dropped - start)
            if end >= tail and start < end:
                yield words[start:end]


def _first(values: Iterable[T | None]) -> T | None:
    return next((value for value in values if value is not None), None)


def range_of(words: Sequence[str]) -> PriceRange | None:
    """All of `words` as a price or a price range, or None."""
    if len(words) > MAX_WORDS:
        return None
    return _bare(words) or _between(words) or _bounded(words)


def _bare(words: Sequence[str]) -> PriceRange | None:
    amount = amount_of(words)
    return PriceRange(max=amount) if amount is not None else None


def _bounded(words: Sequence[str]) -> PriceRange | None:
    for before, after, bound in (
        (MAX_BEFORE, MAX_AFTER, "max"),
        (MIN_BEFORE, MIN_AFTER, "min"),
        (AROUND_BEFORE, AROUND_AFTER, "around"),
    ):
        amount = _with_cue(words, before) or _with_cue(words, after, suffix=True)
        if amount is not None:
            return _bound(bound, amount)
    return None


def _bound(bound: str, amount: float) -> PriceRange:
    if bound == "max":
        return PriceRange(max=amount)
    if bound == "min":
        return PriceRange(min=amount)
    share = amount * AROUND_SHARE
    return PriceRange(min=round(amount - share, 2), max=round(amount + share, 2))


def _with_cue(
    words: Sequence[str], cues: Sequence[Phrase], *, suffix: bool = False
) -> float | None:
    for cue in cues:
        size = len(cue)
        if len(words) <= size:
            continue
        if suffix and tuple(words[-size:]) == cue:
            return amount_of(words[:-size])
        if not suffix and tuple(words[:size]) == cue:
            return amount_of(words[size:])
    return None


def _between(words: Sequence[str]) -> PriceRange | None:
    """A range, "between A and B", "from A to B", "A to B": the first split into two amounts."""
    for cue in BETWEEN_BEFORE:
        size = len(cue) if cue != ("",) else 0
        if size and tuple(words[:size]) != cue:
            continue
        rest = words[size:]
        for i, word in enumerate(rest):
            if word not in BETWEEN_JOINS or (word == "or" and size == 0):
                continue
            low, high = amount_of(rest[:i]), amount_of(rest[i + 1 :])
            if low is not None and high is not None:
                return PriceRange(min=min(low, high), max=max(low, high))
    return None
