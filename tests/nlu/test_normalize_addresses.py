"""US addresses, states and zip codes (tables in data/normalize_addresses.yaml)."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from shoptalk.nlu.normalize import parse_address, parse_state, parse_zip
from shoptalk.nlu.normalize.addresses import canonical_address_part
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9 walnut street apartment 2 in charlotte", ("9 Walnut St", "Apt 2", "Charlotte", None)),
        ("apartment four b", (None, "Apt 4B", None, None)),
        ("7 queen street toronto canada", ("7 Queen St", None, "Toronto", "Canada")),
        ("12 main street burlington united states", ("12 Main St", None, "Burlington", "USA")),
    ],
)
def test_units_alone_cities_after_in_and_countries(
    text: str, expected: tuple[str | None, ...]
) -> None:
    address = parse_address(text)
    assert address is not None
    assert (address.address1, address.address2, address.city, address.country) == expected


@pytest.mark.parametrize(
    ("said", "written"),
    [("9 Walnut Street Apartment 2", "9 walnut st apt 2"), ("456 Park Ave", "456 park ave")],
)
def test_address_lines_compare_in_the_usps_spelling(said: str, written: str) -> None:
    assert canonical_address_part(said) == written
