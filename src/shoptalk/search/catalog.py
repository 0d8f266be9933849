"""The catalog as search reads it from the store: products with their variants, in pages.

Reads go through `store.transaction(write=False)` with plain column selects, a page of
products at a time (keyset pagination on `position`), so a catalog of hundreds of thousands of
products streams through bounded memory on SQLite and PostgreSQL alike.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shoptalk.commerce import Store
from shoptalk.commerce.records import is_in_stock
from shoptalk.commerce.tables import ProductRow, StoreRow, VariantRow

PAGE_SIZE = 1000


@dataclass(frozen=True)
class OptionValue:
    value: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptionDimension:
    name: str
    values: tuple[OptionValue, ...]


@dataclass(frozen=True)
class CatalogVariant:
    id: str
    options: dict[str, str]
    price_cents: int
    in_stock: bool
    """Available, and with stock left unless its stock is untracked: what "in stock only" keeps."""


@dataclass(frozen=True)
class CatalogProduct:
    id: str
    position: int
    revision: int
    name: str
    type: str | None = None
    brand: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    options: tuple[OptionDimension, ...] = ()
    price_cents: int | None = None
    variants: tuple[CatalogVariant, ...] = ()

    @property
    def configurable(self) -> bool:
        """Made to order: any combination of option values at one price (no variants)."""
        return bool(self.options) and self.price_cents is not None and not self.variants


@dataclass(frozen=True)
class StoreInfo:
    name: str
    currency: str
    catalog_id: str


@dataclass(frozen=True)
class Fingerprint:
    """Changes whenever a product is added, removed or changed: a cheap staleness check."""

    catalog_id: str
    products: int
    revision_sum: int
    last_position: int
    position_sum: int

    def same_products(self, other: "Fingerprint") -> bool:
        """Whether no product was added or removed between the two (only changed)."""
        return (self.catalog_id, self.products, self.last_position, self.position_sum) == (
            other.catalog_id,
            other.products,
            other.last_position,
            other.position_sum,
        )


def store_info(store: Store) -> StoreInfo | None:
    """The store's name, currency and catalog id; None for a database without a store."""
    with store.transaction(write=False) as session:
        row = session.scalars(select(StoreRow)).first()
        return None if row is None else StoreInfo(row.name, row.currency, row.catalog_id)


def fingerprint(store: Store) -> Fingerprint:
    with store.transaction(write=False) as session:
        catalog_id = session.scalar(select(StoreRow.catalog_id)) or ""
        count, total, last, positions = session.execute(
            select(
                func.count(ProductRow.id),
                func.coalesce(func.sum(ProductRow.revision), 0),
                func.coalesce(func.max(ProductRow.position), -1),
                func.coalesce(func.sum(ProductRow.position), 0),
            )
        ).one()
    return Fingerprint(catalog_id, int(count), int(total), int(last), int(positions))


def revisions(store: Store, *, touched_only: bool = False) -> dict[str, int]:
    """Each product's revision, to tell which products changed since the index was built.
    Revisions only grow from 0 at import, so when no product was added or removed the
    products changed since are among those with a revision above 0 (`touched_only`): a
    short answer where reading all 100,000 revisions takes a few hundred milliseconds."""
    query = select(ProductRow.id, ProductRow.revision)
    if touched_only:
        query = query.where(ProductRow.revision > 0)
    with store.transaction(write=False) as session:
        rows = session.connection().execute(query).tuples().all()
    return {str(product_id): int(revision) for product_id, revision in rows}


def image_urls(
    store: Store, product_ids: Sequence[str], variant_ids: Sequence[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The image URLs of these products and of these variants (those that have one). Read
    for the few hits shown rather than kept in the index: URLs are long, hits are few."""
    products = select(ProductRow.id, ProductRow.image_url).where(ProductRow.id.in_(product_ids))
    variants = select(VariantRow.id, VariantRow.image_url).where(VariantRow.id.in_(variant_ids))
    with store.transaction(write=False) as session:
        return (
            {key: url for key, url in session.execute(products).tuples() if url},
            {key: url for key, url in session.execute(variants).tuples() if url},
        )


def count_products(store: Store) -> int:
    with store.transaction(write=False) as session:
        return int(session.scalar(select(func.count(ProductRow.id))) or 0)


def iter_products(store: Store, ids: Iterable[str] | None = None) -> Iterator[CatalogProduct]:
    """All products in catalog order, or only those in `ids` (in catalog order too)."""
    if ids is None:
        yield from _all_products(store)
        return
    wanted = sorted(set(ids))
    pages = [wanted[i : i + PAGE_SIZE] for i in range(0, len(wanted), PAGE_SIZE)]
    found: list[CatalogProduct] = []
    for page in pages:
        with store.transaction(write=False) as session:
            found.extend(_page(session, ProductRow.id.in_(page)))
    yield from sorted(found, key=lambda product: product.position)


def _all_products(store: Store) -> Iterator[CatalogProduct]:
    after = -1
    while True:
        with store.transaction(write=False) as session:
            page = _page(session, ProductRow.position > after, limit=PAGE_SIZE)
        if not page:
            return
        yield from page
        after = page[-1].position


_PRODUCT_COLUMNS = (
    ProductRow.id,
    ProductRow.position,
    ProductRow.revision,
    ProductRow.name,
    ProductRow.type,
    ProductRow.brand,
    ProductRow.description,
    ProductRow.tags,
    ProductRow.options,
    ProductRow.price_cents,
)


def _page(session: Session, condition: Any, limit: int | None = None) -> list[CatalogProduct]:
    query = select(*_PRODUCT_COLUMNS).where(condition).order_by(ProductRow.position).limit(limit)
    rows = session.execute(query).all()
    variants = _variants(session, [row.id for row in rows])
    return [_product(row, variants.get(row.id, [])) for row in rows]


def _variants(session: Session, product_ids: Sequence[str]) -> dict[str, list[CatalogVariant]]:
    query = (
        select(
            VariantRow.product_id,
            VariantRow.id,
            VariantRow.options,
            VariantRow.price_cents,
            VariantRow.available,
            VariantRow.stock,
        )
        .where(VariantRow.product_id.in_(product_ids))
        .order_by(VariantRow.product_id, VariantRow.position)
    )
    found: dict[str, list[CatalogVariant]] = {}
    for product_id, variant_id, options, price, available, stock in session.execute(query):
        variant = CatalogVariant(variant_id, dict(options), price, is_in_stock(available, stock))
        found.setdefault(product_id, []).append(variant)
    return found


def _product(row: Any, variants: list[CatalogVariant]) -> CatalogProduct:
    return CatalogProduct(
        id=row.id,
        position=row.position,
        revision=row.revision,
        name=row.name,
        type=row.type,
        brand=row.brand,
        description=row.description,
        tags=tuple(row.tags or ()),
        options=tuple(_dimension(dim) for dim in row.options or ()),
        price_cents=row.price_cents,
        variants=tuple(variants),
    )


def _dimension(dim: dict[str, Any]) -> OptionDimension:
    values = tuple(
        OptionValue(v["value"], tuple(v.get("synonyms", ())))
        if isinstance(v, dict)
        else OptionValue(str(v))
        for v in dim["values"]
    )
    return OptionDimension(str(dim["name"]), values)
