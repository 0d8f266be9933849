"""What several handlers share: choosing an order, an item, a payment method; listing them."""

from collections.abc import Sequence
from typing import Any

from shoptalk.commerce.records import Order, PaymentMethod, User
from shoptalk.dialogue import phrasing
from shoptalk.dialogue.registry import Ask, Request
from shoptalk.dialogue.reply import OrderCard, Reply, ReplyData
from shoptalk.dialogue.state import Entry, Listing
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.understanding import PaymentMethodKind


class OrderRequest(Request):
    order_id: str | None = None


class PaymentRequest(Request):
    payment_method_id: str | None = None
    payment_method: PaymentMethodKind | None = None
    brand: str | None = None
    last_four: str | None = None


def order_card(order: Order) -> OrderCard:
    return OrderCard(
        order_id=order.id,
        status=order.status,
        total=phrasing.order_total(order) / 100,
        items=[item.name for item in order.items],
    )


def list_orders(turn: Turn, orders: Sequence[Order]) -> ReplyData:
    """Remember `orders` as the list the shopper heard, and return their cards."""
    turn.conversation.listing = Listing(
        kind="orders", entries=tuple(Entry(id=o.id, name=phrasing.order_items(o)) for o in orders)
    )
    return ReplyData(orders=[order_card(o) for o in orders])


def choose_order(
    turn: Turn, request: OrderRequest, statuses: tuple[str, ...], action: str
) -> Order | Reply | Ask:
    """The order the request is about: named, in focus, or the shopper's only candidate.

    With several candidates, ask which one and read them out; an order of someone else, or
    one that does not exist, gets the same answer."""
    services, user_id = turn.services, turn.user_id
    order_id = request.order_id or turn.conversation.order_id
    if order_id is not None:
        order = services.order(user_id, order_id)
        if order is None:
            return Reply(text=f"I can't find order {order_id} on your account.")
        turn.conversation.order_id = order.id
        return order if order.status in statuses else Reply(text=_wrong_status(order, action))
    candidates = [o for o in services.orders(user_id) if o.status in statuses]
    if not candidates:
        return Reply(text=f"You have no {_status_words(statuses)} orders to {action}.")
    if len(candidates) == 1:
        turn.conversation.order_id = candidates[0].id
        return candidates[0]
    return _ask_order(turn, candidates, statuses)


def _ask_order(turn: Turn, candidates: list[Order], statuses: tuple[str, ...]) -> Ask:
    data = list_orders(turn, candidates)
    lines = phrasing.spoken_list([f"{o.id} with {phrasing.order_items(o)}" for o in candidates])
    text = f"Which order? You have {len(candidates)} {_status_words(statuses)}: {lines}."
    return Ask(field="order_id", reply=Reply(text=text, data=data, expecting="order_id"))


def _status_words(statuses: tuple[str, ...]) -> str:
    return " or ".join(statuses)


WHY_NOT = {
    "cancel": "Only pending orders can be cancelled.",
    "change": "Only pending orders can be changed.",
    "return": "Only delivered orders can be returned.",
    "exchange": "Only delivered orders can be exchanged.",
}


def _wrong_status(order: Order, action: str) -> str:
    return f"Order {order.id} is {order.status}, so I can't {action} it. {WHY_NOT.get(action, '')}"


def item_entries(order: Order) -> tuple[Entry, ...]:
    """The order's items, one entry per distinct variant."""
    seen: dict[str, Entry] = {}
    for item in order.items:
        seen.setdefault(
            item.variant_id,
            Entry(
                id=item.variant_id,
                name=phrasing.item_name(item.name, item.options),
                product_id=item.product_id,
                variant_id=item.variant_id,
                options=item.options,
                price_cents=item.price,
            ),
        )
    return tuple(seen.values())


def choose_items(turn: Turn, order: Order, request: dict[str, Any], verb: str) -> list[str] | Ask:
    """Variant ids of the order's items the shopper means; ask when it is not clear."""
    entries = item_entries(order)
    named: list[str] = list(request.get("variant_ids") or [])
    product_id = request.get("product_id")
    if not named and product_id:
        named = [e.id for e in entries if e.product_id == product_id][:1]
    if not named and len(entries) == 1:
        named = [entries[0].id]
    if named:
        return named
    turn.conversation.listing = Listing(kind="items", entries=entries)
    names = phrasing.spoken_list([e.name for e in entries])
    reply = Reply(
        text=f"Which item would you like to {verb}: {names}?",
        data=ReplyData(choices=[e.name for e in entries]),
        expecting="choice",
    )
    return Ask(field="variant_ids", reply=reply)


def choose_method(
    turn: Turn, user: User, request: PaymentRequest, *, default: str | None, purpose: str
) -> PaymentMethod | Ask:
    """The payment method the shopper named, else `default`, else ask with the choices."""
    methods = user.payment_methods
    matching = [m for m in methods if _matches(m, request)]
    if request.payment_method_id or request.payment_method or request.brand or request.last_four:
        if len(matching) == 1:
            return matching[0]
        methods = matching or methods
    elif default is not None:
        chosen = next((m for m in methods if m.id == default), None)
        if chosen is not None:
            return chosen
    if len(methods) == 1:
        return methods[0]
    turn.conversation.listing = Listing(
        kind="methods", entries=tuple(Entry(id=m.id, name=phrasing.method_name(m)) for m in methods)
    )
    names = phrasing.spoken_list([phrasing.method_name(m) for m in methods], joiner="or")
    reply = Reply(
        text=f"Which payment method {purpose}: {names}?",
        data=ReplyData(choices=[phrasing.method_name(m) for m in methods]),
        expecting="choice",
    )
    return Ask(field="payment_method_id", reply=reply)


def _matches(method: PaymentMethod, request: PaymentRequest) -> bool:
    return (
        (request.payment_method_id in (None, method.id))
        and (request.payment_method in (None, method.type))
        and (request.brand in (None, method.brand))
        and (request.last_four in (None, method.last_four))
    )


def original_method(order: Order) -> str | None:
    payments = [p for p in order.payments if p.type == "payment"]
    return payments[-1].method_id if payments else None


def method_by_id(user: User, method_id: str | None) -> PaymentMethod | None:
    return next((m for m in user.payment_methods if m.id == method_id), None)
