"""The shopper's cart and checkout.

Checkout is all or nothing: one unavailable item, one short stock or a gift card short of the
total refuses the whole order. Stock and gift cards are locked first, so concurrent checkouts
never oversell or overdraw. A variant without a stock count (untracked inventory) is sold while
it is available and its count is never touched.
"""

from typing import Annotated

from pydantic import Field, model_validator
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from shoptalk.commerce.catalog import (
    Purchasable,
    configure,
    find_purchasable,
    is_configurable,
    lock_variants,
    mark_changed,
    variant_purchasable,
)
from shoptalk.commerce.convert import address_columns, address_record, order_record
from shoptalk.commerce.errors import Refused
from shoptalk.commerce.money import format_money
from shoptalk.commerce.operations.common import (
    move_gift_card,
    owned_method,
    require_gift_card_covers,
    user_row,
)
from shoptalk.commerce.operations.reads import Text, UserArguments
from shoptalk.commerce.operations.registry import Arguments, operation
from shoptalk.commerce.records import MAX_CENTS, Address, Cart, CartLine, Order
from shoptalk.commerce.tables import (
    CartItemRow,
    OrderItemRow,
    OrderRow,
    PaymentRow,
    ProductRow,
    StoreRow,
    UserRow,
)

Quantity = Annotated[int, Field(ge=1, le=99)]


class AddToCart(Arguments):
    """Name a variant (or configuration) id, or a product with option values."""

    user_id: Text
    variant_id: Text | None = None
    product_id: Text | None = None
    options: dict[str, str] = {}
    quantity: Quantity = 1

    @model_validator(mode="after")
    def _one_target(self) -> "AddToCart":
        if (self.variant_id is None) == (self.product_id is None):
            raise ValueError("give either variant_id or product_id")
        return self


class RemoveFromCart(Arguments):
    user_id: Text
    variant_id: Text
    quantity: Quantity | None = None


class Checkout(Arguments):
    user_id: Text
    payment_method_id: Text
    address: Address | None = None


@operation("Add a variant, or a product with chosen options, to the shopper's cart.", writes=True)
def add_to_cart(session: Session, args: AddToCart) -> Cart:
    user_row(session, args.user_id, lock=True)
    wanted = _chosen(session, args)
    if not wanted.available:
        raise Refused(f"{_describe(wanted)} is not available")
    line = session.get(CartItemRow, (args.user_id, wanted.variant_id))
    quantity = args.quantity + (line.quantity if line else 0)
    if wanted.stock is not None and wanted.stock < quantity:
        raise Refused(f"only {wanted.stock} of {_describe(wanted)} in stock")
    if line is None:
        session.add(
            CartItemRow(
                user_id=args.user_id,
                variant_id=wanted.variant_id,
                product_id=wanted.product_id,
                options=wanted.options,
                quantity=quantity,
                line=_next_line(session, args.user_id),
            )
        )
    else:
        line.quantity = quantity
    return cart_of(session, args.user_id)


def _chosen(session: Session, args: AddToCart) -> Purchasable:
    if args.variant_id is not None:
        found = find_purchasable(session, args.variant_id)
        if found is None:
            raise Refused(f"variant {args.variant_id} not found")
        return found
    product = session.get(ProductRow, args.product_id)
    if product is None:
        raise Refused(f"product {args.product_id} not found")
    if is_configurable(product):
        return configure(product, args.options)
    matches = [v for v in product.variants if args.options.items() <= v.options.items()]
    if len(matches) != 1:
        problem = "no variant" if not matches else f"{len(matches)} variants"
        raise Refused(f"{product.name} has {problem} with those options: name one variant")
    return variant_purchasable(product, matches[0])


def _describe(item: Purchasable) -> str:
    return ", ".join([item.name, *item.options.values()])


def _next_line(session: Session, user_id: str) -> int:
    last = session.scalar(select(func.max(CartItemRow.line)).where(CartItemRow.user_id == user_id))
    return 0 if last is None else last + 1


@operation("Remove an item from the cart, or lower its quantity.", writes=True)
def remove_from_cart(session: Session, args: RemoveFromCart) -> Cart:
    user_row(session, args.user_id, lock=True)
    line = session.get(CartItemRow, (args.user_id, args.variant_id))
    if line is None:
        raise Refused(f"{args.variant_id} is not in the cart")
    if args.quantity is None or args.quantity >= line.quantity:
        session.delete(line)
    else:
        line.quantity -= args.quantity
    return cart_of(session, args.user_id)


@operation("The shopper's cart with current prices and the total.", writes=False)
def view_cart(session: Session, args: UserArguments) -> Cart:
    user_row(session, args.user_id)
    return cart_of(session, args.user_id)


def cart_of(session: Session, user_id: str) -> Cart:
    lines: list[CartLine] = []
    for row in _cart_rows(session, user_id):
        item = find_purchasable(session, row.variant_id)
        if item is None:
            continue
        lines.append(
            CartLine.model_construct(
                product_id=item.product_id,
                variant_id=item.variant_id,
                name=item.name,
                options=item.options,
                price=item.price_cents,
                quantity=row.quantity,
                available=item.available,
            )
        )
    total = sum(line.price * line.quantity for line in lines)
    return Cart.model_construct(user_id=user_id, items=lines, total=total)


def _cart_rows(session: Session, user_id: str) -> list[CartItemRow]:
    query = select(CartItemRow).where(CartItemRow.user_id == user_id).order_by(CartItemRow.line)
    return list(session.scalars(query))


@operation(
    "Place a pending order for everything in the cart, paid with one of the shopper's methods.",
    writes=True,
)
def checkout(session: Session, args: Checkout) -> Order:
    user = user_row(session, args.user_id, lock=True)
    rows = _cart_rows(session, args.user_id)
    if not rows:
        raise Refused("the cart is empty")
    items = _reserve_stock(session, rows)
    total = sum(item.price_cents * row.quantity for item, row in zip(items, rows, strict=True))
    if total > MAX_CENTS:
        raise Refused(f"an order above {format_money(MAX_CENTS)} can't be placed")
    method = owned_method(session, args.user_id, args.payment_method_id)
    require_gift_card_covers(method, total)
    move_gift_card(method, -total)
    order = _place_order(session, user, args.address)
    units = [item for item, row in zip(items, rows, strict=True) for _ in range(row.quantity)]
    session.add_all(
        OrderItemRow(
            order_id=order.id,
            position=i,
            product_id=item.product_id,
            variant_id=item.variant_id,
            name=item.name,
            options=item.options,
            price_cents=item.price_cents,
        )
        for i, item in enumerate(units)
    )
    session.add(
        PaymentRow(
            order_id=order.id, position=0, type="payment", amount_cents=total, method_id=method.id
        )
    )
    session.execute(delete(CartItemRow).where(CartItemRow.user_id == args.user_id))
    session.flush()
    return order_record(order)


def _reserve_stock(session: Session, rows: list[CartItemRow]) -> list[Purchasable]:
    """Resolve every cart line, refuse what cannot be sold, and take the stock where it is
    counted (an untracked variant, like a made-to-order one, never runs out)."""
    locked = lock_variants(session, [row.variant_id for row in rows])
    items: list[Purchasable] = []
    taken: set[str] = set()
    for row in rows:
        item = find_purchasable(session, row.variant_id)
        if item is None or not item.available:
            raise Refused(f"{_describe(item) if item else row.variant_id} is no longer available")
        if item.stock is not None and item.stock < row.quantity:
            raise Refused(f"only {item.stock} of {_describe(item)} left in stock")
        variant = locked.get(row.variant_id)
        if variant is not None and variant.stock is not None:
            variant.stock -= row.quantity
            taken.add(variant.product_id)
        items.append(item)
    mark_changed(session, taken)
    return items


def _place_order(session: Session, user: UserRow, address: Address | None) -> OrderRow:
    store = session.scalar(select(StoreRow).with_for_update())
    if store is None:
        raise Refused("the store has not been set up: import a snapshot first")
    order_id = store.order_id_prefix + str(store.next_order_number).zfill(store.order_number_width)
    store.next_order_number += 1
    last = session.scalar(select(func.max(OrderRow.position)))
    columns = address_columns(address or address_record(user))
    order = OrderRow(
        id=order_id,
        user_id=user.id,
        position=0 if last is None else last + 1,
        status="pending",
        cancel_reason=None,
        **columns,
    )
    session.add(order)
    session.flush()
    return order
