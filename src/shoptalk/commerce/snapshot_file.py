"""Reading a snapshot file record by record, so a store of any size imports in bounded memory.

The file is read in several streaming passes (header, products, users, orders): orders refer
to products and shoppers, and a file may list its sections in any order (our own export sorts
them alphabetically, orders first).
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import ijson
from pydantic import BaseModel, ValidationError

from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.records import Order, Product, SnapshotHeader, User

RecordT = TypeVar("RecordT", bound=BaseModel)
SECTIONS = ("products", "users", "orders")
MAX_DEPTH = 32
"""Deepest nesting a snapshot may have; its records need about seven levels."""
UNION_TAGS = {"OptionValue", "str", "constrained-str"}


def json_path(loc: tuple[int | str, ...]) -> str:
    """`("orders", 12, "items", 0, "variant_id")` → `orders[12].items[0].variant_id`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part not in UNION_TAGS and not part.startswith("function-"):
            path += f".{part}" if path else part
    return path or "(document)"


def problem_of(error: ValidationError, where: tuple[int | str, ...] = ()) -> SnapshotError:
    """The first validation problem as one line naming its JSON path."""
    first = error.errors(include_url=False)[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "json_invalid":
        return SnapshotError("", f"malformed JSON: {message.removeprefix('Invalid JSON: ')}")
    return SnapshotError(json_path((*where, *first["loc"])), message)


class SnapshotFile:
    """A snapshot on disk, validated as it is read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._header: SnapshotHeader | None = None

    def header(self) -> SnapshotHeader:
        if self._header is None:
            self._header = self._read_header()
        return self._header

    def iter_products(self) -> Iterator[Product]:
        return self._records("products", Product)

    def iter_users(self) -> Iterator[User]:
        return self._records("users", User)

    def iter_orders(self) -> Iterator[Order]:
        return self._records("orders", Order)

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except OSError as error:
            raise SnapshotError("", f"cannot read {self.path}: {error.strerror}") from error

    def _read_header(self) -> SnapshotHeader:
        """One pass over the whole file: it is well-formed JSON, an object with known keys,
        and its `format` and `store`; the sections are only looked at, not kept."""
        fields: dict[str, Any] = {}
        with self._open() as stream:
            try:
                for key, value in _top_level(stream):
                    fields[key] = value
            except ijson.JSONError as error:
                raise SnapshotError("", f"malformed JSON: {_ijson_message(error)}") from error
        header = {k: v for k, v in fields.items() if k not in SECTIONS}
        for section in SECTIONS:
            if section in fields and fields[section] != "array":
                raise SnapshotError(section, "Input should be a valid array")
        try:
            return SnapshotHeader.model_validate(header)
        except ValidationError as error:
            raise problem_of(error) from error

    def _records(self, section: str, model: type[RecordT]) -> Iterator[RecordT]:
        self.header()
        with self._open() as stream:
            items = ijson.items(stream, f"{section}.item", use_float=True)
            for index, item in enumerate(items):
                try:
                    yield model.model_validate(item)
                except ValidationError as error:
                    raise problem_of(error, (section, index)) from error


def _top_level(stream: BinaryIO) -> Iterator[tuple[str, Any]]:
    """Top-level keys with their value; a section (products, users, orders) is given as its
    JSON type only, so the pass builds nothing big.

    It also bounds nesting: no record nests more than a few levels, and deeper JSON would only
    cost memory (a streaming parser keeps a path per level), so it is refused here, before
    any pass that tracks paths."""
    events = ijson.basic_parse(stream, use_float=True)
    first = next(events, None)
    if first is None or first[0] != "start_map":
        raise SnapshotError("(document)", "Input should be an object")
    builder: ijson.ObjectBuilder | None = None
    depth, key, starts_value = 1, "", False
    try:
        for event, value in events:
            if event in ("start_map", "start_array"):
                depth += 1
                if depth > MAX_DEPTH:
                    raise SnapshotError(key, f"nested more than {MAX_DEPTH} levels deep")
            elif event in ("end_map", "end_array"):
                depth -= 1
            if depth == 0:
                continue
            if depth == 1 and event == "map_key":
                key, starts_value = value, True
                continue
            if key in SECTIONS:
                if starts_value:
                    yield key, "array" if event == "start_array" else event
            else:
                builder = builder or ijson.ObjectBuilder()
                builder.event(event, value)
                if depth == 1:
                    yield key, builder.value
                    builder = None
            starts_value = False
    except ijson.JSONError as error:
        if "integer overflow" not in str(error):
            raise
        raise SnapshotError(key, "a whole number too large for any count or amount") from error


def _ijson_message(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text.removeprefix("parse error: ")
