"""What a store gives its understanding model to learn from: product names, brands, types,
option values with their synonyms, shoppers' names, order-id format and policy topics.

Read once from the database; the training-data generator and the catalog fingerprint use it.
"""

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from shoptalk.commerce import Store
from shoptalk.commerce.catalog_view import CatalogProduct, iter_products
from shoptalk.commerce.demo import generate_users
from shoptalk.commerce.tables import OrderRow, PolicyRow, StoreRow, UserRow


@dataclass(frozen=True)
class ShopperTerms:
    first_name: str
    last_name: str
    email: str
    zip: str
    address1: str
    city: str
    state: str


@dataclass(frozen=True)
class StoreVocabulary:
    products: tuple[CatalogProduct, ...]
    shoppers: tuple[ShopperTerms, ...]
    order_prefix: str
    order_number_width: int
    highest_order_number: int
    policy_topics: tuple[str, ...]
    order_count: int

    def fingerprint(self) -> str:
        """Changes when anything the model learnt from the catalog changes: the products'
        names, types, brands, tags and option values, the policy topics and the order-id
        prefix (not prices, stock or descriptions, which the model never sees)."""
        catalog = [_learnt(p) for p in self.products], self.policy_topics, self.order_prefix
        return hashlib.sha256(json.dumps(catalog, sort_keys=True).encode()).hexdigest()[:16]


def load_vocabulary(store: Store) -> StoreVocabulary:
    products = tuple(iter_products(store, variants=False))
    with store.transaction(write=False) as session:
        info = session.scalar(select(StoreRow))
        shoppers = tuple(
            ShopperTerms(
                u.first_name, u.last_name, u.email.lower(), u.zip, u.address1, u.city, u.state
            )
            for u in session.scalars(select(UserRow).order_by(UserRow.position).limit(5000))
        )
        topics = tuple(session.scalars(select(PolicyRow.topic).order_by(PolicyRow.position)))
        orders = session.scalar(select(func.count()).select_from(OrderRow)) or 0
    prefix = info.order_id_prefix if info else "#W"
    width = info.order_number_width if info else 4
    highest = (info.next_order_number - 1) if info else 1000 + orders
    return StoreVocabulary(products, shoppers, prefix, width, highest, topics, orders)


STAND_IN_SHOPPERS = 200
STAND_IN_SEED = 11


def stand_in_shoppers() -> tuple[ShopperTerms, ...]:
    """Made-up shoppers with realistic names, emails and US addresses (the demo store's), for
    a store that has none yet: a café that imported only its menu still needs its model to
    learn what a name, an email or a zip code sounds like in "I'm Ada Lee, zip 78701". Always
    the same ones, so the same store and seed still give the same model."""
    users = generate_users(random.Random(STAND_IN_SEED), STAND_IN_SHOPPERS)
    return tuple(
        ShopperTerms(
            u["name"]["first"],
            u["name"]["last"],
            u["email"],
            u["address"]["zip"],
            u["address"]["address1"],
            u["address"]["city"],
            u["address"]["state"],
        )
        for u in users
    )


def shopper_emails(store: Store) -> Iterator[str]:
    """Every shopper's email address, read in batches: what a heard address is repaired
    against (`speech.email_repair`)."""
    with store.transaction(write=False) as session:
        query = select(UserRow.email_key).execution_options(yield_per=10_000)
        yield from session.scalars(query)


def _learnt(product: CatalogProduct) -> dict[str, Any]:
    """What the model learns from a product, in the shape the fingerprint has always hashed
    (so a model trained before stays current)."""
    return {
        "id": product.id,
        "name": product.name,
        "type": product.type,
        "brand": product.brand,
        "tags": list(product.tags),
        "options": [
            {"name": option.name, "values": [[v.value, list(v.synonyms)] for v in option.values]}
            for option in product.options
        ],
    }
