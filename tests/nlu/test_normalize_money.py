"""Amounts and price ranges (tables in data/normalize_money.yaml)."""

from pathlib import Path

import pytest
import yaml

from shoptalk.nlu.normalize import PriceRange, parse_amount, parse_price_range

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_money.yaml").read_text())


@pytest.mark.parametrize(("text", "expected"), TABLES["amount"])
def test_amount(text: str, expected: float | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize(("text", "expected"), TABLES["range"])
def test_range(text: str, expected: list[float | None] | None) -> None:
    wanted = None if expected is None else PriceRange(expected[0], expected[1])
    assert parse_price_range(text) == wanted


@pytest.mark.parametrize("cents", range(100, 100_000, 997))
def test_written_prices_read_back(cents: int) -> None:
    dollars = cents / 100
    assert parse_amount(f"${dollars:,.2f}") == dollars
    assert parse_price_range(f"under ${dollars:.2f}") == PriceRange(max=dollars)
