"""Repairing what a shopper said into words the catalog knows.

Speech recognition and typing slip in the same few ways, and each has its repair here:
split words ("blue tooth" → bluetooth), merged words ("airfryer" → air fryer), misspellings
and near-misses ("speeker" → speaker, "blu tooth" → bluetooth) by edit similarity
(RapidFuzz), and homophones the edit distance misses ("sonic" → Sonique) by a sound key.
Only words the catalog does not know are touched, so a correct query is never rewritten, and
a real English word the catalog lacks ("sneakers") is left for the semantic model, unless it
sounds and starts like one of the store's brands ("sonic" for Sonique).
"""

import re
from collections.abc import Mapping

from rapidfuzz import fuzz, process

from shoptalk.search.text import STOPWORDS, is_number

MIN_SIMILARITY = 80.0
"""RapidFuzz ratio (0-100) a correction needs; words of four letters or fewer need less."""
SHORT_WORD_SIMILARITY = 75.0
MERGE_BONUS = 2.0
"""Prefer joining two said words over fixing one when both fit about as well."""

_SOUND_RULES = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ph", "f"), (r"ck", "k"), (r"que$", "k"), (r"q", "k"), (r"x", "ks"), (r"z", "s"),
        (r"gh", ""), (r"^kn", "n"), (r"^wr", "r"), (r"c(?=[eiy])", "s"), (r"c", "k"),
        (r"dg", "j"), (r"sh|ch", "x"), (r"th", "0"), (r"v", "f"),
    )
]  # fmt: skip
_LATER_VOWELS = re.compile(r"(?<=.)[aeiouyhw]")
_REPEATS = re.compile(r"(.)\1+")


def sound_key(word: str) -> str:
    """A rough phonetic key: "sonique", "sonik" and "sonic" all sound like "snk"."""
    for pattern, replacement in _SOUND_RULES:
        word = pattern.sub(replacement, word)
    return _REPEATS.sub(r"\1", _LATER_VOWELS.sub("", word))


class Speller:
    """Query repair against one catalog's words (word → number of products using it)."""

    def __init__(
        self,
        word_counts: Mapping[str, int],
        *,
        also_known: frozenset[str] = frozenset(),
        dictionary: frozenset[str] = frozenset(),
        brand_words: frozenset[str] = frozenset(),
    ) -> None:
        self._counts = word_counts
        self._also_known = also_known
        self._dictionary = dictionary
        self._brands = {sound_key(w): w for w in sorted(brand_words) if len(sound_key(w)) >= 3}
        spellable = sorted(
            (w for w in word_counts if len(w) >= 3 and w.isalpha()),
            key=lambda w: (-word_counts[w], w),
        )
        self._by_length: dict[int, list[str]] = {}
        self._by_sound: dict[str, str] = {}
        for word in spellable:
            self._by_length.setdefault(len(word), []).append(word)
            self._by_sound.setdefault(sound_key(word), word)

    def known(self, word: str) -> bool:
        return (
            word in self._counts
            or word in STOPWORDS
            or word in self._also_known
            or is_number(word)
            or len(word) < 2
        )

    def repair(self, said: list[str]) -> list[str]:
        """The words with split words joined and unknown ones corrected where a fix is clear."""
        repaired: list[str] = []
        i = 0
        while i < len(said):
            following = said[i + 1] if i + 1 < len(said) else ""
            joined = said[i] + following
            if following and joined in self._counts and not is_number(said[i]):
                repaired.append(joined)
                i += 2
                continue
            fix, used = ([said[i]], 1) if self.known(said[i]) else self._correct(said[i], following)
            repaired.extend(fix)
            i += used
        return repaired

    def _correct(self, word: str, following: str) -> tuple[list[str], int]:
        """The best of: splitting the word, joining it with the next one, respelling it,
        or a word that sounds the same; the word itself when nothing fits well enough."""
        if word in self._dictionary:
            brand = self._brands.get(sound_key(word))
            return [brand if brand and brand[:2] == word[:2] else word], 1
        candidates: list[tuple[float, list[str], int]] = []
        split = self._split(word)
        if split:
            candidates.append((100.0, split, 1))
        if following and not is_number(following):
            merged = self._closest(word + following)
            if merged:
                candidates.append((merged[1] + MERGE_BONUS, [merged[0]], 2))
        single = self._closest(word)
        if single:
            candidates.append((single[1], [single[0]], 1))
        if candidates:
            _, fix, used = max(candidates, key=lambda c: c[0])
            return fix, used
        sounds_like = self._by_sound.get(sound_key(word))
        if sounds_like and len(sound_key(word)) >= 3 and fuzz.ratio(word, sounds_like) >= 50:
            return [sounds_like], 1
        return [word], 1

    def _split(self, word: str) -> list[str] | None:
        """Two catalog words run together ("airfryer"), the most balanced split first."""
        cuts = sorted(range(2, len(word) - 1), key=lambda cut: abs(len(word) - 2 * cut))
        for cut in cuts:
            head, tail = word[:cut], word[cut:]
            if head in self._counts and tail in self._counts:
                return [head, tail]
        return None

    def _closest(self, word: str) -> tuple[str, float] | None:
        """The catalog word most like `word`: one that sounds the same first ("sandles" is
        sandals, not candles), then the most similar, then the most common."""
        if not word.isalpha():
            return None
        cutoff = SHORT_WORD_SIMILARITY if len(word) <= 4 else MIN_SIMILARITY
        choices = [
            candidate
            for length in range(len(word) - 2, len(word) + 3)
            for candidate in self._by_length.get(length, ())
        ]
        found = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        if not found:
            return None
        sound = sound_key(word)
        best = max(
            found,
            key=lambda match: (sound_key(match[0]) == sound, match[1], self._counts[match[0]]),
        )
        return best[0], best[1]
