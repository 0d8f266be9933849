"""Entities found in text without the model: emails, order ids, prices, zips, positions,
numbers, each with its token span and its value.

The model reads the prepared text; these spans can go in beside it as features, and serve as a
fallback when a slot the model missed is plain to see ("#W1001"). Inside a sentence the rules
are stricter than for a span the model chose: bare digits are an order id only after "order"
(or with the store's prefix), a number is a price only with a currency word or a comparison
("under fifty"), five digits are a zip code only when written or read digit by digit or after
"zip". At each position the longest entity wins; for equal lengths the order of `KINDS` does.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from shoptalk.nlu.normalize import money
from shoptalk.nlu.normalize.addresses import ZIP_CUES, zip_of
from shoptalk.nlu.normalize.emails import read_email
from shoptalk.nlu.normalize.money import PriceRange
from shoptalk.nlu.normalize.numbers import (
    NUMBER_WORDS,
    QUANTITY_PHRASES,
    Reading,
    is_numeral,
    read_number,
    read_quantity,
    single_digit,
)
from shoptalk.nlu.normalize.order_ids import DEFAULT_FORMAT, OrderIdFormat, read_order_id
from shoptalk.nlu.normalize.ordinals import LAST, TOP, read_ordinal
from shoptalk.nlu.normalize.text import PreparedText, prepare

EntityKind = Literal["email", "order_id", "price", "zip", "ordinal", "number"]
KINDS: tuple[EntityKind, ...] = get_args(EntityKind)
EntityValue = str | int | float | PriceRange

MAX_PRICE_WORDS = 14
UNIT_WORDS = frozenset(
    {"pound", "pounds", "lb", "lbs", "ounce", "ounces", "oz", "inch", "inches", "gb", "tb"}
    | {"percent", "day", "days", "hour", "hours", "minute", "minutes", "week", "weeks"}
    | {"month", "months", "year", "years", "people", "person", "feet", "ft", "mm", "liters"}
)
"""Words after a number that make it a measure, not a price ("under two pounds")."""
DETERMINERS = frozenset({"that", "this", "the", "which", "another", "each", "every", "any", "no"})
NAME_WORDS = frozenset({"name", "names"})
CLOSERS = frozenset({"", "please", "thanks", "too", "instead", "then", "now", "for", "with"})
"""Words after "one" that leave it a pronoun ("the blue one please")."""
PRICE_CUES = tuple(
    cue
    for cue in (*money.MAX_BEFORE, *money.MIN_BEFORE, *money.AROUND_BEFORE, *money.BETWEEN_BEFORE)
    if cue not in (("from",), ("",))
)
PRICE_TRIGGERS = frozenset(cue[0] for cue in PRICE_CUES)


@dataclass(frozen=True)
class Entity:
    """Tokens `start` to `end` (exclusive) of the prepared text, what they say, and its value."""

    kind: EntityKind
    start: int
    end: int
    value: EntityValue
    said: str


Reader = Callable[[Sequence[str], int], Reading[EntityValue] | None]


def find_entities(
    text: str | PreparedText, order_ids: OrderIdFormat = DEFAULT_FORMAT
) -> tuple[Entity, ...]:
    """Every entity in `text`, left to right, none overlapping."""
    prepared = prepare(text) if isinstance(text, str) else text
    words = prepared.words
    readers = _readers(order_ids)
    found: list[Entity] = []
    position = 0
    while position < len(words):
        best = _longest(readers, words, position)
        if best is None:
            position += 1
            continue
        kind, reading = best
        said = prepared.said(position, reading.end)
        found.append(Entity(kind, position, reading.end, reading.value, said))
        position = reading.end
    return tuple(found)


def _readers(order_ids: OrderIdFormat) -> dict[EntityKind, Reader]:
    def order_id(words: Sequence[str], start: int) -> Reading[EntityValue] | None:
        if words[start] in ("the", "my", "is", "it's", "its", "was", "it", "for", "of", "with"):
            return None
        return _widen(read_order_id(words, start, order_ids))

    return {
        "email": lambda words, start: _widen(read_email(words, start)),
        "order_id": order_id,
        "price": _price,
        "zip": _zip,
        "ordinal": _ordinal,
        "number": _number,
    }


def _longest(
    readers: dict[EntityKind, Reader], words: Sequence[str], start: int
) -> tuple[EntityKind, Reading[EntityValue]] | None:
    best: tuple[EntityKind, Reading[EntityValue]] | None = None
    for kind in KINDS:
        reading = readers[kind](words, start)
        if reading is not None and (best is None or reading.end > best[1].end):
            best = kind, reading
    return best


def _widen(reading: Reading[str] | Reading[int] | None) -> Reading[EntityValue] | None:
    return None if reading is None else Reading(reading.value, reading.end)


def _price(words: Sequence[str], start: int) -> Reading[EntityValue] | None:
    first = words[start]
    if first not in PRICE_TRIGGERS and not _is_number_word(first):
        return None
    for end in range(min(len(words), start + MAX_PRICE_WORDS), start, -1):
        span = words[start:end]
        if not _price_cued(span) or (end < len(words) and words[end] in UNIT_WORDS):
            continue
        found = money.range_of(span)
        if found is not None:
            return Reading(found, end)
    return None


def _price_cued(span: Sequence[str]) -> bool:
    return money.has_currency(span) or any(tuple(span[: len(cue)]) == cue for cue in PRICE_CUES)


def _zip(words: Sequence[str], start: int) -> Reading[EntityValue] | None:
    for cue in ZIP_CUES:
        if tuple(words[start : start + len(cue)]) == cue:
            after = start + len(cue)
            for end in range(min(len(words), after + 10), after, -1):
                found = zip_of(words[after:end])
                if found is not None:
                    return Reading(found, end)
            return None
    word = words[start]
    if len(word) == 5 and word.isascii() and word.isdigit():
        return Reading(word, start + 1)
    digits = [single_digit(w) for w in words[start : start + 6]]
    if len(digits) >= 5 and all(digits[:5]) and (len(digits) == 5 or digits[5] is None):
        return Reading("".join(d for d in digits[:5] if d), start + 5)
    return None


def _ordinal(words: Sequence[str], start: int) -> Reading[EntityValue] | None:
    word = words[start]
    after = words[start + 1] if start + 1 < len(words) else ""
    if after in NAME_WORDS:
        return None
    if (word in TOP or (word in LAST and word not in ("last", "final"))) and (
        start == 0 or words[start - 1] != "the"
    ):
        return None
    reading = read_ordinal(words, start)
    if reading is None:
        return None
    end = reading.end + (reading.end < len(words) and words[reading.end] in ("one", "ones"))
    return Reading(reading.value, end)


def _number(words: Sequence[str], start: int) -> Reading[EntityValue] | None:
    word = words[start]
    if word in ("one", "ones") and _is_pronoun(words, start):
        return None
    quantity = read_quantity(words, start)
    number = read_number(words, start) if _is_number_word(word) else None
    if quantity is not None and quantity.end - start == 1 and (word,) in QUANTITY_PHRASES:
        quantity = None
    if quantity is not None and (number is None or quantity.end > number.end):
        return Reading(quantity.value, quantity.end)
    return None if number is None else Reading(number.value, number.end)


def _is_pronoun(words: Sequence[str], start: int) -> bool:
    """Whether "one" stands for a thing: "that one", "the blue one", "the red one please"."""
    after = words[start + 1] if start + 1 < len(words) else ""
    return (start > 0 and words[start - 1] in DETERMINERS) or after in CLOSERS


def _is_number_word(word: str) -> bool:
    return word in NUMBER_WORDS or is_numeral(word) or word in ("a", "an", "point")
