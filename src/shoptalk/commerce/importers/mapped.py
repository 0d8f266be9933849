"""Any CSV or JSON-lines file, read through a mapping of product fields to its columns.

`--map name=Title,price=Cost,option.Size=Size` names which column gives which field. One row
is one product, unless `group` is mapped: then rows with the same group value are one product
(whose id is that value; they must be next to each other), each row one of its variants, `id`
being the variant's id. Without a mapping, columns named like the fields are read.

Fields: id and name (required), group, type, brand, description (HTML is read as plain text),
tags (comma-separated, or a JSON list), price (without it, products have no variants: found by
search, not orderable), stock (empty: untracked), available (yes/no, default yes), image_url
(the product's: its first row's), variant_image_url, currency (every row must be in the store's
one currency), and option.NAME for each option. Unmapped columns are ignored.

Each product's rows are hashed as they are read (`digests`), with the mapping and currency
that give them their meaning: a sync passes over a product whose rows carry its stored digest.
"""

import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping

from shoptalk.commerce.digests import Read, Unchanged, reading_context
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.importers import values
from shoptalk.commerce.importers.draft import IdRegistry, ProductDraft, VariantDraft
from shoptalk.commerce.importers.html import plain_text
from shoptalk.commerce.importers.rows import Row, TableFile
from shoptalk.commerce.records import Product

FIELDS = (
    "id",
    "name",
    "group",
    "type",
    "brand",
    "description",
    "tags",
    "price",
    "stock",
    "available",
    "image_url",
    "variant_image_url",
    "currency",
)
OPTION = "option."
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_PAIR = re.compile(r"^\s*([a-z_]+|option\.[^=]+)\s*=(.*)$")
TOGETHER = ": a product's rows must be together"


def parse_mapping(texts: list[str]) -> dict[str, str]:
    """`["name=Title,price=Variant Price"]` → {"name": "Title", "price": "Variant Price"}.
    A comma followed by something that is not `field=` belongs to the column name before it."""
    mapping: dict[str, str] = {}
    for text in texts:
        pairs: list[list[str]] = []
        for piece in text.split(","):
            match = _PAIR.match(piece)
            if match is None and pairs:
                pairs[-1][1] += "," + piece
            elif match is None:
                raise SnapshotError("--map", f"{piece.strip()!r} is not FIELD=COLUMN")
            else:
                pairs.append([match.group(1).strip(), match.group(2)])
        for field, column in pairs:
            if field not in FIELDS and not field.startswith(OPTION):
                known = ", ".join([*FIELDS, "option.NAME"])
                raise SnapshotError("--map", f"unknown field {field!r}: one of {known}")
            if not column.strip():
                raise SnapshotError("--map", f"{field}= names no column")
            mapping[field] = column.strip()
    return mapping


class MappedReader:
    """Products from any CSV or JSON-lines file, through a field → column mapping."""

    def __init__(self, file: TableFile, mapping: dict[str, str], currency: str | None) -> None:
        self.file = file
        self.mapping = mapping or self._same_names()
        self.warnings: list[str] = []
        self.skipped: Counter[str] = Counter()
        self._check_mapping()
        self.store_currency = currency

    def currency(self) -> str | None:
        """The file's currency: the one given, else the first row's currency column."""
        if self.store_currency is None and "currency" in self.mapping:
            first = next(self.file.rows(), None)
            if first is not None:
                self.store_currency = self._currency(first)
        return self.store_currency

    def products(self) -> Iterator[Product]:
        return (item.product for item in self.read_products({}) if isinstance(item, Read))

    def read_products(self, live: Mapping[str, str]) -> Iterator[Read | Unchanged]:
        """Each product, built from its rows unless they have its `live` digest."""
        ids = IdRegistry()
        column = self.mapping["group" if "group" in self.mapping else "id"]
        for group in self.file.groups(column, self._context()):
            if live.get(group.key) == group.digest:
                ids.claim_group(group, column, TOGETHER)
                yield Unchanged(group.key, group.where)
            else:
                yield Read(self._product_of(group.rows(), column, ids), group.digest)

    def _context(self) -> bytes:
        """What the rows mean besides their bytes: the mapping, the currency, a CSV header."""
        currency = self.currency() or ""
        header = [] if self.file.json_lines else self.file.columns
        mapping = json.dumps(self.mapping, sort_keys=True)
        return reading_context("mapped", str(self.file.json_lines), mapping, currency, *header)

    def _product_of(self, rows: list[Row], column: str, ids: IdRegistry) -> Product:
        """The product of one run of rows sharing its id (or group)."""
        current: ProductDraft | None = None
        for row in rows:
            self._check_currency(row)
            product_id = values.required(row, column)
            if current is None:
                ids.claim_product(product_id, row, column, TOGETHER)
                current = self._product(row, product_id)
            elif not current.image_url:
                current.image_url = self._optional(row, "image_url")
            if "price" in self.mapping:
                self._add_variant(current, row, ids)
        assert current is not None, "a run has rows"
        return current.record()

    def _same_names(self) -> dict[str, str]:
        """Without a mapping: the columns (or the first object's keys) named like fields."""
        return {field: field for field in FIELDS if field in self.file.columns}

    def _check_mapping(self) -> None:
        for field in ("id", "name"):
            if field not in self.mapping:
                raise SnapshotError("--map", f"map a column to {field}: --map {field}=COLUMN")
        if self._options() and "price" not in self.mapping:
            raise SnapshotError("--map", "options need a price column: --map price=COLUMN")
        if self.file.json_lines:
            return
        header = self.file.columns
        for field, column in self.mapping.items():
            if column not in header:
                raise SnapshotError(
                    self.file.path.name, f'no column "{column}" (mapped to {field}) in the header'
                )

    def _options(self) -> dict[str, str]:
        return {
            field.removeprefix(OPTION): column
            for field, column in self.mapping.items()
            if field.startswith(OPTION)
        }

    def _optional(self, row: Row, field: str) -> str | None:
        column = self.mapping.get(field)
        return values.optional(row, column) if column else None

    def _product(self, row: Row, product_id: str) -> ProductDraft:
        mapping = self.mapping
        description = self._optional(row, "description")
        return ProductDraft(
            id=product_id,
            name=values.required(row, mapping["name"]),
            row=row,
            type=self._optional(row, "type"),
            brand=self._optional(row, "brand"),
            description=plain_text(description) if description else None,
            tags=values.listed(row, mapping["tags"]) if "tags" in mapping else [],
            image_url=self._optional(row, "image_url"),
        )

    def _add_variant(self, draft: ProductDraft, row: Row, ids: IdRegistry) -> None:
        mapping = self.mapping
        variant_id = values.required(row, mapping["id"])
        ids.claim_variant(variant_id, row, mapping["id"])
        cents = values.price(row, mapping["price"])
        if cents is None:
            raise row.error(mapping["price"], "is empty: a price is required here")
        options = {
            name: draft.add_value(name, row.text(column), row, column)
            for name, column in self._options().items()
        }
        first_column = next(iter(self._options().values()), mapping["id"])
        variant = VariantDraft(
            id=variant_id,
            options=options,
            price_cents=cents,
            available=values.flag(row, mapping["available"], default=True)
            if "available" in mapping
            else True,
            stock=values.count(row, mapping["stock"]) if "stock" in mapping else None,
            image_url=self._optional(row, "variant_image_url"),
            row=row,
        )
        draft.add_variant(variant, first_column)

    def _currency(self, row: Row) -> str:
        column = self.mapping["currency"]
        code = values.required(row, column).upper()
        if not _CURRENCY.match(code):
            raise row.error(column, f"{row.text(column)!r} is not a currency code like USD")
        return code

    def _check_currency(self, row: Row) -> None:
        if "currency" not in self.mapping:
            return
        code = self._currency(row)
        if code != self.store_currency:
            raise row.error(
                self.mapping["currency"],
                f"{code}, where the store's prices are in {self.store_currency}: "
                "a store has one currency",
            )
