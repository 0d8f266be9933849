"""The prepared text the model reads, and the way back to the words said."""

from pathlib import Path

import pytest
import yaml

from shoptalk.nlu.normalize import prepare
from shoptalk.nlu.normalize.text import MAX_CHARS

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_text.yaml").read_text())


@pytest.mark.parametrize(("text", "expected"), TABLES["prepared"])
def test_prepared_text(text: str, expected: str) -> None:
    assert prepare(text).text == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "said"),
    [
        ("It's $29.99, ok", 1, 3, "$29.99"),
        ("add TWO Large-ish lattes", 1, 2, "TWO"),
        ("add TWO Large-ish lattes", 2, 5, "Large-ish lattes"),
        ("order #W1001 now", 1, 2, "#W1001"),
        ("the 2nd one", 1, 3, "2nd one"),
        ("", 0, 0, ""),
    ],
)
def test_token_spans_map_back_to_the_words_said(text: str, start: int, end: int, said: str) -> None:
    assert prepare(text).said(start, end) == said


def test_character_spans_of_the_prepared_text_map_to_tokens() -> None:
    prepared = prepare("Add two LARGE lattes")
    begin = prepared.text.index("large")
    assert prepared.token_span(begin, begin + len("large lattes")) == (2, 4)
    assert prepared.token_span(0, 0) == (0, 0)


def test_every_token_knows_its_characters() -> None:
    prepared = prepare("Ship 2 T-shirts to 1 Main St., Austin, TX 78701 — $25 max!")
    for token in prepared.tokens:
        assert prepared.original[token.start : token.end].strip()


def test_a_flood_of_text_is_cut() -> None:
    prepared = prepare("latte " * 2000)
    assert prepared.truncated
    assert len(prepared.original) == MAX_CHARS
