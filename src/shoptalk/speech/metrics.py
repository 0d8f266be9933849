"""Word error rate, counted on the words as spoken: "$20" and "twenty dollars" are the same."""

import re

from shoptalk.speech.speakable import speakable


def spoken_words(text: str) -> list[str]:
    """Lower-case spoken words without punctuation."""
    return re.findall(r"[a-z0-9']+", speakable(text).lower().replace("-", " "))


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance in words, reference length)."""
    ref, hyp = spoken_words(reference), spoken_words(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1], len(ref)


def word_error_rate(pairs: list[tuple[str, str]]) -> float:
    """Errors over reference words, for (reference, hypothesis) pairs."""
    counts = [word_errors(reference, hypothesis) for reference, hypothesis in pairs]
    return sum(errors for errors, _ in counts) / max(1, sum(length for _, length in counts))
