"""JSON schemas an LLM's answer is held to, with every string, number, list and map bounded.

Constrained decoding keeps a small model's output well-formed, but an unbounded field invites
runaway values (a base model answered `quantity: 1000000000000000`), and not every server
constrains at all. So the bounded schema is sent with the request, and `fits` checks the answer
against the same schema: the subset of JSON Schema that pydantic and `bounded` produce
(`type`, `enum`, `const`, `anyOf`, `properties`, `required`, `additionalProperties`, `items`,
`minLength` and the bounds). A schema using anything else (`$ref`) fits nothing.
"""

import math
from typing import Any

MAX_STRING = 80
MAX_NUMBER = 100_000
MAX_ITEMS = 5
NOISE = ("title", "default")
"""Keys pydantic writes that say nothing to a model or a validator."""
UNCHECKED = ("$ref", "allOf", "oneOf", "not", "pattern", "format")


def bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with a bound on everything left unbounded, and without pydantic's noise."""
    kept = {key: value for key, value in schema.items() if key not in NOISE}
    kind = kept.get("type")
    if kind == "string":
        kept.setdefault("maxLength", MAX_STRING)
    elif kind in ("integer", "number"):
        kept.setdefault("minimum", -MAX_NUMBER)
        kept.setdefault("maximum", MAX_NUMBER)
    elif kind == "array":
        kept.setdefault("maxItems", MAX_ITEMS)
    elif kind == "object" and kept.get("additionalProperties", True) is not False:
        kept.setdefault("maxProperties", MAX_ITEMS)
    for key in ("items", "additionalProperties"):
        if isinstance(kept.get(key), dict):
            kept[key] = bounded(kept[key])
    if "properties" in kept:
        kept["properties"] = {name: bounded(part) for name, part in kept["properties"].items()}
    if "anyOf" in kept:
        kept["anyOf"] = [bounded(part) for part in kept["anyOf"]]
    return kept


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}


def fits(value: Any, schema: dict[str, Any]) -> bool:
    """Whether `value` (parsed JSON) satisfies `schema`."""
    if any(key in schema for key in UNCHECKED):
        return False
    if "anyOf" in schema and not any(fits(value, part) for part in schema["anyOf"]):
        return False
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "type" in schema and not _is(value, schema["type"]):
        return False
    if isinstance(value, str):
        return bool(schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", math.inf))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return bool(schema.get("minimum", -math.inf) <= value <= schema.get("maximum", math.inf))
    if isinstance(value, list):
        items = schema.get("items", {})
        return len(value) <= schema.get("maxItems", math.inf) and all(
            fits(item, items) for item in value
        )
    if isinstance(value, dict):
        return _fits_object(value, schema)
    return True


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind != "boolean":
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES.get(kind, ()))


def _fits_object(value: dict[str, Any], schema: dict[str, Any]) -> bool:
    if not set(schema.get("required", ())) <= set(value):
        return False
    if len(value) > schema.get("maxProperties", math.inf):
        return False
    properties = schema.get("properties", {})
    others = schema.get("additionalProperties", True)
    for name, part in value.items():
        if name in properties:
            if not fits(part, properties[name]):
                return False
        elif others is False or (isinstance(others, dict) and not fits(part, others)):
            return False
    return True
