"""Order ids in the store's format (tables in data/normalize_order_ids.yaml)."""

from pathlib import Path

import pytest
import yaml

from shoptalk.nlu.normalize import OrderIdFormat, parse_order_id

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_order_ids.yaml").read_text())
DIGITS = "zero one two three four five six seven eight nine".split()


@pytest.mark.parametrize(("text", "expected"), TABLES["default"])
def test_default_format(text: str, expected: str | None) -> None:
    assert parse_order_id(text) == expected


@pytest.mark.parametrize(("prefix", "width", "text", "expected"), TABLES["formats"])
def test_other_formats(prefix: str, width: int, text: str, expected: str | None) -> None:
    assert parse_order_id(text, OrderIdFormat(prefix, width)) == expected


@pytest.mark.parametrize("number", range(1001, 2501, 50))
def test_every_demo_order_number_read_digit_by_digit(number: int) -> None:
    spoken = " ".join(DIGITS[int(d)] for d in str(number))
    assert parse_order_id(f"w {spoken}") == f"#W{number}"
    assert parse_order_id(f"order number {number}") == f"#W{number}"
