"""The terms of a catalog and how a said term reaches them: exactly, split, or by a slip.

A said term that is not in the catalog may still mean one that is: speech recognition writes
"lottie" for "latte" and "tshirt" for "t shirt". A slip is accepted when the two spellings are
close (edit-distance ratio ≥ 0.8), or sound alike (same sound key) and are not far apart
(ratio ≥ 0.55), or nearly sound alike (keys that differ in one sound after the first) and
are nearer (ratio ≥ 0.65).
Words under four letters, numbers and everything else are never guessed. A slip counts for
less than an exact match (at most `SLIP_QUALITY`), so the word the shopper actually said wins.
"""

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from shoptalk.nlu.grounding.phonetic import sound_key
from shoptalk.nlu.grounding.terms import Term, stem

MIN_SLIP_LENGTH = 4
CLOSE_RATIO = 80.0
SOUND_ALIKE_RATIO = 55.0
NEAR_SOUND_RATIO = 65.0
SOUND_ALIKE_FLOOR = 0.8
SLIP_QUALITY = 0.9
MAX_SLIPS = 5
CACHE_SIZE = 4096

Candidate = tuple[str, float]
"""A catalog term and how well a said term matches it (1.0: exactly)."""


class Lexicon:
    """The matching terms of some catalog text, each with the words it was spelled from."""

    def __init__(self, spellings: Iterable[tuple[str, str]]) -> None:
        """`spellings`: (term, prepared word) pairs, e.g. ("latt", "lattes")."""
        keys: dict[str, set[str]] = defaultdict(set)
        for term, word in spellings:
            keys[term].add(sound_key(word))
        self.terms = frozenset(keys)
        self._keys = {term: frozenset(found) for term, found in keys.items()}
        self._slippable = sorted(t for t in self.terms if t.isalpha() and len(t) >= MIN_SLIP_LENGTH)
        self._cache: dict[tuple[str, str], tuple[Candidate, ...]] = {}

    def lookup(self, term: Term) -> tuple[Candidate, ...]:
        """Catalog terms `term` may mean, best first; empty when none."""
        if term.text in self.terms:
            return ((term.text, 1.0),)
        cache_key = (term.text, term.surface)
        found = self._cache.get(cache_key)
        if found is None:
            found = self._slips(term)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[cache_key] = found
        return found

    def split(self, word: str) -> tuple[str, str] | None:
        """A run-together word as two catalog terms: "tshirt" → ("t", "shirt")."""
        if not word.isalpha() or len(word) < MIN_SLIP_LENGTH:
            return None
        for cut in range(1, len(word)):
            head, tail = stem(word[:cut]), stem(word[cut:])
            if head in self.terms and tail in self.terms and max(cut, len(word) - cut) >= 3:
                return head, tail
        return None

    def _slips(self, term: Term) -> tuple[Candidate, ...]:
        if not term.surface.isalpha() or len(term.surface) < MIN_SLIP_LENGTH:
            return ()
        key = sound_key(term.surface)
        near = process.extract(
            term.text,
            self._slippable,
            scorer=fuzz.ratio,
            score_cutoff=SOUND_ALIKE_RATIO,
            limit=MAX_SLIPS * 4,
        )
        accepted: list[Candidate] = []
        for choice, ratio, _ in near:
            alike = key in self._keys[choice]
            near_sound = ratio >= NEAR_SOUND_RATIO and any(
                _one_sound_apart(key, other) for other in self._keys[choice]
            )
            if ratio >= CLOSE_RATIO or alike or near_sound:
                floor = SOUND_ALIKE_FLOOR if alike else 0.0
                accepted.append((choice, round(SLIP_QUALITY * max(ratio / 100, floor), 4)))
        accepted.sort(key=lambda candidate: (-candidate[1], candidate[0]))
        return tuple(accepted[:MAX_SLIPS])


def _one_sound_apart(key: str, other: str) -> bool:
    """Keys like "MK" and "MX" (moka, mocha): same length and first sound, one sound different."""
    return (
        len(key) == len(other) > 1 and key[0] == other[0] and Levenshtein.distance(key, other) <= 1
    )
