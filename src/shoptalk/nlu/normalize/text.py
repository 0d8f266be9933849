"""Text as the understanding model sees it, and the way back to the words the shopper said.

Speech-to-text and typing spell the same things differently ("$29.99" / "twenty nine ninety
nine dollars", "T-shirt" / "t shirt", "50%" / "fifty percent"). `prepare` brings both towards
one form: lower case, Unicode compatibility forms, no punctuation, symbols as the words people
say for them. It changes nothing else: number words stay words, so the normalisers that read
values out of the model's spans see what was said.

Every token keeps the character span it came from, so a span of tokens found in the prepared
text maps back to the original words. Symbols may move ("$29.99" becomes "29.99 dollars"),
which is why a span is mapped back through its tokens' extremes rather than by offset.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_CHARS = 2000
"""Text past this is ignored: an utterance is a few hundred characters; a flood is an error."""

_TOKEN = re.compile(
    r"""
      (?P<email>[^\W_][\w.+-]*@[^\W_][\w-]*(?:\.[\w-]+)+)
    | (?P<hashid>\#[^\W_]+)
    | (?P<number>\d+(?:[.,]\d+)*)
    | (?P<dotted>[^\W\d_]+(?:\.[^\W_]+)+)
    | (?P<word>[^\W\d_]+(?:['\u2019][^\W\d_]+)*(?:\d+[^\W\d_]*)*)
    | (?P<symbol>[$€£%&+@\#-])
    """,
    re.VERBOSE,
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_SYMBOL_WORDS = {"%": "percent", "&": "and", "+": "plus", "@": "at", "#": "number"}
_CURRENCY_SYMBOLS = {"$": "dollars", "€": "euros", "£": "pounds"}


@dataclass(frozen=True)
class Token:
    """One normalised word and the characters of the original text it stands for."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class PreparedText:
    """The original text, its tokens, and the prepared text the model reads (`text`)."""

    original: str
    tokens: tuple[Token, ...]
    truncated: bool = False
    words: tuple[str, ...] = field(init=False)
    text: str = field(init=False)
    offsets: tuple[int, ...] = field(init=False)
    """Where each token starts in `text`."""

    def __post_init__(self) -> None:
        words = tuple(token.text for token in self.tokens)
        offsets, position = [], 0
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "text", " ".join(words))
        object.__setattr__(self, "offsets", tuple(offsets))

    def said(self, start: int, end: int) -> str:
        """The original characters behind tokens `start` to `end` (exclusive)."""
        chosen = self.tokens[start:end]
        if not chosen:
            return ""
        begin = min(token.start for token in chosen)
        return self.original[begin : max(token.end for token in chosen)]

    def token_span(self, char_start: int, char_end: int) -> tuple[int, int]:
        """The tokens a character span of `text` touches, as (start, end) token indices."""
        inside = [
            i
            for i, offset in enumerate(self.offsets)
            if offset < char_end and offset + len(self.words[i]) > char_start
        ]
        return (inside[0], inside[-1] + 1) if inside else (0, 0)


def prepare(text: str) -> PreparedText:
    """Tokenise and normalise `text`; never fails, whatever the input."""
    truncated = len(text) > MAX_CHARS
    original = text[:MAX_CHARS]
    return PreparedText(original, tuple(_tokens(original)), truncated)


def words_of(text: str) -> tuple[str, ...]:
    """The prepared words of `text`: what the normalisers read."""
    return prepare(text).words


def _tokens(text: str) -> Iterator[Token]:
    matches = list(_TOKEN.finditer(text))
    pending_currency: Token | None = None
    for i, match in enumerate(matches):
        kind = match.lastgroup or ""
        following = matches[i + 1] if i + 1 < len(matches) else None
        previous = matches[i - 1] if i else None
        if kind == "symbol":
            symbol = match.group()
            if symbol in _CURRENCY_SYMBOLS and _adjacent(match, following, "number"):
                pending_currency = Token(_CURRENCY_SYMBOLS[symbol], match.start(), match.end())
                continue
            yield from _symbol(match, previous, following)
            continue
        if kind == "word" and _is_ordinal_suffix(match, previous):
            continue
        yield from _token(match, kind, following)
        if pending_currency is not None and not _thousands_suffix(match, following):
            yield pending_currency
            pending_currency = None


def _token(match: re.Match[str], kind: str, following: re.Match[str] | None) -> Iterator[Token]:
    raw, start = match.group(), match.start()
    if kind != "number":
        yield Token(_normal(raw), start, match.end())
    elif _THOUSANDS.match(raw) or "," not in raw:
        suffix, end = "", match.end()
        adjacent = following is not None and _adjacent(match, following, "word")
        if adjacent and following is not None and following.group().casefold() in _ORDINAL_SUFFIXES:
            suffix, end = following.group().casefold(), following.end()
        yield Token(_normal(raw.replace(",", "")) + suffix, start, end)
    else:
        for part in re.finditer(r"\d+(?:\.\d+)?", raw):
            yield Token(_normal(part.group()), start + part.start(), start + part.end())


def _symbol(
    match: re.Match[str], previous: re.Match[str] | None, following: re.Match[str] | None
) -> Iterator[Token]:
    symbol = match.group()
    if symbol == "-":
        after_number = previous is not None and previous.lastgroup == "number"
        before_number = following is not None and (
            following.lastgroup == "number" or following.group() in _CURRENCY_SYMBOLS
        )
        if after_number and before_number:
            yield Token("to", match.start(), match.end())
        return
    word = _SYMBOL_WORDS.get(symbol) or _CURRENCY_SYMBOLS.get(symbol)
    if word:
        yield Token(word, match.start(), match.end())


def _is_ordinal_suffix(match: re.Match[str], previous: re.Match[str] | None) -> bool:
    """Skips the suffix of "1st": the suffix was folded into the number token already."""
    return (
        previous is not None
        and previous.lastgroup == "number"
        and previous.end() == match.start()
        and "," not in previous.group()
        and match.group().casefold() in _ORDINAL_SUFFIXES
    )


def _thousands_suffix(match: re.Match[str], following: re.Match[str] | None) -> bool:
    """Whether "k" follows the number at once ("$2k"): the currency word goes after it."""
    return (
        match.lastgroup == "number"
        and _adjacent(match, following, "word")
        and following is not None
        and following.group().casefold() == "k"
    )


def _adjacent(match: re.Match[str], following: re.Match[str] | None, kind: str) -> bool:
    return (
        following is not None
        and following.lastgroup == kind
        and following.start() - match.end() <= (0 if kind == "word" else 1)
    )


def _normal(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).casefold().replace("\u2019", "'")
