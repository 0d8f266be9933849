"""Summaries ready for text-to-speech."""

import pytest

from shoptalk.search import spoken_price
from shoptalk.search.spoken import spoken_option, summary


@pytest.mark.parametrize(
    ("cents", "currency", "said"),
    [
        (5999, "USD", "59 dollars 99"),
        (5900, "USD", "59 dollars"),
        (101, "USD", "1 dollar 1"),
        (99, "USD", "99 cents"),
        (1, "USD", "1 cent"),
        (1250, "EUR", "12 euros 50"),
        (1250, "JPY", "12.50 JPY"),
    ],
)
def test_prices(cents: int, currency: str, said: str) -> None:
    assert spoken_price(cents, currency) == said


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [("color", "red", "red"), ("size", "M", "size M"), ("size", "9.5", "size 9.5"),
     ("storage", "128 GB", "128 GB"), ("paper", "dot grid", "dot grid")],
)  # fmt: skip
def test_options(name: str, value: str, said: str) -> None:
    assert spoken_option(name, value) == said


def test_summary() -> None:
    said = summary("Acme Trail Runner", {"color": "red"}, 5900, available=True)
    assert said == "Acme Trail Runner, red, 59 dollars"
    gone = summary("Acme Trail Runner", {"size": "9"}, 5999, available=False)
    assert gone == "Acme Trail Runner, size 9, 59 dollars 99, out of stock"
    assert summary("Catalog Only Lamp", {}, None, available=False) == "Catalog Only Lamp"
