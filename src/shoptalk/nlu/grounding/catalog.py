"""The catalog as grounding reads it: products with their names and options (the one catalog
view of `commerce.catalog_view`, without variants), and the store's order-id format.

Read straight from a store's tables (columns only, no variants: the 100k-product store loads in
seconds) or from a snapshot document.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from shoptalk.commerce import Store
from shoptalk.commerce.catalog_view import CatalogProduct, iter_products, products_from_snapshot
from shoptalk.commerce.tables import StoreRow
from shoptalk.nlu.normalize.order_ids import DEFAULT_FORMAT, OrderIdFormat


@dataclass(frozen=True)
class Catalog:
    """Products in catalog order, and what else grounding needs from the store."""

    products: tuple[CatalogProduct, ...]
    order_ids: OrderIdFormat = DEFAULT_FORMAT
    catalog_id: str = ""
    """The store's catalog id: an index built from an older catalog is stale."""


def load_catalog(store: Store) -> Catalog:
    """The store's catalog and its order-id format."""
    with store.transaction(write=False) as session:
        info = session.scalar(select(StoreRow))
        order_ids, catalog_id = DEFAULT_FORMAT, ""
        if info is not None:
            order_ids = OrderIdFormat(info.order_id_prefix, info.order_number_width)
            catalog_id = info.catalog_id
    return Catalog(tuple(iter_products(store, variants=False)), order_ids, catalog_id)


def catalog_from_snapshot(document: Mapping[str, Any]) -> Catalog:
    """The catalog of a `shoptalk-store/1` document (as parsed JSON), e.g. the demo store.

    The order-id format is the store's default: a snapshot's orders are not read here."""
    return Catalog(products_from_snapshot(document))
