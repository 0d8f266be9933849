"""Normalisation: catalog text and spoken queries must meet in the same words."""

import pytest

from shoptalk.search.text import compounds, stem, terms, words


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("Thirty Two Ounce bottle", ["32", "oz", "bottle"]),
        ("32oz", ["32", "oz"]),
        ("$50 headphones", ["50", "dollars", "headphones"]),
        ("under fifty dollars", ["under", "50", "dollars"]),
        ("two hundred and fifty bucks", ["250", "bucks"]),
        ("a thousand pieces", ["1000", "piece"]),
        ("1,000 pieces", ["1000", "piece"]),
        ("seven and a half", ["7.5"]),
        ("between twenty and fifty", ["between", "20", "and", "50"]),
        ("one thousand and fifteen hundred", ["1000", "and", "1500"]),
        ("the blue one", ["the", "blue", "one"]),
        ("one terabyte", ["1", "tb"]),
        ("hoodie under 40 in stock", ["hoodie", "under", "40", "in", "stock"]),
        ("Hearth & Oak", ["hearth", "and", "oak"]),
        ("Chef's Skillet", ["chefs", "skillet"]),
        ("Café CRÈME", ["cafe", "creme"]),
        ("T-Shirt", ["t", "shirt"]),
        ("日本語 😀", ["日本語"]),
        ("!!! ???", []),
    ],
)
def test_words_are_normalised(said: str, expected: list[str]) -> None:
    assert words(said) == expected


def test_hyphenated_words_are_also_joined() -> None:
    assert compounds("Custom T-Shirt with Wi-Fi") == ("tshirt", "wifi")


def test_terms_drop_fillers_and_stem() -> None:
    assert terms(words("do you have any running shoes")) == ["run", "shoe"]
    assert stem("shoes") == stem("shoe")
    assert stem("7.5") == "7.5"
