"""Orders: where they are, what was refunded, and cancelling a pending one."""

from typing import Any

from shoptalk.commerce.records import Order
from shoptalk.dialogue import identity, phrasing
from shoptalk.dialogue.handlers.common import (
    OrderRequest,
    choose_order,
    item_words,
    list_orders,
    method_by_id,
    order_card,
)
from shoptalk.dialogue.readers import CANCEL_REASONS
from shoptalk.dialogue.registry import Ask, Outcome, handler, propose
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.turn import Turn

ANY_STATUS = (
    "pending",
    "pending (item modified)",
    "processed",
    "delivered",
    "cancelled",
    "return requested",
    "exchange requested",
)
STATUS_WORDS = {
    "pending": "is pending and hasn't shipped yet",
    "pending (item modified)": "is pending, with an item changed",
    "processed": "has been processed for shipping",
    "delivered": "was delivered",
    "cancelled": "was cancelled",
    "return requested": "has a return requested",
    "exchange requested": "has an exchange requested",
}


class OrderLookup(OrderRequest):
    pass


class Cancellation(OrderRequest):
    reason: str | None = None


@handler("order_status", "Say where one of the shopper's orders is.", identity="claimed")
def order_status(turn: Turn, request: OrderLookup) -> Outcome:
    if turn.conversation.user_id is None:
        return _status_by_number(turn, request)
    order = choose_order(turn, request, ANY_STATUS, "check")
    if not isinstance(order, Order):
        return order
    return Reply(text=status_text(order), data=ReplyData(order=order))


def _status_by_number(turn: Turn, request: OrderLookup) -> Outcome:
    """The status for a shopper who only said who they are: of the order they name by its
    number, and nothing else. An account that does not exist reads like one without that
    order; the reply carries the order's card, not its address or payments."""
    if request.order_id is None:
        reply = Reply(
            text="What's the order number? It's in your order confirmation.",
            expecting="order_id",
        )
        return Ask(field="order_id", reply=reply)
    claim = turn.conversation.claim
    if claim is not None and identity.locked(turn, claim.lock_key):
        return identity.lock_out(turn)
    owner = claim.user_id if claim is not None else None
    order = turn.services.order(owner, request.order_id) if owner else None
    if order is None:
        if claim is not None and identity.wrong_try(turn, claim.lock_key):
            return identity.lock_out(turn)
        return Reply(text=f"I can't find order {request.order_id} on your account.")
    return Reply(text=status_text(order), data=ReplyData(orders=[order_card(order)]))


def status_text(order: Order) -> str:
    total = phrasing.money(phrasing.order_total(order))
    text = (
        f"Order {order.id} {STATUS_WORDS[order.status]}. It "
        f"has {phrasing.order_items(order)}, {total} in total."
    )
    tracking = [t for f in order.fulfillments for t in f.tracking_ids]
    if tracking and order.status in ("processed", "delivered"):
        text += f" Tracking number {tracking[0]}."
    return text


@handler("list_orders", "Read out the shopper's orders with their status.", identity="verified")
def list_user_orders(turn: Turn, _request: OrderLookup) -> Outcome:
    orders = list(reversed(turn.services.orders(turn.user_id)))
    if not orders:
        return Reply(text="You don't have any orders yet.")
    data = list_orders(turn, orders)
    lines = [f"{o.id}, {o.status}, with {item_words(o)}" for o in orders]
    count = "one order" if len(orders) == 1 else f"{len(orders)} orders"
    return Reply(
        text=f"You have {count}, newest first: {phrasing.spoken_list(lines)}.",
        data=data,
        expecting="choice",
    )


@handler("refund_status", "Say what was refunded for an order, and where to.", identity="verified")
def refund_status(turn: Turn, request: OrderLookup) -> Outcome:
    order = choose_order(
        turn,
        request,
        ("cancelled", "return requested", "exchange requested", "pending (item modified)"),
        "check refunds for",
    )
    if not isinstance(order, Order):
        return order
    return Reply(text=_refunds(turn, order), data=ReplyData(order=order))


def _refunds(turn: Turn, order: Order) -> str:
    user = turn.services.user(turn.user_id)
    refunds = [p for p in order.payments if p.type == "refund"]
    if refunds:
        said = [f"{phrasing.money(p.amount)} to your {_method(user, p.method_id)}" for p in refunds]
        return (
            f"For order {order.id} we refunded {phrasing.spoken_list(said)}. "
            "Card and PayPal refunds take 5 to 7 business days."
        )
    if order.return_request is not None:
        method = _method(user, order.return_request.refund_method_id)
        return (
            f"Order {order.id} has a return requested. The refund "
            f"goes to your {method} once we receive the items."
        )
    return f"There are no refunds on order {order.id}."


def _method(user: Any, method_id: str) -> str:
    method = method_by_id(user, method_id)
    return phrasing.method_name(method) if method else "original payment method"


def cancelled(_turn: Turn, order: Any) -> Reply:
    assert isinstance(order, Order)
    refunded = sum(p.amount for p in order.payments if p.type == "refund")
    text = f"Order {order.id} is cancelled. {phrasing.money(refunded)} is on its way back to you."
    return Reply(text=text, data=ReplyData(order=order, orders=[order_card(order)]))


@handler(
    "cancel_order",
    "Cancel one of the shopper's pending orders, with a reason.",
    identity="verified",
    done=cancelled,
)
def cancel_order(turn: Turn, request: Cancellation) -> Outcome:
    order = choose_order(turn, request, ("pending",), "cancel")
    if not isinstance(order, Order):
        return order
    if request.reason not in CANCEL_REASONS:
        question = (
            f"Order {order.id} has {phrasing.order_items(order)}. "
            "Is it no longer needed, or was it ordered by mistake?"
        )
        reply = Reply(text=question, expecting="reason")
        return Ask(field="reason", reply=reply, known={"order_id": order.id})
    user = turn.services.user(turn.user_id)
    total = phrasing.money(phrasing.order_total(order))
    method = (
        _method(user, order.payments[0].method_id) if order.payments else "original payment method"
    )
    summary = (
        f"Cancel order {order.id} with {phrasing.order_items(order)}, "
        f"because {_reason(request.reason)}. "
        f"The {total} goes back to your {method}."
    )
    return propose(
        "cancel_pending_order",
        {"user_id": turn.user_id, "order_id": order.id, "reason": request.reason},
        summary,
        data=ReplyData(order=order),
        known={"order_id": order.id},
    )


def _reason(reason: str) -> str:
    return "it's no longer needed" if reason == "no longer needed" else "it was ordered by mistake"
