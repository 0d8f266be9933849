"""The catalog as every reader sees it: typed products with their options (and, when asked,
their variants), read from a store in pages or from a snapshot document.

Understanding, search, the language model and the training data all read the catalog through
this one view, so an option value stored as `"red"` or as `{"value": "large", "synonyms": [...]}`
is decoded in one place (`OptionValue.stored`). Reads use plain column selects a page of
products at a time (keyset pagination on `position`), so a catalog of hundreds of thousands of
products streams through bounded memory on SQLite and PostgreSQL alike. Identical option
dimensions are shared between products, which keeps a large catalog small in memory.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shoptalk.commerce.records import is_in_stock
from shoptalk.commerce.tables import ProductRow, VariantRow

if TYPE_CHECKING:  # the store's operations read options through this module
    from shoptalk.commerce.store import Store

PAGE_SIZE = 1000


@dataclass(frozen=True)
class OptionValue:
    """A canonical option value and the other ways the catalog says it."""

    value: str
    synonyms: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.value, *self.synonyms)

    @classmethod
    def stored(cls, stored: Any) -> "OptionValue":
        """An option value as the store keeps it: a plain string, or a mapping with its value
        and synonyms."""
        if isinstance(stored, Mapping):
            return cls(
                str(stored.get("value", "")), tuple(str(s) for s in stored.get("synonyms", ()))
            )
        return cls(str(stored))


@dataclass(frozen=True)
class ProductOption:
    """One option of a product ("size") and its values, in the catalog's order."""

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
    name: str
    type: str | None = None
    brand: str | None = None
    options: tuple[ProductOption, ...] = ()
    description: str | None = None
    tags: tuple[str, ...] = ()
    price_cents: int | None = None
    variants: tuple[CatalogVariant, ...] = ()
    """Read only when asked for (`iter_products(..., variants=True)`)."""
    position: int = 0
    revision: int = 0

    @property
    def configurable(self) -> bool:
        """Made to order: any combination of option values at one price (no variants)."""
        return bool(self.options) and self.price_cents is not None and not self.variants


class OptionCache:
    """Hands out one `ProductOption` per distinct dimension."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, tuple[OptionValue, ...]], ProductOption] = {}

    def option(self, name: str, stored: Iterable[Any]) -> ProductOption:
        values = tuple(OptionValue.stored(value) for value in stored)
        return self._known.setdefault((name, values), ProductOption(name, values))


def iter_products(
    store: "Store", ids: Iterable[str] | None = None, *, variants: bool = True
) -> Iterator[CatalogProduct]:
    """All products in catalog order, or only those in `ids` (in catalog order too); with
    their variants unless `variants` is False (grounding and training need none)."""
    cache = OptionCache()
    if ids is None:
        after = -1
        while True:
            with store.transaction(write=False) as session:
                page = _page(session, ProductRow.position > after, variants, cache, PAGE_SIZE)
            if not page:
                return
            yield from page
            after = page[-1].position
    wanted = sorted(set(ids))
    found: list[CatalogProduct] = []
    for start in range(0, len(wanted), PAGE_SIZE):
        with store.transaction(write=False) as session:
            condition = ProductRow.id.in_(wanted[start : start + PAGE_SIZE])
            found.extend(_page(session, condition, variants, cache))
    yield from sorted(found, key=lambda product: product.position)


def products_from_snapshot(document: Mapping[str, Any]) -> tuple[CatalogProduct, ...]:
    """The products of a `shoptalk-store/1` document (as parsed JSON), options only."""
    cache = OptionCache()
    return tuple(
        CatalogProduct(
            id=str(product["id"]),
            name=str(product.get("name", "")),
            type=product.get("type"),
            brand=product.get("brand"),
            options=tuple(
                cache.option(name, values)
                for name, values in (product.get("options") or {}).items()
            ),
            tags=tuple(product.get("tags") or ()),
            position=position,
        )
        for position, product in enumerate(document.get("products", ()))
    )


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


def _page(
    session: Session,
    condition: Any,
    variants: bool,
    cache: OptionCache,
    limit: int | None = None,
) -> list[CatalogProduct]:
    query = select(*_PRODUCT_COLUMNS).where(condition).order_by(ProductRow.position).limit(limit)
    rows = session.execute(query).all()
    found = _variants(session, [row.id for row in rows]) if variants else {}
    return [_product(row, found.get(row.id, ()), cache) for row in rows]


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


def _product(row: Any, variants: Iterable[CatalogVariant], cache: OptionCache) -> CatalogProduct:
    return CatalogProduct(
        id=row.id,
        name=row.name,
        type=row.type,
        brand=row.brand,
        options=tuple(cache.option(str(dim["name"]), dim["values"]) for dim in row.options or ()),
        description=row.description,
        tags=tuple(row.tags or ()),
        price_cents=row.price_cents,
        variants=tuple(variants),
        position=row.position,
        revision=row.revision,
    )
