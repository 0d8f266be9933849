import pytest

from shoptalk.knowledge import split_sentences
from shoptalk.knowledge.passages import passages_of


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Free over $35. Costs $5.99 otherwise.", ["Free over $35.", "Costs $5.99 otherwise."]),
        ("A 1-year warranty. 2 years for tools!", ["A 1-year warranty.", "2 years for tools!"]),
        ("We ship in the U.S. only. Ask us.", ["We ship in the U.S. only.", "Ask us."]),
        ("Fees, e.g. Express, apply. Really?", ["Fees, e.g. Express, apply.", "Really?"]),
        ("Really? yes, really.", ["Really? yes, really."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ('He said "Done." Then left.', ['He said "Done."', "Then left."]),
        ("  Spaced.   Out.  ", ["Spaced.", "Out."]),
        ("", []),
        ("   ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_passages_are_spans_of_the_text() -> None:
    text = "  Returns within 30 days.\nKeep the box.  "
    passages = passages_of("returns", text)
    assert [p.index for p in passages] == [0, 1]
    assert all(text[p.start : p.end] == p.sentence for p in passages)
