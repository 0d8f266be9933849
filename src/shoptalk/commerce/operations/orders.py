"""Changes to orders, with the store's rules exactly.

Every rule refuses before anything changes; money only ever moves by appending a payment or a
refund to the order's history, and a gift card's balance moves in the same transaction.
"""

from dataclasses import replace
from typing import Annotated

from pydantic import Field, model_validator
from sqlalchemy.orm import Session

from shoptalk.commerce.catalog import Purchasable, find_purchasable, lock_variants, mark_changed
from shoptalk.commerce.convert import address_columns
from shoptalk.commerce.errors import Refused
from shoptalk.commerce.operations.common import (
    append_transaction,
    fresh_order,
    move_gift_card,
    owned_method,
    owned_order,
    require_gift_card_covers,
    require_status,
    take_items,
)
from shoptalk.commerce.operations.reads import Text
from shoptalk.commerce.operations.registry import Arguments, operation
from shoptalk.commerce.records import Address, CancelReason, Order
from shoptalk.commerce.tables import ExchangeRow, OrderItemRow, OrderRow, ReturnRow

VariantIds = Annotated[list[Text], Field(min_length=1, max_length=100)]


class OrderChange(Arguments):
    user_id: Text
    order_id: Text


class CancelPendingOrder(OrderChange):
    reason: CancelReason


class ModifyPendingOrderAddress(OrderChange):
    address: Address


class ModifyPendingOrderPayment(OrderChange):
    payment_method_id: Text


class ReturnDeliveredOrderItems(OrderChange):
    variant_ids: VariantIds
    payment_method_id: Text


class ItemSwap(OrderChange):
    """Old items and their replacements, paired by position."""

    variant_ids: VariantIds
    new_variant_ids: VariantIds
    payment_method_id: Text

    @model_validator(mode="after")
    def _paired(self) -> "ItemSwap":
        if len(self.variant_ids) != len(self.new_variant_ids):
            raise ValueError("variant_ids and new_variant_ids must have the same length")
        return self


@operation(
    "Cancel a pending order; every payment is refunded to its method and the items restocked. "
    "Reason: 'no longer needed' or 'ordered by mistake'.",
    writes=True,
)
def cancel_pending_order(session: Session, args: CancelPendingOrder) -> Order:
    order = owned_order(session, args.user_id, args.order_id)
    require_status(order, "pending")
    for method_id, cents in _still_held(order).items():
        append_transaction(session, order, "refund", cents, method_id)
        move_gift_card(owned_method(session, args.user_id, method_id), cents)
    _restock(session, order)
    order.status = "cancelled"
    order.cancel_reason = args.reason
    return fresh_order(session, order)


def _still_held(order: OrderRow) -> dict[str, int]:
    """What each method paid and has not had back, in the order the methods were first used.

    With one payment this is "refund every payment"; after a change of payment method it
    refunds only the new method, since the old one was refunded at the change.
    """
    held: dict[str, int] = {}
    for payment in order.payments:
        sign = 1 if payment.type == "payment" else -1
        held[payment.method_id] = held.get(payment.method_id, 0) + sign * payment.amount_cents
    return {method_id: cents for method_id, cents in held.items() if cents > 0}


def _restock(session: Session, order: OrderRow) -> None:
    """Put a cancelled order's units back on the shelf; made-to-order units and variants whose
    stock is not tracked have no count to raise."""
    locked = lock_variants(session, [item.variant_id for item in order.items])
    restocked: set[str] = set()
    for item in order.items:
        variant = locked.get(item.variant_id)
        if variant is not None and variant.stock is not None:
            variant.stock += 1
            restocked.add(variant.product_id)
    mark_changed(session, restocked)


@operation("Change the shipping address of a pending order.", writes=True)
def modify_pending_order_address(session: Session, args: ModifyPendingOrderAddress) -> Order:
    order = owned_order(session, args.user_id, args.order_id)
    require_status(order, "pending")
    for column, value in address_columns(args.address).items():
        setattr(order, column, value)
    return fresh_order(session, order)


@operation(
    "Pay a pending order with another of the shopper's methods; the old one is refunded.",
    writes=True,
)
def modify_pending_order_payment(session: Session, args: ModifyPendingOrderPayment) -> Order:
    order = owned_order(session, args.user_id, args.order_id)
    require_status(order, "pending")
    if len(order.payments) != 1 or order.payments[0].type != "payment":
        raise Refused(f"order {order.id} has more than one payment and cannot change method")
    paid = order.payments[0]
    if paid.method_id == args.payment_method_id:
        raise Refused(f"order {order.id} is already paid with {paid.method_id}")
    new_method = owned_method(session, args.user_id, args.payment_method_id)
    old_method = owned_method(session, args.user_id, paid.method_id)
    require_gift_card_covers(new_method, paid.amount_cents)
    append_transaction(session, order, "payment", paid.amount_cents, new_method.id)
    append_transaction(session, order, "refund", paid.amount_cents, old_method.id)
    move_gift_card(new_method, -paid.amount_cents)
    move_gift_card(old_method, paid.amount_cents)
    return fresh_order(session, order)


@operation(
    "Swap items of a pending order for other available variants of the same products. "
    "The price difference is paid or refunded with the given method; afterwards the order "
    "can no longer be cancelled or modified.",
    writes=True,
)
def modify_pending_order_items(session: Session, args: ItemSwap) -> Order:
    order = owned_order(session, args.user_id, args.order_id)
    require_status(order, "pending")
    old_items, new_items = _swap(session, order, args)
    difference = sum(n.price_cents for n in new_items) - sum(o.price_cents for o in old_items)
    method = owned_method(session, args.user_id, args.payment_method_id)
    require_gift_card_covers(method, difference)
    kind = "payment" if difference > 0 else "refund"
    append_transaction(session, order, kind, abs(difference), method.id)
    move_gift_card(method, -difference)
    for item, new in zip(old_items, new_items, strict=True):
        item.variant_id = new.variant_id
        item.options = new.options
        item.price_cents = new.price_cents
    order.status = "pending (item modified)"
    return fresh_order(session, order)


def _swap(
    session: Session, order: OrderRow, args: ItemSwap
) -> tuple[list[OrderItemRow], list[Purchasable]]:
    """The order's old items and their checked replacements, paired by position."""
    old_items = take_items(order, args.variant_ids)
    new_items = [
        _replacement(session, o, n) for o, n in zip(old_items, args.new_variant_ids, strict=True)
    ]
    return old_items, new_items


def _replacement(session: Session, old: OrderItemRow, new_variant_id: str) -> Purchasable:
    """A variant of the same product, available now.

    It may be the variant already ordered (docs/design.md §6): a like-for-like replacement, say of a
    faulty item, is priced at what was paid, so it moves no money even if the price changed
    since the order.
    """
    new = find_purchasable(session, new_variant_id)
    if new is None:
        raise Refused(f"variant {new_variant_id} not found")
    if new.product_id != old.product_id:
        raise Refused(f"{new_variant_id} is not a variant of {old.name} ({old.product_id})")
    if not new.available:
        raise Refused(f"variant {new_variant_id} is not available")
    if new.variant_id == old.variant_id:
        return replace(new, price_cents=old.price_cents)
    return new


@operation(
    "Ask to return items of a delivered order; the refund goes to the original payment "
    "method or a gift card of the shopper.",
    writes=True,
)
def return_delivered_order_items(session: Session, args: ReturnDeliveredOrderItems) -> Order:
    order = owned_order(session, args.user_id, args.order_id)
    require_status(order, "delivered")
    original = order.payments[0].method_id if order.payments else None
    method = owned_method(session, args.user_id, args.payment_method_id)
    if method.id != original and method.type != "gift_card":
        raise Refused(f"a refund goes to the original payment method ({original}) or a gift card")
    take_items(order, args.variant_ids)
    session.add(
        ReturnRow(
            order_id=order.id,
            variant_ids=sorted(args.variant_ids),
            refund_method_id=method.id,
        )
    )
    order.status = "return requested"
    return fresh_order(session, order)


@operation(
    "Ask to exchange items of a delivered order for other available variants of the same "
    "products; the price difference is settled with the given method when the exchange is done.",
    writes=True,
)
def exchange_delivered_order_items(session: Session, args: ItemSwap) -> Order:
    order = owned_order(session, args.user_id, args.order_id)
    require_status(order, "delivered")
    old_items, new_items = _swap(session, order, args)
    difference = sum(n.price_cents for n in new_items) - sum(o.price_cents for o in old_items)
    method = owned_method(session, args.user_id, args.payment_method_id)
    require_gift_card_covers(method, difference)
    session.add(
        ExchangeRow(
            order_id=order.id,
            variant_ids=sorted(args.variant_ids),
            new_variant_ids=sorted(args.new_variant_ids),
            method_id=method.id,
            price_difference_cents=difference,
        )
    )
    order.status = "exchange requested"
    return fresh_order(session, order)
