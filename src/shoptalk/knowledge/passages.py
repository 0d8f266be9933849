"""Policy texts cut into sentences, kept as spans of the text so a quote is always verbatim.

A sentence ends at `.`, `!` or `?` followed by space and a capital or a digit, so "$5.99" and
"1-year" stay whole; a full stop after a common abbreviation ("e.g.", "U.S.") ends nothing.
"""

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset("e.g i.e etc approx vs no mr mrs ms dr st u.s inc ltd".split())
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Passage:
    """Sentence number `index` of a policy: `text[start:end]` of that policy's text."""

    topic: str
    index: int
    start: int
    end: int
    sentence: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of surrounding space."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        if _ends_in_abbreviation(text[start : boundary.start()]):
            continue
        spans.append((start, boundary.start() + len(boundary.group().rstrip())))
        start = boundary.end()
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def split_sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def passages_of(topic: str, text: str) -> list[Passage]:
    spans = sentence_spans(text)
    return [Passage(topic, i, start, end, text[start:end]) for i, (start, end) in enumerate(spans)]


def _ends_in_abbreviation(sentence: str) -> bool:
    words = sentence.split()
    return bool(words) and words[-1].lower().rstrip(".") in ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
