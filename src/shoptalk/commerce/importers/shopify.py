"""Shopify's product CSV (Products → Export in the Shopify admin).

Rows sharing a Handle are one product: the first carries the product's fields and option
names, each row with an option value, SKU or price is a variant, and a row with only an Image
Src adds an image. Shopify keeps a product's rows together, so the file is read in one pass
holding one product at a time.

What becomes what:
- id: the Handle; a variant's id is its SKU, or `<handle>/<option values>` when it has none
  (just the handle for a product without options).
- name: Title; brand: Vendor; type: Type, else the last level of Product Category;
  description: Body (HTML) as plain text; tags: Tags.
- options: OptionN Name / OptionN Value; "Title: Default Title" means no options.
- stock: Variant Inventory Qty when Variant Inventory Tracker is set and the policy is "deny";
  an empty tracker, or the policy "continue" (keep selling when out of stock), is untracked
  inventory (no stock count). A negative quantity (oversold) is 0.
- images: the product's image is its first by Image Position; a variant's is Variant Image.
- Status: only active products are imported (an export without Status counts as active);
  draft and archived ones are skipped and counted, so a sync treats them as gone from the shop.

Each product's rows are hashed as they are read (`digests`): a sync passes over a product
whose rows carry its stored digest without building it, claiming only its handle.
"""

from collections import Counter
from collections.abc import Iterator, Mapping

from shoptalk.commerce.digests import Read, Unchanged, reading_context
from shoptalk.commerce.importers import values
from shoptalk.commerce.importers.columns import column_set
from shoptalk.commerce.importers.draft import IdRegistry, ProductDraft, VariantDraft
from shoptalk.commerce.importers.html import plain_text
from shoptalk.commerce.importers.rows import Row, TableFile
from shoptalk.commerce.records import Product

OPTIONS = tuple((f"Option{n} Name", f"Option{n} Value") for n in (1, 2, 3))
VARIANT_COLUMNS = ("Variant Price", "Variant SKU", *(value for _, value in OPTIONS))
"""A row with any of these is a variant; a row with none of them adds an image."""
DEFAULT_OPTION = ("title", "default title")
IMPORTED, SKIPPED = "active", ("draft", "archived")
TOGETHER = ": a product's rows must be together"


class ShopifyReader:
    """Products from a Shopify product CSV; `skipped` counts what was left out, and why."""

    def __init__(self, file: TableFile) -> None:
        self.file = file
        self.warnings = column_set("shopify").check(file)
        self.skipped: Counter[str] = Counter()
        self.tracks_quantity = "Variant Inventory Qty" in file.columns
        self.context = reading_context("shopify", *file.columns)

    def currency(self) -> str | None:
        """A Shopify export states no currency: the store's own."""
        return None

    def products(self) -> Iterator[Product]:
        return (item.product for item in self.read_products({}) if isinstance(item, Read))

    def read_products(self, live: Mapping[str, str]) -> Iterator[Read | Unchanged]:
        """Each handle's product, built from its rows unless they have its `live` digest."""
        ids = IdRegistry()
        for group in self.file.groups("Handle", self.context):
            if live.get(group.key) == group.digest:
                ids.claim_group(group, "Handle", TOGETHER)
                yield Unchanged(group.key, group.where)
                continue
            product = self._product(group.rows(), ids)
            if product is not None:
                yield Read(product, group.digest)

    def _product(self, rows: list[Row], ids: IdRegistry) -> Product | None:
        """One handle's product (None for a draft or archived one)."""
        first, *rest = rows
        ids.claim_product(values.required(first, "Handle"), first, "Handle", TOGETHER)
        product = _Product(self, first, ids)
        for row in rest:
            product.add(row)
        return product.finish()


class _Product:
    """The rows of one handle so far."""

    def __init__(self, reader: ShopifyReader, row: Row, ids: IdRegistry) -> None:
        self.reader, self.ids = reader, ids
        status = row.text("Status").lower() or IMPORTED
        if status not in (IMPORTED, *SKIPPED):
            raise row.error("Status", f"{status!r} is not one of active, draft, archived")
        self.skip = status in SKIPPED
        if self.skip:
            reader.skipped[f"{status} products"] += 1
        self.draft = ProductDraft(
            id=row.text("Handle"),
            name=row.text("Title"),
            row=row,
            type=row.text("Type") or _last_level(row.text("Product Category")),
            brand=values.optional(row, "Vendor"),
            description=plain_text(row.text("Body (HTML)")) or None,
            tags=values.listed(row, "Tags"),
        )
        self.names = _option_names(row)
        self.images: list[tuple[int, int, str]] = []
        """(position, order in the file, URL) of each product image."""
        if not self.skip:
            if not self.draft.name:
                raise row.error("Title", "is empty: the first row of a product needs its title")
            self._add_variant(row)
            self._add_image(row)

    def add(self, row: Row) -> None:
        if self.skip:
            return
        if any(row.text(column) for column in VARIANT_COLUMNS):
            self._add_variant(row)
        self._add_image(row)

    def finish(self) -> Product | None:
        if self.skip:
            return None
        if self.images:
            self.draft.image_url = min(self.images)[2]
        return self.draft.record()

    def _add_variant(self, row: Row) -> None:
        draft = self.draft
        options: dict[str, str] = {}
        for (name_column, value_column), name in zip(OPTIONS, self.names, strict=True):
            value = row.text(value_column)
            if name is None:
                if value and (name_column, value) != ("Option1 Name", "Default Title"):
                    problem = f'a value, but the product has no "{name_column}"'
                    raise row.error(value_column, problem)
                continue
            options[name] = draft.add_value(name, value, row, value_column)
        sku = row.text("Variant SKU")
        variant_id = sku or "/".join([draft.id, *options.values()])
        self.ids.claim_variant(variant_id, row, "Variant SKU" if sku else "Handle")
        cents = values.price(row, "Variant Price")
        if cents is None:
            raise row.error("Variant Price", "is empty: every variant needs a price")
        variant = VariantDraft(
            id=variant_id,
            options=options,
            price_cents=cents,
            available=True,
            stock=self._stock(row),
            image_url=values.optional(row, "Variant Image"),
            row=row,
        )
        draft.add_variant(variant, "Option1 Value" if options else "Handle")

    def _stock(self, row: Row) -> int | None:
        tracked = bool(row.text("Variant Inventory Tracker"))
        keeps_selling = row.text("Variant Inventory Policy").lower() == "continue"
        if not tracked or keeps_selling or not self.reader.tracks_quantity:
            return None
        return values.count(row, "Variant Inventory Qty") or 0

    def _add_image(self, row: Row) -> None:
        url = row.text("Image Src")
        if not url:
            return
        position = values.count(row, "Image Position")
        order = len(self.images)
        self.images.append((position if position is not None else 1 << 30, order, url))


def _option_names(row: Row) -> list[str | None]:
    """The product's option names from its first row; "Title" with "Default Title" is none."""
    names: list[str | None] = []
    for name_column, value_column in OPTIONS:
        name = row.text(name_column)
        if (name.lower(), row.text(value_column).lower()) == DEFAULT_OPTION:
            name = ""
        names.append(name or None)
    return names


def _last_level(category: str) -> str | None:
    """ "Apparel & Accessories > Clothing > Shirts" → "Shirts"."""
    return category.rsplit(">", 1)[-1].strip() or None
