"""BIO tags back to spans."""

import numpy as np

from shoptalk.nlu.spans import Span, best_tags, bio_spans, render

TAGS = ("O", "B-zip", "I-zip", "B-address", "I-address")


def test_spans_from_tags() -> None:
    tags = ["O", "B-quantity", "B-option", "I-option", "B-product", "O"]
    assert bio_spans(tags) == [Span("quantity", 1, 2), Span("option", 2, 4), Span("product", 4, 5)]


def test_an_i_tag_without_b_starts_a_span() -> None:
    assert bio_spans(["O", "I-email", "I-email"]) == [Span("email", 1, 3)]
    assert bio_spans(["B-zip", "I-email"]) == [Span("zip", 0, 1), Span("email", 1, 2)]


def test_render_marks_spans() -> None:
    words = ["add", "two", "lattes"]
    assert (
        render(words, ["O", "B-quantity", "B-product"]) == "add [two](quantity) [lattes](product)"
    )


def scores(*rows: dict[str, float]) -> np.ndarray:
    """Log-probabilities per word from a few likely tags; every other tag is very unlikely."""
    table = np.full((len(rows), len(TAGS)), -20.0)
    for position, row in enumerate(rows):
        for tag, probability in row.items():
            table[position, TAGS.index(tag)] = np.log(probability)
    return table


def test_best_tags_keep_a_span_one_kind() -> None:
    said = scores(
        {"B-zip": 0.6, "B-address": 0.4},
        {"I-zip": 0.5, "I-address": 0.5},
        {"I-address": 0.9, "I-zip": 0.1},
        {"I-address": 0.9, "I-zip": 0.1},
    )
    assert best_tags(said, TAGS) == ["B-address", "I-address", "I-address", "I-address"]


def test_best_tags_never_continue_what_was_not_started() -> None:
    said = scores({"O": 0.6, "B-zip": 0.4}, {"I-zip": 0.9, "O": 0.1})
    assert best_tags(said, TAGS) == ["B-zip", "I-zip"]
    assert best_tags(scores({"I-zip": 0.9, "B-zip": 0.1}), TAGS) == ["B-zip"]


def test_best_tags_agree_with_each_word_when_it_is_consistent() -> None:
    said = scores({"O": 0.9}, {"B-zip": 0.8}, {"I-zip": 0.7}, {"O": 0.9})
    assert best_tags(said, TAGS) == ["O", "B-zip", "I-zip", "O"]
