"""The catalog as grounding reads it: products with their names and options, nothing else.

Read straight from a store's tables (columns only, no variants: the 100k-product store loads in
seconds) or from a snapshot document. Identical option dimensions are shared between products,
which keeps a large catalog small in memory.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from shoptalk.commerce import Store
from shoptalk.commerce.tables import ProductRow, StoreRow
from shoptalk.nlu.normalize.order_ids import DEFAULT_FORMAT, OrderIdFormat


@dataclass(frozen=True)
class OptionValue:
    """A canonical option value and the other ways the catalog says it."""

    value: str
    synonyms: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.value, *self.synonyms)


@dataclass(frozen=True)
class ProductOption:
    """One option of a product ("size") and its values, in the catalog's order."""

    name: str
    values: tuple[OptionValue, ...]


@dataclass(frozen=True)
class CatalogProduct:
    id: str
    name: str
    type: str | None = None
    brand: str | None = None
    options: tuple[ProductOption, ...] = ()


@dataclass(frozen=True)
class Catalog:
    """Products in catalog order, and what else grounding needs from the store."""

    products: tuple[CatalogProduct, ...]
    order_ids: OrderIdFormat = DEFAULT_FORMAT
    catalog_id: str = ""
    """The store's catalog id: an index built from an older catalog is stale."""


class _OptionCache:
    """Hands out one `ProductOption` per distinct dimension."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, tuple[Any, ...]], ProductOption] = {}

    def option(self, name: str, values: Sequence[Any]) -> ProductOption:
        key = (name, tuple(_value_key(v) for v in values))
        found = self._known.get(key)
        if found is None:
            found = ProductOption(name, tuple(_option_value(v) for v in values))
            self._known[key] = found
        return found


def _value_key(value: Any) -> Any:
    if isinstance(value, Mapping):
        return (str(value.get("value", "")), tuple(str(s) for s in value.get("synonyms", ())))
    return str(value)


def _option_value(value: Any) -> OptionValue:
    if isinstance(value, Mapping):
        return OptionValue(
            str(value.get("value", "")), tuple(str(s) for s in value.get("synonyms", ()))
        )
    return OptionValue(str(value))


def load_catalog(store: Store) -> Catalog:
    """The store's catalog, read in one transaction."""
    with store.transaction(write=False) as session:
        info = session.scalar(select(StoreRow))
        columns = (ProductRow.id, ProductRow.name, ProductRow.type, ProductRow.brand)
        rows = session.execute(select(*columns, ProductRow.options).order_by(ProductRow.position))
        cache = _OptionCache()
        products = tuple(
            CatalogProduct(
                id=pid,
                name=name,
                type=kind,
                brand=brand,
                options=tuple(cache.option(d["name"], d["values"]) for d in options or ()),
            )
            for pid, name, kind, brand, options in rows
        )
    if info is None:
        return Catalog(products)
    order_ids = OrderIdFormat(info.order_id_prefix, info.order_number_width)
    return Catalog(products, order_ids, info.catalog_id)


def catalog_from_snapshot(document: Mapping[str, Any]) -> Catalog:
    """The catalog of a `shoptalk-store/1` document (as parsed JSON), e.g. the demo store.

    The order-id format is the store's default: a snapshot's orders are not read here."""
    cache = _OptionCache()
    return Catalog(tuple(_snapshot_products(document.get("products", ()), cache)))


def _snapshot_products(
    products: Iterable[Mapping[str, Any]], cache: _OptionCache
) -> Iterator[CatalogProduct]:
    for product in products:
        options = product.get("options") or {}
        yield CatalogProduct(
            id=str(product["id"]),
            name=str(product.get("name", "")),
            type=product.get("type"),
            brand=product.get("brand"),
            options=tuple(cache.option(name, values) for name, values in options.items()),
        )
