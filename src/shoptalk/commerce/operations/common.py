"""Lookups and money moves shared by the operations, each refusing with a shopper-facing reason."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shoptalk.commerce.convert import order_record
from shoptalk.commerce.errors import Refused
from shoptalk.commerce.money import format_money
from shoptalk.commerce.records import Order
from shoptalk.commerce.tables import OrderItemRow, OrderRow, PaymentMethodRow, PaymentRow, UserRow


def user_row(session: Session, user_id: str, *, lock: bool = False) -> UserRow:
    query = select(UserRow).where(UserRow.id == user_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise Refused(f"user {user_id} not found")
    return row


def owned_order(session: Session, user_id: str, order_id: str) -> OrderRow:
    """The shopper's own order, locked. Someone else's order is reported exactly like a missing
    one, so that a shopper cannot learn whether another shopper's order exists."""
    query = select(OrderRow).where(OrderRow.id == order_id).with_for_update()
    row = session.scalar(query)
    if row is None or row.user_id != user_id:
        raise Refused("order not found")
    return row


def require_status(order: OrderRow, *allowed: str) -> None:
    if order.status not in allowed:
        wanted = " or ".join(allowed)
        raise Refused(f"order {order.id} is {order.status}, and this needs it {wanted}")


def owned_method(session: Session, user_id: str, method_id: str) -> PaymentMethodRow:
    """One of the shopper's payment methods, locked so that two debits of a gift card queue."""
    query = (
        select(PaymentMethodRow)
        .where(PaymentMethodRow.user_id == user_id, PaymentMethodRow.id == method_id)
        .with_for_update()
    )
    row = session.scalar(query)
    if row is None:
        raise Refused(f"payment method {method_id} not found")
    return row


def require_gift_card_covers(method: PaymentMethodRow, cents: int) -> None:
    if method.type == "gift_card" and cents > 0 and (method.balance_cents or 0) < cents:
        balance = format_money(method.balance_cents or 0)
        raise Refused(f"gift card {method.id} has {balance}, not enough for {format_money(cents)}")


def move_gift_card(method: PaymentMethodRow, cents: int) -> None:
    """Credit (positive) or debit (negative) a gift card; other methods hold no balance."""
    if method.type == "gift_card":
        method.balance_cents = (method.balance_cents or 0) + cents


def append_transaction(
    session: Session, order: OrderRow, kind: str, cents: int, method_id: str
) -> None:
    """Append a payment or refund to the order's history (autoflush makes earlier ones count)."""
    last = session.scalar(
        select(func.max(PaymentRow.position)).where(PaymentRow.order_id == order.id)
    )
    session.add(
        PaymentRow(
            order_id=order.id,
            position=0 if last is None else last + 1,
            type=kind,
            amount_cents=cents,
            method_id=method_id,
        )
    )


def take_items(order: OrderRow, variant_ids: list[str]) -> list[OrderItemRow]:
    """The order's items named by `variant_ids`, in that order, each item used once."""
    unused = list(order.items)
    taken: list[OrderItemRow] = []
    for variant_id in variant_ids:
        item = next((i for i in unused if i.variant_id == variant_id), None)
        if item is None:
            count = variant_ids.count(variant_id)
            raise Refused(
                f"order {order.id} has fewer than {count} items {variant_id}"
                if count > 1
                else f"order {order.id} has no item {variant_id}"
            )
        unused.remove(item)
        taken.append(item)
    return taken


def fresh_order(session: Session, order: OrderRow) -> Order:
    """The order as it now stands, with the rows this transaction added."""
    session.flush()
    session.expire(order)
    return order_record(order)
