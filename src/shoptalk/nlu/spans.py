"""Reading BIO tags back into spans of words, and choosing the tags a sentence can have."""

from dataclasses import dataclass
from functools import cache

import numpy as np


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    """Word positions, end exclusive."""

    def text(self, words: list[str] | tuple[str, ...]) -> str:
        return " ".join(words[self.start : self.end])


def bio_spans(tags: list[str] | tuple[str, ...]) -> list[Span]:
    """Spans from tags; an I- tag with no B- before it starts a span, as models sometimes do."""
    spans: list[Span] = []
    kind, start = "", 0
    for position, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix == "I" and name == kind
        if kind and not continues:
            spans.append(Span(kind, start, position))
            kind = ""
        if prefix in ("B", "I") and not continues:
            kind, start = name, position
    return spans


def best_tags(scores: np.ndarray, tags: tuple[str, ...]) -> list[str]:
    """The most likely tag sequence in which every I- tag continues a span of its own kind.

    Taking each word's best tag alone lets a span change kind halfway ("[four five](zip) [six
    park avenue](address)") or lose its first word; scoring whole sequences (Viterbi over the
    per-word log-probabilities `scores`, one row per word) keeps the best consistent reading."""
    penalty, opening = _transitions(tags)
    best = scores[0] + opening
    back = np.zeros(scores.shape, dtype=np.int64)
    for position in range(1, len(scores)):
        paths = best[:, None] + penalty
        back[position] = paths.argmax(axis=0)
        best = paths.max(axis=0) + scores[position]
    path = [int(best.argmax())]
    for position in range(len(scores) - 1, 0, -1):
        path.append(int(back[position, path[-1]]))
    return [tags[index] for index in reversed(path)]


@cache
def _transitions(tags: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Log-penalties of one tag following another, and of a tag opening the sentence: 0 where
    allowed, -inf where not. Built once per tag set, not per sentence."""
    allowed = np.array([[_may_follow(before, after) for after in tags] for before in tags])
    opening = np.array([0.0 if not tag.startswith("I-") else -np.inf for tag in tags])
    return np.where(allowed, 0.0, -np.inf), opening


def _may_follow(before: str, after: str) -> bool:
    return not after.startswith("I-") or before[2:] == after[2:]


def render(words: list[str] | tuple[str, ...], tags: list[str] | tuple[str, ...]) -> str:
    """Words with their spans marked: `add [two](quantity) [lattes](product)`."""
    pieces = list(words)
    for span in reversed(bio_spans(tags)):
        pieces[span.start : span.end] = [f"[{span.text(words)}]({span.kind})"]
    return " ".join(pieces)
