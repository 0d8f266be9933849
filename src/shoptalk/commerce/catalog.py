"""What can be bought: a variant, or one configuration of a configurable product.

A configuration has an id of its own, `<product id>:<value>/<value>/…` with the values in
the alphabetical order of their option names (JSON objects keep no order), so carts, orders,
returns and exchanges name both kinds alike: `p-3:dark roast/large` is a large dark roast.
"""

from dataclasses import dataclass
from itertools import product as combinations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shoptalk.commerce.catalog_view import OptionValue
from shoptalk.commerce.errors import Refused
from shoptalk.commerce.tables import ProductRow, VariantRow

CONFIGURED_SEPARATOR = ":"
VALUE_SEPARATOR = "/"


@dataclass(frozen=True)
class Purchasable:
    product_id: str
    variant_id: str
    name: str
    options: dict[str, str]
    price_cents: int
    available: bool
    stock: int | None
    """None for configurable products, which are made to order."""


def dimension_values(product: ProductRow) -> dict[str, list[str]]:
    """Each option name with its canonical values, in the product's order."""
    return {
        dim["name"]: [OptionValue.stored(v).value for v in dim["values"]] for dim in product.options
    }


def is_configurable(product: ProductRow) -> bool:
    return bool(product.options) and product.price_cents is not None and not product.variants


def configured_variant_id(product_id: str, options: dict[str, str]) -> str:
    values = [options[name] for name in sorted(options)]
    return product_id + CONFIGURED_SEPARATOR + VALUE_SEPARATOR.join(values)


def configure(product: ProductRow, chosen: dict[str, str]) -> Purchasable:
    """One configuration of a configurable product; every option must get a valid value."""
    if not is_configurable(product) or product.price_cents is None:
        raise Refused(f"product {product.id} is not configurable: choose one of its variants")
    dimensions = dimension_values(product)
    unknown = sorted(set(chosen) - set(dimensions))
    if unknown:
        raise Refused(f"product {product.id} has no option {unknown[0]!r}")
    missing = [name for name in dimensions if name not in chosen]
    if missing:
        raise Refused(
            f"choose a {missing[0]} for {product.name}: {', '.join(dimensions[missing[0]])}"
        )
    options: dict[str, str] = {}
    for name, values in dimensions.items():
        value = _canonical(chosen[name], values)
        if value is None:
            raise Refused(
                f"{chosen[name]!r} is not a {name} of {product.name}: {', '.join(values)}"
            )
        options[name] = value
    return Purchasable(
        product_id=product.id,
        variant_id=configured_variant_id(product.id, options),
        name=product.name,
        options=options,
        price_cents=product.price_cents,
        available=True,
        stock=None,
    )


def _canonical(said: str, values: list[str]) -> str | None:
    return next((v for v in values if v.casefold() == said.casefold()), None)


def find_purchasable(session: Session, variant_id: str) -> Purchasable | None:
    """A variant by id, or a configuration by its configured id; None when neither exists."""
    row = session.get(VariantRow, variant_id)
    if row is not None:
        product = session.get(ProductRow, row.product_id)
        assert product is not None
        return variant_purchasable(product, row)
    product_id, separator, _ = variant_id.partition(CONFIGURED_SEPARATOR)
    product = session.get(ProductRow, product_id) if separator else None
    if product is None or not is_configurable(product):
        return None
    dimensions = dimension_values(product)
    for values in combinations(*dimensions.values()):
        options = dict(zip(dimensions, values, strict=True))
        if configured_variant_id(product.id, options) == variant_id:
            return configure(product, options)
    return None


def variant_purchasable(product: ProductRow, row: VariantRow) -> Purchasable:
    return Purchasable(
        product_id=product.id,
        variant_id=row.id,
        name=product.name,
        options=dict(row.options),
        price_cents=row.price_cents,
        available=row.available,
        stock=row.stock,
    )


def lock_variants(session: Session, variant_ids: list[str]) -> dict[str, VariantRow]:
    """Lock variant rows in id order (a fixed order, so two checkouts cannot deadlock)."""
    rows = session.scalars(
        select(VariantRow)
        .where(VariantRow.id.in_(sorted(set(variant_ids))))
        .order_by(VariantRow.id)
        .with_for_update()
    )
    return {row.id: row for row in rows}


def mark_changed(session: Session, product_ids: set[str]) -> None:
    """Raise the revision of products whose data changed, for whatever was derived from them."""
    if product_ids:
        session.execute(
            update(ProductRow)
            .where(ProductRow.id.in_(sorted(product_ids)))
            .values(revision=ProductRow.revision + 1)
        )
