"""The checks a snapshot must pass beyond its shape: unique ids, references that resolve,
variants that fit their product, records that fit the order's status, money that adds up.

Order history is taken as it is (docs/design.md §5): the rules of the operations bind new
writes, not the past, so a cancelled order may lack its reason and a refund may come without a
return. What is checked keeps the data coherent for what comes next: what an order names exists,
an order's return or exchange is where its status says, and no order refunds more than it was
paid.

Records stream through a `SnapshotChecker` one at a time (products, then users, then orders),
so a catalog of 100,000 products is checked without holding it: the checker keeps only ids,
each variant's product and a hash of its options. Each problem is reported with the JSON path
of the offending value, e.g. `orders[12].items[0].variant_id: unknown variant "v-9"`.
"""

import json
import re
from collections import Counter

from shoptalk.commerce.catalog import configured_variant_id
from shoptalk.commerce.errors import SnapshotError
from shoptalk.commerce.money import format_money
from shoptalk.commerce.records import Order, OrderItem, Product, User

ORDER_NUMBER = re.compile(r"^(.*?)(\d+)$")
STATUS_RECORDS = {
    "cancel_reason": "cancelled",
    "return": "return requested",
    "exchange": "exchange requested",
}
"""Which status each record belongs to. A return or an exchange is what its status is about,
so the status needs it; a cancellation's reason is only a note the past may lack."""
STATUS_NEEDS = ("return", "exchange")


def _quoted(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _options_key(options: dict[str, str]) -> int:
    return hash(tuple(sorted(options.items())))


class SnapshotChecker:
    """Remembers what later records may refer to, and refuses the first bad one."""

    def __init__(self, currency: str = "USD") -> None:
        self.currency = currency
        self.product_ids: set[str] = set()
        self.configurable: dict[str, dict[str, list[str]]] = {}
        self.variant_product: dict[str, str] = {}
        self.variant_options: dict[str, int] = {}
        self.user_methods: dict[str, frozenset[str]] = {}
        self.emails: set[str] = set()
        self.order_ids: set[str] = set()
        self.order_numbers: dict[str, tuple[int, int, int]] = {}
        """prefix → (orders, highest number, widest number): how the store numbers orders."""

    def product(self, where: str, product: Product) -> None:
        if product.id in self.product_ids:
            raise SnapshotError(f"{where}.id", f"duplicate product id {_quoted(product.id)}")
        self.product_ids.add(product.id)
        values = _option_values(where, product)
        _check_price(where, product)
        if product.is_configurable:
            self.configurable[product.id] = values
        combinations: set[int] = set()
        for j, variant in enumerate(product.variants):
            at = f"{where}.variants[{j}]"
            if variant.id in self.variant_product:
                raise SnapshotError(f"{at}.id", f"duplicate variant id {_quoted(variant.id)}")
            _check_chosen_options(at, variant.options, values)
            key = _options_key(variant.options)
            if key in combinations:
                raise SnapshotError(f"{at}.options", "another variant has the same options")
            combinations.add(key)
            self.variant_product[variant.id] = product.id
            self.variant_options[variant.id] = key

    def user(self, where: str, user: User) -> None:
        if user.id in self.user_methods:
            raise SnapshotError(f"{where}.id", f"duplicate user id {_quoted(user.id)}")
        if user.email.lower() in self.emails:
            raise SnapshotError(f"{where}.email", f"duplicate email {_quoted(user.email)}")
        self.emails.add(user.email.lower())
        ids = [m.id for m in user.payment_methods]
        repeated = [m for m, n in Counter(ids).items() if n > 1]
        if repeated:
            raise SnapshotError(f"{where}.payment_methods", f"duplicate id {_quoted(repeated[0])}")
        self.user_methods[user.id] = frozenset(ids)

    def order(self, where: str, order: Order) -> None:
        if order.id in self.order_ids:
            raise SnapshotError(f"{where}.id", f"duplicate order id {_quoted(order.id)}")
        self.order_ids.add(order.id)
        self._count_order_number(order.id)
        methods = self.user_methods.get(order.user_id)
        if methods is None:
            raise SnapshotError(f"{where}.user_id", f"unknown user {_quoted(order.user_id)}")
        for j, item in enumerate(order.items):
            self._check_item(f"{where}.items[{j}]", item)
        for j, payment in enumerate(order.payments):
            _check_method(
                f"{where}.payments[{j}].method_id", payment.method_id, methods, order.user_id
            )
        _check_refunds_covered(where, order, self.currency)
        ordered = Counter(item.variant_id for item in order.items)
        for j, fulfillment in enumerate(order.fulfillments):
            _check_in_order(
                f"{where}.fulfillments[{j}].variant_ids",
                fulfillment.variant_ids,
                ordered,
                count=False,
            )
        _check_status_records(where, order)
        if order.return_request is not None:
            _check_in_order(
                f"{where}.return.variant_ids", order.return_request.variant_ids, ordered
            )
            _check_method(
                f"{where}.return.refund_method_id",
                order.return_request.refund_method_id,
                methods,
                order.user_id,
            )
        if order.exchange is not None:
            self._check_exchange(f"{where}.exchange", order, methods, ordered)

    def order_numbering(self) -> tuple[str, int, int]:
        """New order ids follow the store's own format: its most common prefix, the next number."""
        if not self.order_numbers:
            return "#W", 1001, 4
        prefix = max(self.order_numbers, key=lambda p: self.order_numbers[p][0])
        _, highest, width = self.order_numbers[prefix]
        return prefix, highest + 1, width

    def _count_order_number(self, order_id: str) -> None:
        match = ORDER_NUMBER.match(order_id)
        if match:
            prefix, digits = match.groups()
            count, highest, width = self.order_numbers.get(prefix, (0, 0, 0))
            self.order_numbers[prefix] = (
                count + 1,
                max(highest, int(digits)),
                max(width, len(digits)),
            )

    def _check_item(self, where: str, item: OrderItem) -> None:
        if item.product_id not in self.product_ids:
            raise SnapshotError(
                f"{where}.product_id", f"unknown product {_quoted(item.product_id)}"
            )
        values = self.configurable.get(item.product_id)
        if values is not None:
            _check_chosen_options(where, item.options, values)
            expected = configured_variant_id(item.product_id, item.options)
            if item.variant_id != expected:
                raise SnapshotError(
                    f"{where}.variant_id", f"a configured item's id is {_quoted(expected)}"
                )
            return
        owner = self.variant_product.get(item.variant_id)
        if owner != item.product_id:
            problem = "unknown variant" if owner is None else "not a variant of the product"
            raise SnapshotError(f"{where}.variant_id", f"{problem} {_quoted(item.variant_id)}")
        if _options_key(item.options) != self.variant_options[item.variant_id]:
            raise SnapshotError(
                f"{where}.options", f"differ from the options of variant {_quoted(item.variant_id)}"
            )

    def _check_exchange(
        self, where: str, order: Order, methods: frozenset[str], ordered: Counter[str]
    ) -> None:
        exchange = order.exchange
        assert exchange is not None
        _check_in_order(f"{where}.variant_ids", exchange.variant_ids, ordered)
        if len(exchange.new_variant_ids) != len(exchange.variant_ids):
            raise SnapshotError(f"{where}.new_variant_ids", "must be as many as variant_ids")
        for j, new_id in enumerate(exchange.new_variant_ids):
            product_id = new_id.partition(":")[0]
            if new_id not in self.variant_product and product_id not in self.configurable:
                raise SnapshotError(
                    f"{where}.new_variant_ids[{j}]", f"unknown variant {_quoted(new_id)}"
                )
        _check_method(f"{where}.method_id", exchange.method_id, methods, order.user_id)


def _option_values(where: str, product: Product) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for name in product.options:
        canonical = [v if isinstance(v, str) else v.value for v in product.options[name]]
        if not canonical:
            raise SnapshotError(f"{where}.options.{name}", "an option needs at least one value")
        repeated = [v for v, n in Counter(v.casefold() for v in canonical).items() if n > 1]
        if repeated:
            raise SnapshotError(
                f"{where}.options.{name}", f"value {_quoted(repeated[0])} listed twice"
            )
        values[name] = canonical
    return values


def _check_price(where: str, product: Product) -> None:
    if product.variants and product.price is not None:
        raise SnapshotError(
            f"{where}.price", "only a configurable product (options, no variants) has a price"
        )
    if product.options and not product.variants and product.price is None:
        raise SnapshotError(
            f"{where}.price", "a product with options and no variants needs a price"
        )


def _check_chosen_options(where: str, chosen: dict[str, str], values: dict[str, list[str]]) -> None:
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


def _check_in_order(
    where: str, variant_ids: list[str], ordered: Counter[str], *, count: bool = True
) -> None:
    for variant_id, n in Counter(variant_ids).items():
        if ordered[variant_id] == 0 or (count and ordered[variant_id] < n):
            raise SnapshotError(where, f"{_quoted(variant_id)} is not an item of the order")


def _check_method(where: str, method_id: str, methods: frozenset[str], user_id: str) -> None:
    if method_id not in methods:
        raise SnapshotError(where, f"{_quoted(method_id)} is not a payment method of {user_id}")


def _check_status_records(where: str, order: Order) -> None:
    present = {
        "cancel_reason": order.cancel_reason is not None,
        "return": order.return_request is not None,
        "exchange": order.exchange is not None,
    }
    for record, status in STATUS_RECORDS.items():
        if present[record] and order.status != status:
            raise SnapshotError(
                f"{where}.{record}", f"only an order with status {status!r} has one"
            )
        if order.status == status and not present[record] and record in STATUS_NEEDS:
            raise SnapshotError(f"{where}.{record}", f"an order with status {status!r} needs one")


def _check_refunds_covered(where: str, order: Order, currency: str) -> None:
    """Refunds never add up to more than was paid: the one money rule history must keep."""
    paid = sum(p.amount for p in order.payments if p.type == "payment")
    refunded = 0
    for j, payment in enumerate(order.payments):
        if payment.type == "refund":
            refunded += payment.amount
            if refunded > paid:
                raise SnapshotError(
                    f"{where}.payments[{j}].amount",
                    f"refunds add up to {format_money(refunded, currency)}, "
                    f"more than the {format_money(paid, currency)} paid",
                )
