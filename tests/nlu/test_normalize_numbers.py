"""Numbers, digit strings and quantities from words (tables in data/normalize_numbers.yaml).

Besides the tables, every number up to 2,100 and a sweep of digit strings are spelled out by
the small speller below, which is written independently of the parser, and read back."""

from pathlib import Path

import pytest
import yaml

from shoptalk.nlu.normalize import parse_digits, parse_number, parse_quantity

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_numbers.yaml").read_text())
SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
DIGITS = "zero one two three four five six seven eight nine".split()


def spell(n: int, *, use_and: bool = False) -> str:
    """English words for 0 <= n < 1,000,000."""
    if n < 20:
        return SMALL[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + SMALL[n % 10])
    if n < 1000:
        rest = n % 100
        joint = " and " if use_and else " "
        return SMALL[n // 100] + " hundred" + ("" if not rest else joint + spell(rest))
    rest = n % 1000
    return spell(n // 1000) + " thousand" + ("" if not rest else " " + spell(rest))


@pytest.mark.parametrize(("text", "expected"), TABLES["number"])
def test_number(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), TABLES["digits"])
def test_digits(text: str, expected: str | None) -> None:
    assert parse_digits(text) == expected


@pytest.mark.parametrize(("text", "expected"), TABLES["quantity"])
def test_quantity(text: str, expected: int | None) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("n", [*range(0, 1000), *range(1000, 2100, 7), 10_000, 123_456, 999_999])
def test_every_spelled_number_reads_back(n: int) -> None:
    assert parse_number(spell(n)) == n
    assert parse_number(spell(n, use_and=True)) == n
    assert parse_number(str(n)) == n


@pytest.mark.parametrize("n", range(0, 10_000, 37))
def test_digit_strings_read_digit_by_digit_and_in_pairs(n: int) -> None:
    digits = f"{n:04d}"
    assert parse_digits(" ".join(DIGITS[int(d)] for d in digits)) == digits
    if digits[0] != "0" and digits[2] != "0":
        assert parse_digits(f"{spell(int(digits[:2]))} {spell(int(digits[2:]))}") == digits
