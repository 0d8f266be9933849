"""Entities found in a sentence without the model (tables in data/normalize_spans.yaml)."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from shoptalk.nlu.normalize import OrderIdFormat, PriceRange, find_entities, prepare

CASES = yaml.safe_load((Path(__file__).parent / "data" / "normalize_spans.yaml").read_text())


def _value(kind: str, value: Any) -> Any:
    return PriceRange(value[0], value[1]) if kind == "price" else value


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["text"][:40] or "empty")
def test_entities(case: dict[str, Any]) -> None:
    found = [(e.kind, e.said, e.value) for e in find_entities(case["text"])]
    assert found == [(kind, said, _value(kind, value)) for kind, said, value in case["entities"]]


def test_spans_index_the_prepared_tokens() -> None:
    prepared = prepare("Cancel order W one zero zero one, please")
    (entity,) = find_entities(prepared)
    assert prepared.words[entity.start : entity.end] == ("order", "w", "one", "zero", "zero", "one")


def test_order_ids_follow_the_store_format() -> None:
    (entity,) = find_entities("where is order 55", OrderIdFormat("ORD-", 6))
    assert entity.value == "ORD-000055"
