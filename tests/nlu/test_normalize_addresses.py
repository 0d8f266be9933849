"""US addresses, states and zip codes (tables in data/normalize_addresses.yaml)."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from shoptalk.nlu.normalize import parse_address, parse_state, parse_zip
from shoptalk.nlu.normalize.us_states import STATES

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_addresses.yaml").read_text())
DIGITS = "zero one two three four five six seven eight nine".split()


@pytest.mark.parametrize(("text", "expected"), TABLES["zip"])
def test_zip(text: str, expected: str | None) -> None:
    assert parse_zip(text) == expected


@pytest.mark.parametrize(("text", "expected"), TABLES["state"])
def test_state(text: str, expected: str | None) -> None:
    assert parse_state(text) == expected


@pytest.mark.parametrize("case", TABLES["address"], ids=lambda case: case["text"][:40])
def test_address(case: dict[str, Any]) -> None:
    found = parse_address(case["text"])
    parts = None if found is None else found.model_dump(exclude_none=True)
    assert parts == case["expected"]


@pytest.mark.parametrize(("code", "name"), STATES.items())
def test_every_state_by_name_and_code(code: str, name: str) -> None:
    assert parse_state(name) == code
    assert parse_state(code.lower()) == code
    assert parse_state(" ".join(code.lower())) == code


@pytest.mark.parametrize("zip_code", [f"{n:05d}" for n in range(0, 100_000, 2_477)])
def test_zip_codes_read_digit_by_digit(zip_code: str) -> None:
    said = " ".join("oh" if d == "0" else DIGITS[int(d)] for d in zip_code)
    assert parse_zip(said) == zip_code
    address = parse_address(f"1 main street austin texas {said}")
    assert address is not None
    assert address.zip == zip_code
