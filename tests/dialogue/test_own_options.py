"""Options said, read as the chosen product's own values."""

import pytest

from shoptalk.commerce.records import Product
from shoptalk.dialogue.handlers.common import read_as_own

PAN = Product(id="pan", name="Skillet", options={"size": ["10 inch", "12 inch"]}, price=3000)
SHOE = Product(
    id="shoe", name="Shoe", options={"size": ["7.5", "10"], "color": ["navy"]}, price=9000
)
JUG = Product(id="jug", name="Jug", options={"size": ["10 cup", "10 inch"]}, price=2000)


@pytest.mark.parametrize(
    ("product", "said", "read"),
    [
        (SHOE, {"size": "10 inch", "color": "navy"}, {"size": "10", "color": "navy"}),
        (PAN, {"size": "12"}, {"size": "12 inch"}),
        (SHOE, {"size": "7.5 inch"}, {"size": "7.5"}),
        (SHOE, {"size": "10"}, {"size": "10"}),
        (SHOE, {"size": "9"}, {"size": "9"}),
        (JUG, {"size": "10"}, {"size": "10"}),
        (SHOE, {"size": "large"}, {"size": "large"}),
        (PAN, {"color": "red"}, {"color": "red"}),
    ],
    ids=[
        "unit-dropped",
        "unit-added",
        "decimal",
        "own-value",
        "no-such-number",
        "two-with-that-number",
        "not-a-number",
        "not-an-option-of-it",
    ],
)
def test_a_value_is_the_products_own_with_the_same_number(
    product: Product, said: dict[str, str], read: dict[str, str]
) -> None:
    assert read_as_own(product, said) == read
