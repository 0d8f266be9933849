"""Bounded schemas and the check of answers against them."""

from typing import Any

import pytest
from pydantic import BaseModel

from shoptalk.llm.schema import MAX_ITEMS, MAX_NUMBER, MAX_STRING, bounded, fits


class Wanted(BaseModel):
    product: str | None = None
    quantity: int | None = None
    options: dict[str, str] | None = None
    items: list[str] | None = None


def _leaves(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = [schema]
    for part in schema.get("anyOf", []):
        found += _leaves(part)
    for part in schema.get("properties", {}).values():
        found += _leaves(part)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += _leaves(schema[key])
    return found


def test_every_string_number_list_and_map_of_a_pydantic_schema_is_bounded() -> None:
    schema = bounded(Wanted.model_json_schema())
    kinds = {}
    for part in _leaves(schema):
        kinds.setdefault(part.get("type"), []).append(part)
        assert "title" not in part
        assert "default" not in part
    assert all(p["maxLength"] == MAX_STRING for p in kinds["string"])
    assert all(p["maximum"] == MAX_NUMBER for p in kinds["integer"])
    assert all(p["maxItems"] == MAX_ITEMS for p in kinds["array"])
    maps = [p for p in kinds["object"] if p.get("additionalProperties")]
    assert maps
    assert all(p["maxProperties"] == MAX_ITEMS for p in maps)


def test_bounds_already_given_are_kept() -> None:
    schema = bounded({"type": "integer", "minimum": 1, "maximum": 20})
    assert schema == {"type": "integer", "minimum": 1, "maximum": 20}


SCHEMA = bounded({**Wanted.model_json_schema(), "additionalProperties": False})


@pytest.mark.parametrize(
    "answer",
    [
        {},
        {"product": "latte", "quantity": 2},
        {"options": {"size": "large"}, "items": ["a", "b"]},
        {"product": None, "quantity": 3.0},
    ],
)
def test_answers_within_the_schema_fit(answer: dict[str, Any]) -> None:
    assert fits(answer, SCHEMA)


@pytest.mark.parametrize(
    "answer",
    [
        {"quantity": 1_000_000_000_000_000},
        {"quantity": "2"},
        {"quantity": True},
        {"quantity": 2.5},
        {"product": "x" * (MAX_STRING + 1)},
        {"items": ["a"] * (MAX_ITEMS + 1)},
        {"options": {str(i): "v" for i in range(MAX_ITEMS + 1)}},
        {"options": {"size": 10}},
        {"price": 3},
        ["not", "an", "object"],
    ],
)
def test_answers_outside_the_schema_do_not_fit(answer: Any) -> None:
    assert not fits(answer, SCHEMA)


def test_constants_enums_required_and_min_length() -> None:
    schema = {
        "type": "object",
        "properties": {
            "tool": {"const": "a"},
            "sort": {"enum": ["x", "y"]},
            "text": {"type": "string", "minLength": 2},
        },
        "required": ["tool"],
    }
    assert fits({"tool": "a", "sort": "y", "text": "ok"}, schema)
    assert not fits({"tool": "b"}, schema)
    assert not fits({"tool": "a", "sort": "z"}, schema)
    assert not fits({"sort": "x"}, schema)
    assert not fits({"tool": "a", "text": "o"}, schema)


def test_a_schema_with_what_the_check_does_not_read_fits_nothing() -> None:
    assert not fits("anything", {"$ref": "#/$defs/Thing"})
    assert not fits("abc", {"type": "string", "pattern": "^a"})
