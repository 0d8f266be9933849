"""A product described in one sentence: a variant whose stock is not tracked is in stock."""

import pytest

from shoptalk.commerce.records import Product
from shoptalk.dialogue.handlers.catalog import describe

MUG = Product.model_validate(
    {
        "id": "mug",
        "name": "Mug",
        "options": {"color": ["red", "blue", "green"]},
        "variants": [
            {"id": "r", "options": {"color": "red"}, "price": 9.5, "available": True},
            {"id": "b", "options": {"color": "blue"}, "price": 9.5, "available": True, "stock": 0},
            {"id": "g", "options": {"color": "green"}, "price": 9.5, "available": False},
        ],
    }
)


@pytest.mark.parametrize(
    ("color", "stock"),
    [("red", "in stock"), ("blue", "out of stock"), ("green", "out of stock")],
    ids=["untracked", "none-left", "unavailable"],
)
def test_stock_words(color: str, stock: str) -> None:
    assert describe(MUG, {"color": color}).endswith(f", {stock}.")
