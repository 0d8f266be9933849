"""The checks a snapshot must pass beyond its shape: unique ids, references that resolve,
variants that fit their product, records that fit the order's status.

Each problem is reported with the JSON path of the offending value, e.g.
`orders[12].items[0].variant_id: unknown variant "v-9"`.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from shoptalk.commerce.catalog import configured_variant_id
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.records import Order, Product, Snapshot, User


def _quoted(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Catalog:
    """What orders may refer to: products, and every variant with its product and options."""

    products: dict[str, Product] = field(default_factory=dict)
    variant_product: dict[str, str] = field(default_factory=dict)
    variant_options: dict[str, dict[str, str]] = field(default_factory=dict)


def check_snapshot(snapshot: Snapshot) -> None:
    catalog = Catalog()
    for i, product in enumerate(snapshot.products):
        _check_product(f"products[{i}]", product, catalog)
    methods = _check_users(snapshot.users)
    seen_orders: set[str] = set()
    for i, order in enumerate(snapshot.orders):
        where = f"orders[{i}]"
        if order.id in seen_orders:
            raise SnapshotError(f"{where}.id", f"duplicate order id {_quoted(order.id)}")
        seen_orders.add(order.id)
        if order.user_id not in methods:
            raise SnapshotError(f"{where}.user_id", f"unknown user {_quoted(order.user_id)}")
        _check_order(where, order, catalog, methods[order.user_id])


def _check_product(where: str, product: Product, catalog: Catalog) -> None:
    if product.id in catalog.products:
        raise SnapshotError(f"{where}.id", f"duplicate product id {_quoted(product.id)}")
    catalog.products[product.id] = product
    values = _check_option_values(where, product)
    if product.variants and product.price is not None:
        raise SnapshotError(
            f"{where}.price", "only a configurable product (options, no variants) has a price"
        )
    if product.options and not product.variants and product.price is None:
        raise SnapshotError(
            f"{where}.price", "a product with options and no variants needs a price"
        )
    combinations: set[tuple[tuple[str, str], ...]] = set()
    for j, variant in enumerate(product.variants):
        at = f"{where}.variants[{j}]"
        if variant.id in catalog.variant_product:
            raise SnapshotError(f"{at}.id", f"duplicate variant id {_quoted(variant.id)}")
        _check_variant_options(at, variant.options, values)
        combination = tuple(sorted(variant.options.items()))
        if combination in combinations:
            raise SnapshotError(f"{at}.options", "another variant has the same options")
        combinations.add(combination)
        catalog.variant_product[variant.id] = product.id
        catalog.variant_options[variant.id] = variant.options


def _check_option_values(where: str, product: Product) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name in product.options:
        canonical = [v.value for v in product.option_values(name)]
        if not canonical:
            raise SnapshotError(f"{where}.options.{name}", "an option needs at least one value")
        repeated = [v for v, n in Counter(v.casefold() for v in canonical).items() if n > 1]
        if repeated:
            raise SnapshotError(
                f"{where}.options.{name}", f"value {_quoted(repeated[0])} listed twice"
            )
        values[name] = canonical
    return values


def _check_variant_options(
    where: str, chosen: dict[str, str], values: dict[str, list[str]]
) -> None:
    for name, value in chosen.items():
        if name not in values:
            raise SnapshotError(f"{where}.options.{name}", "the product has no such option")
        if value not in values[name]:
            raise SnapshotError(
                f"{where}.options.{name}", f"{_quoted(value)} is not one of {values[name]}"
            )
    missing = [name for name in values if name not in chosen]
    if missing:
        raise SnapshotError(f"{where}.options", f"missing option {_quoted(missing[0])}")


def _check_users(users: list[User]) -> dict[str, set[str]]:
    """Check shoppers; returns each shopper's payment method ids."""
    methods: dict[str, set[str]] = {}
    emails: set[str] = set()
    for i, user in enumerate(users):
        where = f"users[{i}]"
        if user.id in methods:
            raise SnapshotError(f"{where}.id", f"duplicate user id {_quoted(user.id)}")
        if user.email.lower() in emails:
            raise SnapshotError(f"{where}.email", f"duplicate email {_quoted(user.email)}")
        emails.add(user.email.lower())
        ids = [m.id for m in user.payment_methods]
        repeated = [m for m, n in Counter(ids).items() if n > 1]
        if repeated:
            raise SnapshotError(f"{where}.payment_methods", f"duplicate id {_quoted(repeated[0])}")
        methods[user.id] = set(ids)
    return methods


def _check_order(where: str, order: Order, catalog: Catalog, methods: set[str]) -> None:
    for j, item in enumerate(order.items):
        _check_item(f"{where}.items[{j}]", item.product_id, item.variant_id, item.options, catalog)
    for j, payment in enumerate(order.payments):
        if payment.method_id not in methods:
            raise SnapshotError(
                f"{where}.payments[{j}].method_id",
                f"{_quoted(payment.method_id)} is not a payment method of {order.user_id}",
            )
    ordered = Counter(item.variant_id for item in order.items)
    for j, fulfillment in enumerate(order.fulfillments):
        _check_in_order(
            f"{where}.fulfillments[{j}].variant_ids", fulfillment.variant_ids, ordered, count=False
        )
    _check_status_records(where, order)
    if order.return_request is not None:
        _check_in_order(f"{where}.return.variant_ids", order.return_request.variant_ids, ordered)
        _check_method(
            f"{where}.return.refund_method_id", order.return_request.refund_method_id, methods
        )
    if order.exchange is not None:
        _check_exchange(f"{where}.exchange", order, catalog, methods, ordered)


def _check_item(
    where: str, product_id: str, variant_id: str, options: dict[str, str], catalog: Catalog
) -> None:
    product = catalog.products.get(product_id)
    if product is None:
        raise SnapshotError(f"{where}.product_id", f"unknown product {_quoted(product_id)}")
    if product.is_configurable and product.price is not None:
        values = {name: [v.value for v in product.option_values(name)] for name in product.options}
        _check_variant_options(f"{where}", options, values)
        expected = configured_variant_id(product.id, options)
        if variant_id != expected:
            raise SnapshotError(
                f"{where}.variant_id", f"a configured item's id is {_quoted(expected)}"
            )
        return
    if catalog.variant_product.get(variant_id) != product_id:
        problem = (
            "unknown variant"
            if variant_id not in catalog.variant_product
            else "not a variant of the product"
        )
        raise SnapshotError(f"{where}.variant_id", f"{problem} {_quoted(variant_id)}")
    if options != catalog.variant_options[variant_id]:
        raise SnapshotError(
            f"{where}.options", f"differ from the options of variant {_quoted(variant_id)}"
        )


def _check_in_order(
    where: str, variant_ids: list[str], ordered: Counter[str], *, count: bool = True
) -> None:
    wanted = Counter(variant_ids)
    for variant_id, n in wanted.items():
        if ordered[variant_id] == 0 or (count and ordered[variant_id] < n):
            raise SnapshotError(where, f"{_quoted(variant_id)} is not an item of the order")


def _check_method(where: str, method_id: str, methods: set[str]) -> None:
    if method_id not in methods:
        raise SnapshotError(where, f"{_quoted(method_id)} is not a payment method of the shopper")


STATUS_RECORDS = {
    "cancel_reason": "cancelled",
    "return": "return requested",
    "exchange": "exchange requested",
}


def _check_status_records(where: str, order: Order) -> None:
    present = {
        "cancel_reason": order.cancel_reason is not None,
        "return": order.return_request is not None,
        "exchange": order.exchange is not None,
    }
    for record, status in STATUS_RECORDS.items():
        if present[record] and order.status != status:
            raise SnapshotError(f"{where}.{record}", f"only a {status!r} order has one")
        if order.status == status and not present[record]:
            raise SnapshotError(f"{where}.{record}", f"a {status!r} order needs one")


def _check_exchange(
    where: str, order: Order, catalog: Catalog, methods: set[str], ordered: Counter[str]
) -> None:
    exchange = order.exchange
    assert exchange is not None
    _check_in_order(f"{where}.variant_ids", exchange.variant_ids, ordered)
    if len(exchange.new_variant_ids) != len(exchange.variant_ids):
        raise SnapshotError(f"{where}.new_variant_ids", "must be as many as variant_ids")
    for j, new_id in enumerate(exchange.new_variant_ids):
        if new_id not in catalog.variant_product and ":" not in new_id:
            raise SnapshotError(
                f"{where}.new_variant_ids[{j}]", f"unknown variant {_quoted(new_id)}"
            )
    _check_method(f"{where}.method_id", exchange.method_id, methods)
