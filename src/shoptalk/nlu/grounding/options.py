"""Which option values a stretch of words names: "two large dark roast lattes" → size large,
roast dark roast.

Each option value is known by phrases, its canonical value and its synonyms, as matching terms
("12 oz" = "twelve ounces"). Phrases are found anywhere in the words, slips allowed word by
word; where found phrases overlap, the longest wins ("dark blue" is navy, not blue; "iced"
does not leave "mocha" behind). A canonical value scores above a synonym (the lamp's "white"
finish before its shade's "white linen"), and naming the option next to the value ("size
large", "large size") adds to the score. Bare numbers ("9") are sizes only next to their
option's name ("size nine"), unless the words are one value span the model found.

A stretch that names several values equally well is kept with all of them: `choice` is None
and nothing is guessed.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shoptalk.commerce.catalog_view import ProductOption
from shoptalk.nlu.grounding.lexicon import Lexicon
from shoptalk.nlu.grounding.terms import Term, phrase_terms, terms_of
from shoptalk.nlu.normalize.numbers import is_numeral
from shoptalk.nlu.normalize.text import PreparedText

SYNONYM_SCORE = 0.95
NAMED_BONUS = 0.04
SIZE_SPELLINGS = {
    "xs": ("x small", "extra small", "x s"),
    "xl": ("x large", "extra large", "x l"),
    "xxl": ("double x large", "double extra large", "double xl", "double x l", "xx large", "2xl"),
}
"""How people say letter sizes, whatever synonyms the catalog lists."""


@dataclass(frozen=True)
class OptionChoice:
    """An option name and one of its canonical values."""

    name: str
    value: str
    score: float

    @property
    def said_exactly(self) -> bool:
        """The value or a synonym was said as written, not reached through a slip."""
        return self.score >= SYNONYM_SCORE


@dataclass(frozen=True)
class OptionMention:
    """Tokens `start` to `end` of the prepared text, and the values they may name, best first."""

    said: str
    start: int
    end: int
    choices: tuple[OptionChoice, ...]

    @property
    def choice(self) -> OptionChoice | None:
        """The one value named, or None when two values are named equally well."""
        if len(self.choices) > 1 and self.choices[1].score >= self.choices[0].score:
            return None
        return self.choices[0] if self.choices else None


@dataclass(frozen=True)
class _Phrase:
    terms: tuple[str, ...]
    name: str
    value: str
    canonical: bool

    @property
    def numeric(self) -> bool:
        return all(is_numeral(term) for term in self.terms)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    """Term positions, option names said beside the value included."""
    choices: tuple[OptionChoice, ...]


class OptionTable:
    """The option values of one product, or of the whole catalog, ready to be found in words."""

    def __init__(self, options: Iterable[ProductOption]) -> None:
        phrases: dict[_Phrase, None] = {}
        names: dict[str, tuple[str, ...]] = {}
        for option in options:
            names[option.name] = phrase_terms(option.name)
            for value in option.values:
                for spelling in (*value.spellings, *SIZE_SPELLINGS.get(value.value.lower(), ())):
                    canonical = spelling == value.value
                    terms = phrase_terms(spelling)
                    if terms:
                        phrases[_Phrase(terms, option.name, value.value, canonical)] = None
        self._by_first: dict[str, list[_Phrase]] = defaultdict(list)
        for phrase in phrases:
            self._by_first[phrase.terms[0]].append(phrase)
        self._names = names
        self.lexicon = Lexicon(
            (term, term) for phrase in phrases for term in phrase.terms if not is_numeral(term)
        )

    def find(self, prepared: PreparedText, *, one_span: bool = False) -> tuple[OptionMention, ...]:
        """The option values named in `prepared`, left to right, none overlapping."""
        terms = terms_of(prepared)
        found = self._candidates(terms, one_span=one_span)
        chosen = _without_overlaps(found)
        return tuple(
            OptionMention(
                prepared.said(terms[f.start].start, terms[f.end - 1].end),
                terms[f.start].start,
                terms[f.end - 1].end,
                f.choices,
            )
            for f in chosen
        )

    def _candidates(self, terms: Sequence[Term], *, one_span: bool) -> list[_Found]:
        qualities = [dict(self.lexicon.lookup(term)) for term in terms]
        for quality, term in zip(qualities, terms, strict=True):
            if is_numeral(term.text):
                quality[term.text] = 1.0
        spans: dict[tuple[int, int], dict[tuple[str, str], float]] = defaultdict(dict)
        for start in range(len(terms)):
            for first in qualities[start]:
                for phrase in self._by_first.get(first, ()):
                    self._try(phrase, start, terms, qualities, spans, one_span=one_span)
        return [_Found(start, end, _ranked(choices)) for (start, end), choices in spans.items()]

    def _try(
        self,
        phrase: _Phrase,
        start: int,
        terms: Sequence[Term],
        qualities: Sequence[dict[str, float]],
        spans: dict[tuple[int, int], dict[tuple[str, str], float]],
        *,
        one_span: bool,
    ) -> None:
        end = start + len(phrase.terms)
        if end > len(terms):
            return
        score = 1.0 if phrase.canonical else SYNONYM_SCORE
        for offset, wanted in enumerate(phrase.terms):
            score *= qualities[start + offset].get(wanted, 0.0)
        if not score:
            return
        named_start, named_end = self._with_name(phrase.name, start, end, terms)
        named = (named_start, named_end) != (start, end)
        if phrase.numeric and not named and not (one_span and end - start == len(terms)):
            return
        key = (phrase.name, phrase.value)
        span = spans[(named_start, named_end)]
        span[key] = max(span.get(key, 0.0), round(score + NAMED_BONUS * named, 6))

    def _with_name(self, name: str, start: int, end: int, terms: Sequence[Term]) -> tuple[int, int]:
        """The span widened by the option's name said right before or after it ("size 9")."""
        said = tuple(term.text for term in terms)
        for words in (self._names[name], self._names[name][-1:]):
            size = len(words)
            if size and said[end : end + size] == words:
                return start, end + size
            if size and start >= size and said[start - size : start] == words:
                return start - size, end
        return start, end


def _ranked(choices: dict[tuple[str, str], float]) -> tuple[OptionChoice, ...]:
    ranked = sorted(choices.items(), key=lambda item: (-item[1], item[0]))
    return tuple(OptionChoice(name, value, score) for (name, value), score in ranked)


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """Longest first, then best scored, then leftmost; returned left to right."""
    found.sort(key=lambda f: (-(f.end - f.start), -f.choices[0].score, f.start))
    taken: list[_Found] = []
    for candidate in found:
        if all(candidate.end <= t.start or candidate.start >= t.end for t in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda f: f.start)
