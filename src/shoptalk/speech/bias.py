"""Store-aware recognition: what the store sells and what the conversation expects next.

Two levers, each kept only as far as `benchmarks/speech.py` shows it helps:
- before decoding, a *prompt*: Whisper continues the style of the text it is given as "what
  was said before", so an example of the expected answer (an order id) makes that form likelier.
  It is one short sentence, never a list of digits (that sent Whisper into repetition loops).
- after decoding, a *correction* of the transcript against the store's phrases and the items
  just listed, only where the evidence is strong: a near match of several letters, never a
  rewrite of a short word. It took the round-trip word error rate from 18.5% to 14.7%.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz, process

from shoptalk.speech.email_repair import EmailWords, repair_email


class Expectation(Enum):
    """What the assistant just asked for, so what the next utterance most likely holds."""

    ANY = "any"
    ORDER_ID = "order_id"
    NUMBER = "number"
    EMAIL = "email"
    LIST_ITEMS = "list_items"
    """One of the items of the list the assistant just read out (`RecognitionContext.choices`)."""


@dataclass(frozen=True)
class RecognitionContext:
    """Everything the caller knows that makes some words likelier than others.

    `vocabulary`: the store's phrases (product names, brands, option values), most useful first;
    `choices`: the item names of the list just read out; `order_id_prefix` and
    `order_id_width`: the store's order id format ("#W" and 4 for "#W1001"); `emails`: what the
    store's email addresses are made of.
    """

    expectation: Expectation = Expectation.ANY
    vocabulary: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    order_id_prefix: str = "#W"
    order_id_width: int = 4
    emails: EmailWords | None = None


NO_CONTEXT = RecognitionContext()
EXAMPLES = {
    Expectation.ORDER_ID: "My order number is {prefix}1042.",
    Expectation.NUMBER: "Three, please.",
}
"""An answer in the expected form, given to Whisper as what was said before: it copies its
spelling. Measured (benchmarks/speech.py): order ids right 45 → 50 of 51, single spoken digits
53% → 63%. Store phrases and list items in the prompt did not help (a list once came back with
"Please. Please."), and an example email leaked into transcripts: those are left to `correct`."""


def prompt_for(context: RecognitionContext) -> str | None:
    """The text Whisper is told came before the utterance; None when nothing is expected."""
    example = EXAMPLES.get(context.expectation)
    if example is None:
        return None
    return example.format(prefix=context.order_id_prefix.lstrip("#"))


DIGIT_HOMOPHONES = {
    "to": "two",
    "too": "two",
    "for": "four",
    "fore": "four",
    "won": "one",
    "ate": "eight",
    "oh": "zero",
    "o": "zero",
    "tree": "three",
    "sex": "six",
    "nein": "nine",
}
NUMBER_WORDS = frozenset("zero one two three four five six seven eight nine ten".split())
SPELLED = re.compile(r"\b([A-Za-z]?\d?)(?:-\d){2,}\b|\b[A-Za-z](?:-\d)+\b")
"""Characters spelled with hyphens ("W-1-0-0-1"), Whisper's way of writing spelled-out ids."""
MIN_PHRASE_CHARS = 5
VOCABULARY_SCORE, CHOICE_SCORE = 88.0, 80.0
"""Similarity (0 to 100) a stretch of transcript needs to be rewritten as a store phrase; the
items just read out need less, since the shopper is expected to name one of them."""


@dataclass(frozen=True)
class Correction:
    """A rewritten transcript and what changed, for logs and benchmarks."""

    text: str
    changes: tuple[tuple[str, str], ...] = ()


def correct(text: str, context: RecognitionContext) -> Correction:
    """The transcript with spelled ids joined, digit homophones fixed where a number is
    expected, an expected email address rebuilt from the store's, and near misses of the
    expected phrases rewritten to them."""
    changes: list[tuple[str, str]] = []
    text = SPELLED.sub(lambda m: _note(changes, m[0], m[0].replace("-", "")), text)
    if context.expectation in (Expectation.ORDER_ID, Expectation.NUMBER):
        text = _fix_digit_words(text, changes)
    if context.expectation is Expectation.EMAIL and context.emails is not None:
        text = _note(changes, text, repair_email(text, context.emails))
    return Correction(_snap_phrases(text, _targets(context), changes), tuple(changes))


def order_id_lengths(text: str, context: RecognitionContext) -> list[int]:
    """How many digits each order id written in `text` has: "W1991" and "W-1-9-9-1" → [4],
    "W991" → [3]."""
    letters = re.escape(context.order_id_prefix.lstrip("#").lower())
    joined = SPELLED.sub(lambda m: m[0].replace("-", ""), text).lower()
    return [len(m[1]) for m in re.finditer(rf"(?<![a-z0-9]){letters}[\s-]?(\d+)", joined)]


def _note(changes: list[tuple[str, str]], before: str, after: str) -> str:
    if before != after:
        changes.append((before, after))
    return after


def _fix_digit_words(text: str, changes: list[tuple[str, str]]) -> str:
    """ "to"/"for"/"won" → "two"/"four"/"one" when next to another digit, or when the whole
    answer is that one word."""
    tokens = text.split()
    bare = [_bare(token) for token in tokens]
    for i, word in enumerate(bare):
        if word not in DIGIT_HOMOPHONES:
            continue
        near = [bare[j] for j in (i - 1, i + 1) if 0 <= j < len(bare)]
        if len(bare) == 1 or any(_is_digit_word(other) for other in near):
            fixed = re.sub(r"[A-Za-z]+", DIGIT_HOMOPHONES[word], tokens[i], count=1)
            tokens[i] = _note(changes, tokens[i], fixed)
    return " ".join(tokens)


def _is_digit_word(word: str) -> bool:
    return word.isdigit() or word in NUMBER_WORDS or word in DIGIT_HOMOPHONES


def _bare(token: str) -> str:
    return token.strip(".,!?;:\"'").lower()


def _targets(context: RecognitionContext) -> Iterable[tuple[str, float]]:
    if context.expectation is Expectation.LIST_ITEMS:
        yield from ((choice, CHOICE_SCORE) for choice in context.choices)
    yield from ((phrase, VOCABULARY_SCORE) for phrase in context.vocabulary)


@dataclass(frozen=True)
class _Match:
    """A stretch of the transcript's words (`start` to `end`) and the phrase it is most like."""

    phrase: str
    score: float
    start: int
    end: int
    said: tuple[str, ...]
    """The words of the stretch, as heard."""

    def overlaps(self, other: "_Match") -> bool:
        return self.start < other.end and other.start < self.end

    def outgrows(self, other: "_Match", threshold: float) -> bool:
        """This longer phrase takes in all of `other`'s stretch, and the rest of its stretch is
        like the rest of the phrase: the brand said within a product name ("Bassline Audio" in
        "bassline audio loop over your headphones"), not a product said whole within a longer
        name ("Ridgeline Timber Hiking Boot" is not the "Ridgeline Timber Mid Hiking Boot")."""
        if not (self.start <= other.start and other.end <= self.end):
            return False
        rest_said = self.said[: other.start - self.start] + self.said[other.end - self.start :]
        inner = _words(other.phrase)
        rest = [word for word in _words(self.phrase) if word not in inner]
        similarity = fuzz.ratio(_letters(" ".join(rest_said)), "".join(rest))
        return bool(rest) and similarity >= threshold


def _snap_phrases(
    text: str, targets: Iterable[tuple[str, float]], changes: list[tuple[str, str]]
) -> str:
    """Rewrites each stretch of `text` to the phrase it is most like, when like enough.

    Every phrase is matched against the transcript as heard, and each stretch goes to its best
    phrase: rewriting phrase after phrase would let one rewrite feed the next ("Prime 13-inch
    Laptop" → "Prime 15-inch Laptop" → "Slim 15-inch Laptop"). A stretch that already says a
    store phrase (or its plural) is kept, unless a longer phrase takes it in; two phrases
    equally like one stretch leave it as heard, for the understanding step to report both."""
    claimed: list[_Match] = []
    tied: list[_Match] = []
    matches = (_best_stretch(text, phrase, threshold) for phrase, threshold in targets)
    for match in sorted(filter(None, matches), key=lambda m: (-m.score, -len(m.phrase))):
        rivals = [c for c in claimed if c.overlaps(match)]
        if all(match.outgrows(rival, VOCABULARY_SCORE) for rival in rivals):
            claimed = [c for c in claimed if c not in rivals] + [match]
        tied += [r for r in rivals if r.score == match.score < 100.0 and r.phrase != match.phrase]
    tokens = text.split()
    for match in sorted((c for c in claimed if c not in tied), key=lambda m: -m.start):
        before = " ".join(tokens[match.start : match.end])
        if not _said_as(before, match.phrase):
            trailing = before[len(before.rstrip(".,!?;:")) :]
            tokens[match.start : match.end] = [_note(changes, before, match.phrase + trailing)]
    return " ".join(tokens)


def _best_stretch(text: str, phrase: str, threshold: float) -> _Match | None:
    """The stretch of `text` most like `phrase`, when like enough. Stretches are compared
    without spaces or hyphens, since Whisper splits and joins an unfamiliar name freely ("sit
    will high back" for "Sitwell High-Back"), so they may run a word or two longer than the
    phrase. A word heard as one other word is left alone: Whisper spells the words it knows
    ("late", "american"), so a one-word phrase is only put together from a split one."""
    if len(phrase) < MIN_PHRASE_CHARS:
        return None
    size, letters = len(phrase.split()), _letters(phrase)
    best: _Match | None = None
    for length in range(max(1, size - 1), size + 3):
        found = process.extractOne(
            letters, _stretches(text, length), scorer=fuzz.ratio, score_cutoff=threshold
        )
        if found is None or (length == size == 1 and found[0] not in _plurals(letters)):
            continue
        if best is None or found[1] > best.score:
            start = found[2]
            best = _Match(
                phrase, found[1], start, start + length, _words_of(text)[start : start + length]
            )
    return best


@lru_cache(maxsize=32)
def _words_of(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@lru_cache(maxsize=32)
def _stretches(text: str, length: int) -> list[str]:
    """Every run of `length` words of `text`, in letters and digits only, by where it starts."""
    tokens = _words_of(text)
    return [_letters(" ".join(tokens[i : i + length])) for i in range(len(tokens) - length + 1)]


def _said_as(stretch: str, phrase: str) -> bool:
    """The stretch says the phrase, or its plural, word for word ("13 inch" for "13-inch")."""
    said, words = _words(stretch), _words(phrase)
    return said[:-1] == words[:-1] and len(said) == len(words) and said[-1] in _plurals(words[-1])


def _plurals(word: str) -> tuple[str, str, str]:
    return word, word + "s", word + "es"


def _words(text: str) -> list[str]:
    """The runs of letters and digits, "&" said as "and"."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("&", "and")) or [""]


def _letters(text: str) -> str:
    """Letters and digits only, "&" said as "and"."""
    return "".join(_words(text))
