"""Positions in a list (tables in data/normalize_ordinals.yaml)."""

from pathlib import Path

import pytest
import yaml

from shoptalk.nlu.normalize import parse_ordinal

TABLES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_ordinals.yaml").read_text())


@pytest.mark.parametrize(("text", "expected"), TABLES["ordinal"])
def test_ordinal(text: str, expected: int | None) -> None:
    assert parse_ordinal(text) == expected
