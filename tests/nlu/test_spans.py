"""BIO tags back to spans."""

from shoptalk.nlu.spans import Span, bio_spans, render


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
