"""What several handlers share: choosing an order, an item, a payment method; listing them;
reading the options said as a product's own."""

import re
from collections.abc import Sequence
from typing import Any

from shoptalk.commerce.records import Order, PaymentMethod, Product, User
from shoptalk.dialogue import phrasing
from shoptalk.dialogue.references import pick
from shoptalk.dialogue.registry import Ask, Request
from shoptalk.dialogue.reply import OrderCard, Reply, ReplyData
from shoptalk.dialogue.state import Entry, Listing
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.normalize import words_of
from shoptalk.nlu.understanding import PaymentMethodKind, Slots

REQUEST_WORDS = frozenset(
    {"cancel", "swap", "switch", "refund", "status", "ship", "send", "address", "pay", "paid"}
    | {"payment", "card", "gift", "visa", "mastercard", "amex", "paypal", "where", "what"}
    | {"about", "can", "you", "need", "get", "check", "track", "instead", "different", "other"}
    | {"new", "back", "money", "my", "last", "first", "second", "third", "please", "hey"}
)
"""Words of a request that say what to do, never which item: kept out of name matching."""
REFERRING = frozenset({"it", "that", "this"})


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
    turn.conversation.listing = Listing(kind="orders", entries=_order_entries(orders))
    return ReplyData(orders=[order_card(o) for o in orders])


def _order_entries(orders: Sequence[Order]) -> tuple[Entry, ...]:
    """Each order named by all its items, so "the blender one" finds the fifth item too."""
    return tuple(Entry(id=o.id, name=", ".join(i.name for i in o.items)) for o in orders)


def named_in_request(turn: Turn, entries: Sequence[Entry]) -> Entry | None:
    """The one entry the request's own words name ("cancel my lipstick order"), if any.

    Only the words that could name an item count: not the verbs of the request, nor what a
    slot already read (an address, an email). An identification turn names nothing."""
    if turn.understanding.intent == "identify" or not entries:
        return None
    said = {w for value in _slot_texts(turn.slots) for w in words_of(value)}
    words = [w for w in words_of(turn.text) if w not in REQUEST_WORDS and w not in said]
    if not words:
        return None
    return pick(Listing(kind="items", entries=tuple(entries)), Slots(), " ".join(words))


def _slot_texts(slots: Slots) -> list[str]:
    values = slots.model_dump(exclude_none=True, exclude={"product", "options"})
    texts = [str(v) for v in values.values() if not isinstance(v, dict)]
    if slots.address is not None:
        texts += [str(v) for v in slots.address.model_dump(exclude_none=True).values()]
    return texts


def choose_order(
    turn: Turn, request: OrderRequest, statuses: tuple[str, ...], action: str
) -> Order | Reply | Ask:
    """The order the request is about: named, in focus, or the shopper's only candidate.

    With several candidates, ask which one and read them out; an order of someone else, or
    one that does not exist, gets the same answer."""
    services, user_id = turn.services, turn.user_id
    order_id = request.order_id or _focus(turn, statuses)
    if order_id is not None:
        order = services.order(user_id, order_id)
        if order is None:
            return Reply(text=f"I can't find order {order_id} on your account.")
        turn.conversation.order_id = order.id
        return order if order.status in statuses else Reply(text=_wrong_status(order, action))
    candidates = [o for o in services.orders(user_id) if o.status in statuses]
    if not candidates:
        return Reply(text=f"You have no {_status_words(statuses)} to {action}.")
    named = named_in_request(turn, _order_entries(candidates))
    if named is not None:
        candidates = [o for o in candidates if o.id == named.id]
    if len(candidates) == 1:
        turn.conversation.order_id = candidates[0].id
        return candidates[0]
    return _ask_order(turn, candidates, statuses)


def _focus(turn: Turn, statuses: tuple[str, ...]) -> str | None:
    """The order in focus, when the request can be about it: one it fits, or one the shopper
    points back to ("cancel it"). After cancelling one order, "cancel my other order" is
    about the other one."""
    focus = turn.conversation.order_id
    if focus is None or REFERRING & set(words_of(turn.text)):
        return focus
    order = turn.services.order(turn.user_id, focus)
    return focus if order is not None and order.status in statuses else None


def _ask_order(turn: Turn, candidates: list[Order], statuses: tuple[str, ...]) -> Ask:
    if len(statuses) > 1:
        candidates = list(reversed(candidates))
    data = list_orders(turn, candidates)
    lines = phrasing.spoken_list([f"{o.id} with {item_words(o)}" for o in candidates])
    text = f"Which order? You have {len(candidates)} {_status_words(statuses)}: {lines}."
    return Ask(field="order_id", reply=Reply(text=text, data=data, expecting="order_id"))


def item_words(order: Order) -> str:
    """ "Blender and 2 other items": short enough to hear in a list of orders."""
    names = list(dict.fromkeys(item.name for item in order.items))
    others = len(names) - 1
    rest = f" and {others} other item{'s' if others > 1 else ''}" if others else ""
    return f"{names[0]}{rest}"


def _status_words(statuses: tuple[str, ...]) -> str:
    """ "pending orders" for one status; several (any order, or any with a refund) are just
    orders."""
    return f"{statuses[0]} orders" if len(statuses) == 1 else "orders"


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


def choose_items(
    turn: Turn, order: Order, request: dict[str, Any], verb: str, *, several: bool = False
) -> list[str] | Ask:
    """Variant ids of the order's items the shopper means; ask when it is not clear.

    With `several`, "all of it" means every item, a variant ordered twice counted twice."""
    entries = item_entries(order)
    named: list[str] = list(request.get("variant_ids") or [])
    product_id = request.get("product_id")
    if not named and product_id:
        named = [e.id for e in entries if e.product_id == product_id][:1]
    if not named and several and _means_all(turn.text):
        named = [e.id for e in entries]
    if not named:
        entry = entries[0] if len(entries) == 1 else named_in_request(turn, entries)
        named = [entry.id] if entry else []
    if named:
        every = {e.id for e in entries} == set(named)
        return [item.variant_id for item in order.items] if several and every else named
    turn.conversation.listing = Listing(kind="items", entries=entries)
    names = phrasing.spoken_list(_item_words(order, entries))
    reply = Reply(
        text=f"Which item would you like to {verb}: {names}?",
        data=ReplyData(choices=[e.name for e in entries]),
        expecting="choice",
    )
    return Ask(field="variant_ids", reply=reply)


def _means_all(text: str) -> bool:
    return bool(set(words_of(text)) & {"all", "everything", "both", "whole", "entire"})


def _item_words(order: Order, entries: Sequence[Entry]) -> list[str]:
    """Item names as heard in a list: the options only where two items share a name."""
    plain = {item.variant_id: item.name for item in order.items}
    names = [plain[e.id] for e in entries]
    return [e.name if names.count(n) > 1 else n for e, n in zip(entries, names, strict=True)]


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


LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def read_as_own(product: Product, said: dict[str, str]) -> dict[str, str]:
    """The options said, each value read as `product`'s own.

    The understanding grounds a value against the whole catalog, where a size said with or
    without its unit may name another product's value: "size 10 in navy" reads as "10 inch"
    (a frying pan's size), "the 12 in white" as the shoe size "12". A value the product lacks
    is taken as the one value of it with the same number, when there is exactly one. Options
    the product does not have are kept, for the caller to refuse or drop."""
    return {name: _own_value(product, name, value) for name, value in said.items()}


def own_options(product: Product, said: dict[str, str]) -> dict[str, str]:
    """The options said that `product` has, each read as its own value."""
    return {k: v for k, v in read_as_own(product, said).items() if k in product.options}


def _own_value(product: Product, name: str, value: str) -> str:
    number = LEADING_NUMBER.match(value)
    if name not in product.options or number is None:
        return value
    values = [option.value for option in product.option_values(name)]
    same = [v for v in values if (m := LEADING_NUMBER.match(v)) and m[0] == number[0]]
    return same[0] if value not in values and len(same) == 1 else value
