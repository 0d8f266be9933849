"""WooCommerce's product CSV (Products → Export, the built-in exporter).

Each row is a product or a variation, told by Type: simple, variable, variation, grouped or
external. A variation names its variable product in Parent (`id:123` or the parent's SKU) and
may sit anywhere in the file, so the file is read twice: a first pass checks ids and SKUs and
counts each variable product's variations; the second builds products, keeping a variable
product only until its last variation has been read (an export lists them close together, so
little is held).

What becomes what:
- id: the product's ID (its SKU when the file has no IDs); a variant's id is its SKU, else
  its ID. A simple product is one variant without options.
- name: Name; description: Description (else Short description) as plain text; type: the last
  level of the first category in Categories ("Clothing > Hoodies" → Hoodies), the other
  categories' last levels join Tags; brand: the first of Brands.
- options: the attributes the variations name, values in the order the variable product lists
  them; a variation leaving an attribute empty ("any size") stands for each of its values not
  taken by another variation. Attributes no variation uses, and a simple product's, become tags.
- price: Sale price when set (its dates are not read), else Regular price. A simple product
  without a price is imported without variants (found by search, not orderable); a variation
  without one is left out and counted.
- stock: Stock when set, untracked when empty or when backorders are allowed; "In stock?" 0
  makes the variant unavailable. Images: the first URL of Images.
- Published: only published products (1) are imported; drafts (0) and private ones (-1) are
  skipped and counted; an unpublished variation is imported as unavailable. Grouped and
  external products cannot be ordered here and are skipped and counted.
"""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product as combinations

from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.importers import values
from shoptalk.commerce.importers.columns import column_set
from shoptalk.commerce.importers.draft import IdRegistry, ProductDraft, VariantDraft
from shoptalk.commerce.importers.html import plain_text
from shoptalk.commerce.importers.rows import Row, TableFile
from shoptalk.commerce.records import Product

KINDS = ("simple", "variable", "variation", "grouped", "external")
NOT_ORDERABLE = ("grouped", "external")
PUBLISHED = ("1", "")
_ATTRIBUTE = re.compile(r"^Attribute (\d+) name$")
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@])")


@dataclass(frozen=True)
class Attribute:
    name: str
    values: list[str]
    column: str
    """Where its values are, to name it in an error."""


@dataclass
class _Plan:
    """What the first pass learns: each row's kind by key, and how many variations each
    variable product has."""

    ids: dict[str, int] = field(default_factory=dict)
    skus: dict[str, str] = field(default_factory=dict)
    """SKU → the key of its row."""
    kinds: dict[str, str] = field(default_factory=dict)
    variations: Counter[str] = field(default_factory=Counter)

    def parent_key(self, reference: str) -> str | None:
        if reference.startswith("id:"):
            number = reference[3:].strip()
            return f"id:{number}" if number in self.ids else None
        return self.skus.get(reference)


class WooCommerceReader:
    """Products from a WooCommerce product CSV; `skipped` counts what was left out, and why."""

    def __init__(self, file: TableFile) -> None:
        self.file = file
        self.warnings = column_set("woocommerce").check(file)
        if "ID" not in file.columns and "SKU" not in file.columns:
            raise SnapshotError(file.path.name, 'missing column "ID" (or "SKU") in the header')
        self.attribute_numbers = sorted(
            int(match.group(1)) for c in file.columns if (match := _ATTRIBUTE.match(c))
        )
        self.skipped: Counter[str] = Counter()
        self.ids = IdRegistry()

    def currency(self) -> str | None:
        """A WooCommerce export states no currency: the store's own."""
        return None

    def products(self) -> Iterator[Product]:
        plan = self._plan()
        self.ids = IdRegistry()
        waiting: dict[str, _Variable] = {}
        early: dict[str, list[Row]] = {}
        for row in self.file.rows():
            kind = kind_of(row)
            if kind in NOT_ORDERABLE:
                self.skipped[f"{kind} products"] += 1
            elif kind == "simple":
                if self.published(row):
                    yield self._simple(row)
            elif kind == "variable":
                key = _key(row)
                parent = _Variable(self, row, plan.variations[key])
                for variation in early.pop(key, []):
                    parent.variations.append(variation)
                if parent.complete:
                    yield from parent.finish()
                else:
                    waiting[key] = parent
            else:
                key = plan.parent_key(row.text("Parent")) or ""
                if key not in waiting:
                    early.setdefault(key, []).append(row)
                    continue
                waiting[key].variations.append(row)
                if waiting[key].complete:
                    yield from waiting.pop(key).finish()

    def published(self, row: Row) -> bool:
        """Whether a product row is published; a skipped one is counted."""
        if row.text("Published") in PUBLISHED:
            return True
        state = "private" if row.text("Published") == "-1" else "draft"
        self.skipped[f"{state} products"] += 1
        return False

    def attributes(self, row: Row) -> list[Attribute]:
        """The attributes the row names, with their values."""
        found = []
        for number in self.attribute_numbers:
            name = row.text(f"Attribute {number} name")
            if name:
                column = f"Attribute {number} value(s)"
                found.append(Attribute(name, values.listed(row, column), column))
        return found

    def draft(self, row: Row) -> ProductDraft:
        """The product fields of a simple or variable product's row."""
        draft = _product_draft(row)
        self.ids.claim_product(draft.id, row, "ID" if row.text("ID") else "SKU")
        return draft

    def variant(
        self, row: Row, cents: int, options: dict[str, str], suffix: str = ""
    ) -> VariantDraft:
        """A simple product's only variant (its images are the product's), or a variation
        (one of them, for an "any" one)."""
        own_id = row.text("SKU") or row.text("ID")
        variant_id = f"{own_id}/{suffix}" if suffix else own_id
        self.ids.claim_variant(variant_id, row, "SKU" if row.text("SKU") else "ID")
        images = values.listed(row, "Images") if kind_of(row) == "variation" else []
        return VariantDraft(
            id=variant_id,
            options=options,
            price_cents=cents,
            available=row.text("Published") in PUBLISHED and row.text("In stock?") != "0",
            stock=_stock(row),
            image_url=images[0] if images else None,
            row=row,
        )

    def _plan(self) -> _Plan:
        """First pass: unique IDs and SKUs, parents that exist, variations counted."""
        plan = _Plan()
        references: list[tuple[int, str]] = []
        for row in self.file.rows():
            kind = kind_of(row)
            product_id, sku = row.text("ID"), row.text("SKU")
            if not product_id and not sku:
                raise row.error("ID", "is empty, and so is SKU: a row needs one of them")
            key = _key(row)
            if product_id:
                first = plan.ids.setdefault(product_id, row.line)
                if first != row.line:
                    raise row.error("ID", f"{product_id} is already used on line {first}")
            if sku:
                if sku in plan.skus:
                    raise row.error("SKU", f'"{sku}" is already used by {plan.skus[sku]}')
                plan.skus[sku] = key
            plan.kinds[key] = kind
            if kind == "variation":
                references.append((row.line, values.required(row, "Parent")))
        for line, reference in references:
            parent = plan.parent_key(reference)
            if parent is None or plan.kinds[parent] != "variable":
                problem = "no such product" if parent is None else "not a variable product"
                raise self.file.error(line, f"{reference!r}: {problem} in the file", "Parent")
            plan.variations[parent] += 1
        return plan

    def _simple(self, row: Row) -> Product:
        draft = self.draft(row)
        draft.tags.extend(value for attribute in self.attributes(row) for value in attribute.values)
        cents = _price(row)
        if cents is None:
            self.skipped["simple products without a price (imported for search only)"] += 1
        else:
            draft.add_variant(self.variant(row, cents, {}), "SKU")
        return draft.record()


def kind_of(row: Row) -> str:
    """The row's product type: "variation, downloadable" is a variation."""
    kinds = [k.strip().lower() for k in row.text("Type").split(",")]
    found = [k for k in kinds if k in KINDS]
    if not found:
        raise row.error("Type", f"{row.text('Type')!r} is not one of {', '.join(KINDS)}")
    return found[0]


Chosen = dict[str, tuple[str, str]]
"""Option name → (the value a variation names, "" for any; the column it is in)."""


class _Variable:
    """A variable product, waiting for its variations."""

    def __init__(self, reader: WooCommerceReader, row: Row, expected: int) -> None:
        self.reader, self.row, self.expected = reader, row, expected
        self.published = reader.published(row)
        self.variations: list[Row] = []

    @property
    def complete(self) -> bool:
        return len(self.variations) == self.expected

    def finish(self) -> Iterator[Product]:
        if not self.published:
            return
        draft = self.reader.draft(self.row)
        listed = self.reader.attributes(self.row)
        named = [(row, self._chosen(row, listed)) for row in self.variations]
        used = {name for _, chosen in named for name in chosen}
        for attribute in listed:
            if attribute.name not in used:
                draft.tags.extend(attribute.values)
                continue
            for value in attribute.values:
                draft.add_value(attribute.name, value, self.row, attribute.column)
        priced = [(row, chosen) for row, chosen in named if self._priced(row)]
        any_last = sorted(priced, key=lambda pair: any(not v for v, _ in pair[1].values()))
        for row, chosen in any_last:
            self._add(draft, row, chosen, used)
        yield draft.record()

    def _chosen(self, row: Row, listed: list[Attribute]) -> Chosen:
        """What a variation names, its attribute names spelt as its product spells them."""
        spelling = {attribute.name.casefold(): attribute.name for attribute in listed}
        return {
            spelling.get(a.name.casefold(), a.name): (a.values[0] if a.values else "", a.column)
            for a in self.reader.attributes(row)
        }

    def _priced(self, row: Row) -> bool:
        if _price(row) is None:
            self.reader.skipped["variations without a price"] += 1
            return False
        return True

    def _add(self, draft: ProductDraft, row: Row, chosen: Chosen, used: set[str]) -> None:
        """Add a variation; one naming no value for an attribute ("any") is added once per
        value that no other variation has taken."""
        cents = _price(row)
        assert cents is not None
        fixed = {
            name: draft.add_value(name, value, row, column)
            for name, (value, column) in chosen.items()
            if value
        }
        column = next(iter(chosen.values()), ("", "SKU"))[1]
        open_names = [name for name in draft.option_names if name in used and name not in fixed]
        if not open_names:
            draft.add_variant(self.reader.variant(row, cents, fixed), column)
            return
        for picked in combinations(*(draft.option_values[name] for name in open_names)):
            options = {**fixed, **dict(zip(open_names, picked, strict=True))}
            if not draft.has_combination(options):
                variant = self.reader.variant(row, cents, options, suffix="/".join(picked))
                draft.add_variant(variant, column)


def _key(row: Row) -> str:
    product_id = row.text("ID")
    return f"id:{product_id}" if product_id else f"sku:{row.text('SKU')}"


def _text(row: Row, column: str) -> str:
    """A text cell without the quote WooCommerce puts before a leading = + - @ (so that a
    spreadsheet does not read it as a formula), and with its `\\n` as line breaks."""
    return _FORMULA_GUARD.sub("", row.text(column)).replace("\\n", "\n")


def _product_draft(row: Row) -> ProductDraft:
    name = _text(row, "Name")
    if not name:
        raise row.error("Name", "is empty: a product needs a name")
    categories = [path.split(">")[-1].strip() for path in values.listed(row, "Categories")]
    categories = [c for c in categories if c and c.lower() != "uncategorized"]
    brands = values.listed(row, "Brands")
    description = plain_text(_text(row, "Description")) or plain_text(
        _text(row, "Short description")
    )
    images = values.listed(row, "Images")
    return ProductDraft(
        id=row.text("ID") or row.text("SKU"),
        name=name,
        row=row,
        type=categories[0] if categories else None,
        brand=brands[0] if brands else None,
        description=description or None,
        tags=[*values.listed(row, "Tags"), *categories[1:]],
        image_url=images[0] if images else None,
    )


def _price(row: Row) -> int | None:
    sale = values.price(row, "Sale price")
    return sale if sale is not None else values.price(row, "Regular price")


def _stock(row: Row) -> int | None:
    if row.text("Backorders allowed?").lower() in ("1", "notify", "yes"):
        return None
    return values.count(row, "Stock")
