"""Order ids in the store's format among the recogniser's hypotheses."""

import pytest

from shoptalk.speech import Expectation, Hypothesis, RecognitionContext
from shoptalk.speech.bias import order_id_lengths
from shoptalk.speech.recognize import ids_in_format

STORE = RecognitionContext(order_id_prefix="#W", order_id_width=4)


@pytest.mark.parametrize(
    ("text", "lengths"),
    [
        ("Where is my order W1991?", [4]),
        ("where is my order w991", [3]),
        ("It's W-1-9-9-1.", [4]),
        ("Cancel order W 1442, please.", [4]),
        ("orders W1001 and W1002", [4, 4]),
        ("I want to go now", []),
        ("wow 12 of them", []),
    ],
)
def test_the_digits_of_each_order_id_are_counted(text: str, lengths: list[int]) -> None:
    assert order_id_lengths(text, STORE) == lengths


def _beam(*texts: str) -> list[Hypothesis]:
    return [Hypothesis(text, -1.0 - i, 8) for i, text in enumerate(texts)]


def test_an_id_a_digit_short_goes_when_another_hypothesis_has_it_whole() -> None:
    found = _beam("Where's my order W991?", "Where is my order W991?", "Where's my order W1991?")
    assert [h.text for h in ids_in_format(found, STORE)] == ["Where's my order W1991?"]


def test_where_an_id_is_expected_a_hypothesis_without_one_goes() -> None:
    found = _beam("Where is my order?", "Where is my order W1963?")
    asked = RecognitionContext(Expectation.ORDER_ID, order_id_prefix="#W", order_id_width=4)
    assert [h.text for h in ids_in_format(found, asked)] == ["Where is my order W1963?"]
    assert ids_in_format(found, STORE) == found


@pytest.mark.parametrize(
    "texts",
    [
        ("Where's my order W991?", "Where is my order W991?"),
        ("Where's my order W991?", "Where's my order, nine nine one?"),
        ("Show me lamps", "Show me lamp"),
    ],
)
def test_without_a_whole_id_in_the_beam_nothing_goes(texts: tuple[str, ...]) -> None:
    found = _beam(*texts)
    assert ids_in_format(found, STORE) == found
