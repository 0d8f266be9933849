"""Words compared by how they sound, so a name Whisper has never seen lands on the one meant.

Whisper writes an unfamiliar name as the words it sounds like: "Reyes" as "raise", "Mei" as
"may", "Wright" as "write", "Tanaka" as "10aca". Spelling distance cannot see that; espeak-ng's
phonemes (the ones piper speaks with) can: "raise" and "reyes" are both /ɹeɪz/. Two words are
compared twice, on their phonemes and on their consonant skeleton (every run of vowels one
vowel), and the two similarities averaged: the skeleton forgives a vowel heard wrong ("martand"
for "martin"), the phonemes tell apart names whose consonants agree ("mei" and "maya").
"""

import heapq
import re
import threading
from collections.abc import Iterable
from functools import cache, cached_property, lru_cache

from rapidfuzz.distance import Levenshtein

from shoptalk.speech.speakable import cardinal

VOWELS = re.compile(r"[aeiouyæɐɑɒəɚɛɜɪʊʌɔᵻɨʉ]+[ːʲ]*|[ːʲ]")
STRESS = str.maketrans("", "", "ˈˌ")
ESPEAK_VOICE = "en-us"
SAME_SOUND = 0.8
"""Similarity (0 to 1) a heard word needs to be read as a known one. Measured on the demo
store's 164 names: 8 of 600 ordinary English words reach it ("device" → "davis")."""
MARGIN = 0.1
"""How much better than the runner-up the best match must be: "may" is "mei" (1.0), not
"maya" (0.75)."""

_espeak_lock = threading.Lock()


@cache
def _phonemizer() -> object:
    from piper.phonemize_espeak import EspeakPhonemizer

    return EspeakPhonemizer()


@lru_cache(maxsize=65536)
def phonemes(word: str) -> str:
    """The word's phonemes without stress marks: "reyes" → "ɹeɪz"; digits are said as a word
    run into the rest ("10aca" as "tenaca"), the way Whisper wrote them for a sound."""
    said = re.sub(r"\d+", lambda m: re.sub(r"[\s-]", "", cardinal(int(m[0]))), word)
    with _espeak_lock:
        sentences = _phonemizer().phonemize(ESPEAK_VOICE, said)  # type: ignore[attr-defined]
    return "".join("".join(sentence) for sentence in sentences).translate(STRESS).replace(" ", "")


@lru_cache(maxsize=65536)
def _sounds_of(word: str) -> tuple[str, str]:
    """A word's phonemes and their consonant skeleton."""
    sounds = phonemes(word)
    return sounds, VOWELS.sub("V", sounds)


def _similarity(heard: tuple[str, str], known: tuple[str, str]) -> float:
    return 0.5 * Levenshtein.normalized_similarity(
        heard[0], known[0]
    ) + 0.5 * Levenshtein.normalized_similarity(heard[1], known[1])


class SoundMatcher:
    """Known words, and which of them a heard word sounds like."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word.lower() for word in words)

    def closest(self, heard: str) -> str | None:
        """The known word `heard` sounds like, itself when known, None when no word is clearly
        nearest."""
        heard = heard.lower()
        if heard in self.words:
            return heard
        if not heard.isalnum() or not self.words:
            return None
        said = _sounds_of(heard)
        ranked = heapq.nlargest(2, ((_similarity(said, k), w) for w, k in self._known.items()))
        if ranked[0][0] < SAME_SOUND:
            return None
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
            return None
        return ranked[0][1]

    @cached_property
    def _known(self) -> dict[str, tuple[str, str]]:
        """Phonemes of every known word, worked out on first use (~0.4 ms a word)."""
        return {word: _sounds_of(word) for word in self.words}
