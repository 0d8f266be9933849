"""Order ids in the store's own format, from what people say: "hash W one zero zero one".

A store numbers its orders `prefix + number`, the number zero-padded to a width (`#W1001`;
`StoreRow.order_id_prefix` and `order_number_width`). Shoppers say the prefix's letters or
leave them out, read the number digit by digit or in chunks ("ten oh one"), and wrap it in
words ("order number …", "pound …"). What comes out is always in the store's format.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from shoptalk.nlu.normalize.letters import read_letter
from shoptalk.nlu.normalize.numbers import Reading, read_digits, single_digit
from shoptalk.nlu.normalize.text import words_of

CUES = frozenset({"order", "orders", "order's", "id", "confirmation", "hash", "hashtag", "pound"})
"""Words that announce an order id: bare digits after one of these are an order number."""
FILLERS = frozenset({"number", "no", "num", "sharp", "dash", "hyphen", "the", "my"})
FILLERS_BEFORE = CUES | FILLERS | {"is", "it's", "its", "was", "it", "for", "of", "with"}
MAX_DIGITS = 12


@dataclass(frozen=True)
class OrderIdFormat:
    """How a store writes its order ids: `prefix` then the number, padded to `width` digits."""

    prefix: str = "#W"
    width: int = 4

    def format(self, digits: str) -> str:
        return self.prefix + digits.zfill(self.width)

    @property
    def spoken_prefix(self) -> str:
        """The prefix as it is said: its letters and digits, without symbols ("#W" → "w")."""
        return "".join(char for char in self.prefix.casefold() if char.isascii() and char.isalnum())


DEFAULT_FORMAT = OrderIdFormat()


def read_order_id(
    words: Sequence[str], start: int, form: OrderIdFormat = DEFAULT_FORMAT, *, cued: bool = True
) -> Reading[str] | None:
    """An order id at `start`. With `cued`, bare digits need a cue ("order 1001") to count."""
    position, said_cue = start, False
    while position < len(words) and words[position] in FILLERS_BEFORE:
        said_cue = said_cue or words[position] in CUES
        position += 1
    body = _read_body(words, position, form)
    if body is None:
        return None
    digits, end, said_prefix = body
    if cued and not (said_cue or said_prefix):
        return None
    if not digits or len(digits) > MAX_DIGITS:
        return None
    return Reading(form.format(digits), end)


def _read_body(
    words: Sequence[str], start: int, form: OrderIdFormat
) -> tuple[str, int, bool] | None:
    """(digits, end, whether the prefix was said) for "#w1001", "w 1001", "w one oh oh one"."""
    if start >= len(words):
        return None
    fused = _fused(words[start], form)
    if fused is not None:
        more = read_digits(words, start + 1)
        tail = more.value if more is not None else ""
        return fused + tail, more.end if more is not None else start + 1, True
    prefix_end = _read_prefix(words, start, form)
    digits = read_digits(words, prefix_end if prefix_end is not None else start)
    if digits is None:
        return None
    return digits.value, digits.end, prefix_end is not None


def _fused(word: str, form: OrderIdFormat) -> str | None:
    """The digits of a token written in one piece: "#w1001", "w1001", "#1001"."""
    bare = word.removeprefix("#")
    letters = form.spoken_prefix
    if letters and bare.startswith(letters) and bare[len(letters) :].isdigit():
        return bare[len(letters) :]
    if word.startswith("#") and bare.isascii() and bare.isdigit():
        return bare
    return None


def _read_prefix(words: Sequence[str], start: int, form: OrderIdFormat) -> int | None:
    """The position after the prefix said letter by letter, or None if it was not said."""
    if not form.spoken_prefix:
        return None
    if start < len(words) and words[start] == form.spoken_prefix:
        return _after_dashes(words, start + 1)
    position = start
    for char in form.spoken_prefix:
        reading = _read_prefix_char(words, position, char)
        if reading is None:
            return None
        position = _after_dashes(words, reading.end)
    return position


def _after_dashes(words: Sequence[str], start: int) -> int:
    while start < len(words) and words[start] in ("dash", "hyphen"):
        start += 1
    return start


def _read_prefix_char(words: Sequence[str], start: int, char: str) -> Reading[str] | None:
    if char.isdigit():
        said = single_digit(words[start]) if start < len(words) else None
        return Reading(char, start + 1) if said == char else None
    return read_letter(words, start, char)


def parse_order_id(text: str, form: OrderIdFormat = DEFAULT_FORMAT) -> str | None:
    """An order id in the store's format: "W one zero zero one", "hash W 1001" → "#W1001"."""
    words = words_of(text)
    reading = read_order_id(words, 0, form, cued=False)
    return reading.value if reading is not None and reading.end == len(words) else None
