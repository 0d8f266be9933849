"""Positions in a list the assistant just read out: "the second one" → 2, "the last one" → -1.

The convention is `Slots.ordinal`: 1-based from the top, negative from the bottom (-1 is the
last, -2 the one before it). "That one" names no position and gives None.
"""

from collections.abc import Iterator, Sequence

from shoptalk.nlu.normalize.numbers import TENS, Reading, read_cardinal
from shoptalk.nlu.normalize.text import words_of

ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "forth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "hundredth": 100,
}
LAST = frozenset({"last", "final", "bottom", "latter", "lowest"})
TOP = frozenset({"top", "former", "topmost"})
FROM_END: tuple[tuple[str, ...], ...] = (
    ("to", "last"),
    ("to", "the", "last"),
    ("last",),
    ("from", "last"),
    ("from", "the", "end"),
    ("from", "the", "bottom"),
    ("from", "bottom"),
)
SECOND_LAST: tuple[tuple[str, ...], ...] = (
    ("penultimate",),
    ("next", "to", "last"),
    ("last", "but", "one"),
    ("one", "before", "last"),
    ("one", "before", "the", "last"),
)
MARKERS = frozenset({"number", "no", "num", "option", "item", "choice", "result", "pick"})
"""Words that turn a cardinal into a position: "number three", "option two"."""
DEICTIC = frozenset({"that", "this", "the", "which", "those", "these"})
LEADING = frozenset({"the", "pick", "choose", "select", "take", "go", "with", "want", "i", "very"})
TRAILING = frozenset({"one", "ones", "option", "item", "choice", "result", "please", "thing"})
TRAILING_PHRASES: tuple[tuple[str, ...], ...] = (
    ("on", "the", "list"),
    ("in", "the", "list"),
    ("from", "the", "top"),
    ("from", "top"),
    ("one", "on", "the", "list"),
)


def ordinal_word(word: str) -> int | None:
    """An ordinal word: "second" → 2, "21st" → 21."""
    if word in ORDINALS:
        return ORDINALS[word]
    digits = word[:-2]
    if word[-2:] in ("st", "nd", "rd", "th") and digits.isascii() and digits.isdigit():
        return int(digits) or None
    return None


def read_ordinal(words: Sequence[str], start: int) -> Reading[int] | None:
    """A position said with an ordinal or a marker: "twenty first", "second to last", "#3"."""
    for phrase in SECOND_LAST:
        if tuple(words[start : start + len(phrase)]) == phrase:
            return Reading(-2, start + len(phrase))
    word = words[start] if start < len(words) else ""
    if word in LAST:
        return Reading(-1, start + 1)
    if word in TOP:
        return Reading(1, start + 1)
    position = _read_position(words, start)
    if position is None:
        return _read_marked(words, start)
    for phrase in FROM_END:
        if tuple(words[position.end : position.end + len(phrase)]) == phrase:
            return Reading(-position.value, position.end + len(phrase))
    return position


def _read_position(words: Sequence[str], start: int) -> Reading[int] | None:
    """An ordinal: "second", "21st", "twenty first"."""
    word = words[start] if start < len(words) else ""
    if word in TENS and start + 1 < len(words):
        unit = ORDINALS.get(words[start + 1], 0)
        if 1 <= unit <= 9:
            return Reading(TENS[word] + unit, start + 2)
    value = ordinal_word(word)
    return Reading(value, start + 1) if value else None


def _read_marked(words: Sequence[str], start: int) -> Reading[int] | None:
    """A marked position: "number three", "option 2", "#3"."""
    word = words[start] if start < len(words) else ""
    if word.startswith("#") and word[1:].isascii() and word[1:].isdigit() and int(word[1:]):
        return Reading(int(word[1:]), start + 1)
    if word not in MARKERS:
        return None
    number = read_cardinal(words, start + 1)
    if number is None or not isinstance(number.value, int) or number.value < 1:
        return None
    return Reading(number.value, number.end)


def parse_ordinal(text: str) -> int | None:
    """A position: "the second one" → 2, "the last one" → -1, "number three" → 3, "three" → 3."""
    words = words_of(text)
    for core in _cores(words):
        reading = read_ordinal(core, 0) or _bare_cardinal(core)
        if reading is not None and reading.end == len(core):
            return reading.value
    return None


def _bare_cardinal(words: Sequence[str]) -> Reading[int] | None:
    """A span the model already called a position may be a plain number: "three"."""
    number = read_cardinal(words, 0)
    if number is None or not isinstance(number.value, int) or number.value < 1:
        return None
    return Reading(number.value, number.end)


def _cores(words: Sequence[str]) -> Iterator[Sequence[str]]:
    """The span, then the span without ever more of the words around a position."""
    start = 0
    while start < len(words) and words[start] in LEADING:
        start += 1
    if start and words[start - 1] in DEICTIC and tuple(words[start:]) in (("one",), ("ones",)):
        return
    if start < len(words) and words[start] in DEICTIC:
        return
    yield from _without_trailing(words[start:])


def _without_trailing(words: Sequence[str]) -> Iterator[Sequence[str]]:
    yield words
    for phrase in (*TRAILING_PHRASES, *((word,) for word in TRAILING)):
        if len(words) > len(phrase) and tuple(words[-len(phrase) :]) == phrase:
            yield from _without_trailing(words[: -len(phrase)])
