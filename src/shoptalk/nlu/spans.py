"""Reading BIO tags back into spans of words."""

from dataclasses import dataclass


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


def render(words: list[str] | tuple[str, ...], tags: list[str] | tuple[str, ...]) -> str:
    """Words with their spans marked: `add [two](quantity) [lattes](product)`."""
    pieces = list(words)
    for span in reversed(bio_spans(tags)):
        pieces[span.start : span.end] = [f"[{span.text(words)}]({span.kind})"]
    return " ".join(pieces)
