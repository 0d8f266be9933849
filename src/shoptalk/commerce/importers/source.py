"""An import file of any supported format as a snapshot source: the store's name and currency,
its products, and no shoppers or orders (a catalog-only store).

`import_snapshot` and `sync_catalog` read it as they read a snapshot, so every product goes
through the same checks and the same writers whatever file it came from.
"""

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal, Protocol

from shoptalk.commerce.digests import DigestReader, Read, Unchanged
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.importers.columns import column_set
from shoptalk.commerce.importers.mapped import MappedReader
from shoptalk.commerce.importers.rows import TableFile
from shoptalk.commerce.importers.shopify import ShopifyReader
from shoptalk.commerce.importers.woocommerce import WooCommerceReader
from shoptalk.commerce.records import Order, Product, SnapshotHeader, StoreInfo, User
from shoptalk.commerce.snapshot import SnapshotSource
from shoptalk.commerce.snapshot_file import SnapshotFile

Format = Literal["snapshot", "shopify", "woocommerce", "csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("snapshot", "shopify", "woocommerce", "csv", "jsonl")
PLATFORMS: tuple[Literal["shopify", "woocommerce"], ...] = ("shopify", "woocommerce")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class ProductReader(Protocol):
    warnings: list[str]
    skipped: Counter[str]

    def currency(self) -> str | None: ...
    def products(self) -> Iterator[Product]: ...


def detect_format(path: Path) -> Format:
    """The format a file's name (and, for a CSV, its header row) says it is in."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix != ".csv":
        return "snapshot"
    header = TableFile(path).columns
    for platform in PLATFORMS:
        if column_set(platform).matches(header):
            return platform
    raise SnapshotError(
        path.name,
        "not a Shopify or WooCommerce product export (by its header row): "
        "pass --format csv with --map FIELD=COLUMN,...",
    )


class CatalogSource:
    """A catalog file read as a snapshot with products only."""

    def __init__(self, reader: ProductReader, name: str, currency: str) -> None:
        self.reader = reader
        self.name = name
        self.default_currency = currency

    @property
    def warnings(self) -> list[str]:
        return self.reader.warnings

    @property
    def skipped(self) -> dict[str, int]:
        """What the file holds that was not imported, and why (counts; filled as it is read)."""
        return dict(self.reader.skipped)

    def header(self) -> SnapshotHeader:
        currency = self.reader.currency() or self.default_currency
        return SnapshotHeader(
            format="shoptalk-store/1", store=StoreInfo(name=self.name, currency=currency)
        )

    def iter_products(self) -> Iterator[Product]:
        self.reader.skipped.clear()
        return self.reader.products()

    def read_products(self, live: Mapping[str, str]) -> Iterator[Read | Unchanged]:
        """The products, unchanged ones recognised where the format allows (`digests`): a
        WooCommerce export scatters a product's rows, so its products are all built."""
        self.reader.skipped.clear()
        if isinstance(self.reader, DigestReader):
            return self.reader.read_products(live)
        return (Read(product, None) for product in self.reader.products())

    def iter_users(self) -> Iterator[User]:
        return iter(())

    def iter_orders(self) -> Iterator[Order]:
        return iter(())


def open_catalog(
    path: Path,
    format: Format,
    *,
    mapping: dict[str, str] | None = None,
    currency: str | None = None,
    default_currency: str = "USD",
    name: str | None = None,
) -> CatalogSource:
    """A Shopify, WooCommerce, CSV or JSON-lines catalog file as a snapshot source. `currency`
    is what the user said the prices are in; `default_currency` is used when neither they nor
    the file say."""
    if not path.is_file():
        raise SnapshotError("", f"cannot read {path}: no such file")
    if mapping and format not in ("csv", "jsonl"):
        raise SnapshotError("--map", f"a {format} export has known columns: --map is for csv/jsonl")
    file = TableFile(path)
    reader: ProductReader
    if format == "shopify":
        reader = ShopifyReader(file)
    elif format == "woocommerce":
        reader = WooCommerceReader(file)
    elif format in ("csv", "jsonl"):
        file.json_lines = format == "jsonl"
        reader = MappedReader(file, mapping or {}, currency)
    else:
        raise SnapshotError("--format", f"{format!r} is not a catalog format")
    store_name = name or path.stem.replace("_", " ").replace("-", " ").strip() or "Store"
    return CatalogSource(reader, store_name, currency or default_currency)


def open_source(
    path: Path,
    format: str | None = None,
    *,
    mapping: dict[str, str] | None = None,
    currency: str | None = None,
    default_currency: str = "USD",
    name: str | None = None,
) -> SnapshotSource:
    """What `shoptalk store import` and `sync` read: a snapshot, or a catalog file in the
    format given or detected from its name and header (see `open_catalog`)."""
    if format is not None and format not in FORMATS:
        raise SnapshotError("--format", f"{format!r} is not one of {', '.join(FORMATS)}")
    if currency is not None and not _CURRENCY.match(currency.upper()):
        raise SnapshotError("--currency", f"{currency!r} is not a currency code like USD")
    if name is not None and not name.strip():
        raise SnapshotError("--name", "the store needs a name")
    chosen = format if format else detect_format(path)
    if chosen == "snapshot":
        given = [
            o for o, v in (("--map", mapping), ("--currency", currency), ("--name", name)) if v
        ]
        if given:
            raise SnapshotError(given[0], "a snapshot names its own store and currency")
        return SnapshotFile(path)
    return open_catalog(
        path,
        chosen,
        mapping=mapping,
        currency=currency.upper() if currency else None,
        default_currency=default_currency,
        name=name.strip() if name else None,
    )
