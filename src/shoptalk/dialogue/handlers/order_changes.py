"""Changing orders: swap items of a pending order, its address or payment; return or exchange
items of a delivered one. Each ends in a proposal the shopper must confirm."""

from collections.abc import Callable
from typing import Any

from shoptalk.commerce.catalog import configured_variant_id
from shoptalk.commerce.records import Order, OrderItem, PaymentMethod, Product, User
from shoptalk.dialogue import phrasing
from shoptalk.dialogue.handlers.cart import ADDRESS_PARTS
from shoptalk.dialogue.handlers.common import (
    OrderRequest,
    PaymentRequest,
    choose_items,
    choose_method,
    choose_order,
    item_entries,
    method_by_id,
    order_card,
    original_method,
    own_options,
)
from shoptalk.dialogue.registry import Ask, Outcome, Propose, handler, propose
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.state import Entry
from shoptalk.dialogue.turn import Turn

PENDING = ("pending",)
DELIVERED = ("delivered",)


class ItemChange(OrderRequest, PaymentRequest):
    product_id: str | None = None
    variant_ids: list[str] | None = None
    options: dict[str, str] | None = None


class AddressChange(OrderRequest):
    address: dict[str, str] | None = None


class PaymentChange(OrderRequest, PaymentRequest):
    pass


class ItemReturn(OrderRequest, PaymentRequest):
    product_id: str | None = None
    variant_ids: list[str] | None = None


def changed(_turn: Turn, order: Any) -> Reply:
    assert isinstance(order, Order)
    text = f"Done. Order {order.id} now {_status_now(order)}."
    return Reply(text=text, data=ReplyData(order=order, orders=[order_card(order)]))


def address_changed(_turn: Turn, order: Any) -> Reply:
    assert isinstance(order, Order)
    where = _address_words(order.address.model_dump())
    text = f"Done. Order {order.id} now ships to {where}."
    return Reply(text=text, data=ReplyData(order=order, orders=[order_card(order)]))


def payment_changed(turn: Turn, order: Any) -> Reply:
    assert isinstance(order, Order)
    method = method_by_id(turn.services.user(turn.user_id), original_method(order))
    paid = f"your {phrasing.method_name(method)}" if method else "the new method"
    text = f"Done. Order {order.id} is now paid with {paid}, and the old payment is refunded."
    return Reply(text=text, data=ReplyData(order=order, orders=[order_card(order)]))


def _status_now(order: Order) -> str:
    return {
        "pending (item modified)": "has the new item and can't be changed again",
        "return requested": "has a return requested; we'll email you a prepaid label",
        "exchange requested": "has an exchange requested; we'll email you a prepaid label",
    }.get(order.status, f"is {order.status}, with the change saved")


@handler(
    "modify_order_items",
    "Swap an item of a pending order for another option of the same product.",
    identity="verified",
    done=changed,
)
def modify_order_items(turn: Turn, request: ItemChange) -> Outcome:
    if _named_status(turn, request) == "delivered":
        return exchange_items.act(turn, request)
    return _swap(turn, request, PENDING, "change", "modify_pending_order_items")


@handler(
    "exchange_items",
    "Exchange an item of a delivered order for another option of the same product.",
    identity="verified",
    done=changed,
)
def exchange_items(turn: Turn, request: ItemChange) -> Outcome:
    if _named_status(turn, request) == "pending":
        return _swap(turn, request, PENDING, "change", "modify_pending_order_items")
    return _swap(turn, request, DELIVERED, "exchange", "exchange_delivered_order_items")


def _named_status(turn: Turn, request: ItemChange) -> str | None:
    """The status of the order the shopper named: "swap" said of a delivered order means an
    exchange, "exchange" said of a pending one a change; the proposal names which."""
    order = turn.services.order(turn.user_id, request.order_id) if request.order_id else None
    return order.status if order else None


def _swap(
    turn: Turn, request: ItemChange, statuses: tuple[str, ...], verb: str, operation: str
) -> Outcome:
    order = choose_order(turn, request, statuses, verb)
    if not isinstance(order, Order):
        return order
    known: dict[str, Any] = {"order_id": order.id}
    chosen = choose_items(turn, order, request.model_dump(), verb)
    if isinstance(chosen, Ask):
        return chosen.model_copy(update={"known": known})
    old = next(e for e in item_entries(order) if e.id == chosen[0])
    known |= {"variant_ids": [old.id], "product_id": old.product_id}
    product = turn.services.product(old.product_id or "")
    if product is None:
        return Reply(text=f"Sorry, {old.name} is no longer in the catalog.")
    new = _replacement(product, old, request.options or {})
    if isinstance(new, Reply):
        return Ask(field="options", reply=new, known=known) if new.expecting == "choice" else new
    return _propose_swap(turn, order, old, new, request, operation, known)


def _replacement(product: Product, old: Entry, said: dict[str, str]) -> Entry | Reply:
    """The item the shopper wants instead of `old`. A product that comes in nothing else is
    replaced like for like (a faulty item by a new one, docs/design.md §6), at the price paid."""
    options = {**old.options, **own_options(product, said)}
    alternatives = bool(_changeable(product))
    if options == old.options and alternatives:
        return _ask_new_option(product, old)
    new = _variant_with(product, options)
    if isinstance(new, str):
        ask = f" {_ask_new_option(product, old).text}" if alternatives else ""
        name = phrasing.item_name(product.name, options)
        return Reply(text=f"{name} {new}.{ask}", expecting="choice" if alternatives else "anything")
    if new.id == old.id:
        return new.model_copy(update={"price_cents": old.price_cents})
    return new


def _variant_with(product: Product, options: dict[str, str]) -> Entry | str:
    """The product's item with these options, or why there is none to order."""
    if product.is_configurable:
        variant_id = configured_variant_id(product.id, options)
        return Entry(
            id=variant_id,
            name=product.name,
            product_id=product.id,
            variant_id=variant_id,
            options=options,
            price_cents=product.price,
        )
    match = next((v for v in product.variants if v.options == options), None)
    if match is None or not match.in_stock:
        return "isn't available" if match else "doesn't exist"
    return Entry(
        id=match.id,
        name=product.name,
        product_id=product.id,
        variant_id=match.id,
        options=options,
        price_cents=match.price,
    )


def _changeable(product: Product) -> list[str]:
    """The options the product comes in more than one way."""
    return [name for name in product.options if len(product.options[name]) > 1]


def _ask_new_option(product: Product, old: Entry) -> Reply:
    choices = []
    for name in _changeable(product):
        values = [v.value for v in product.option_values(name) if v.value != old.options.get(name)]
        choices.append(f"{name} {phrasing.spoken_list(values, joiner='or')}")
    text = f"What would you like instead of {old.name}? It also comes in {'; '.join(choices)}."
    return Reply(text=text, expecting="choice")


def _propose_swap(
    turn: Turn,
    order: Order,
    old: Entry,
    new: Entry,
    request: ItemChange,
    operation: str,
    known: dict[str, Any],
) -> Outcome:
    user = turn.services.user(turn.user_id)
    method = choose_method(
        turn,
        user,
        request,
        default=original_method(order),
        purpose="should settle the price difference",
    )
    if isinstance(method, Ask):
        return method.model_copy(update={"known": known})
    difference = (new.price_cents or 0) - (old.price_cents or 0)

    def propose(method: PaymentMethod) -> Propose:
        return _swap_proposal(turn, order, (old, new), method, operation, known)

    if difference > 0 and not _covers(method, difference):
        others = [m for m in user.payment_methods if m.id != method.id and _covers(m, difference)]
        return _instead(turn, _short(method, difference), others, propose, known)
    return propose(method)


def _swap_proposal(
    turn: Turn,
    order: Order,
    swap: tuple[Entry, Entry],
    method: PaymentMethod,
    operation: str,
    known: dict[str, Any],
) -> Propose:
    old, new = swap
    difference = (new.price_cents or 0) - (old.price_cents or 0)
    instead = "an identical one" if new.id == old.id else phrasing.option_words(new.options)
    summary = (
        f"In order {order.id}, {_verb(operation)} {old.name}, for {instead}. "
        f"{_difference(difference, phrasing.method_name(method))}"
    )
    arguments = {
        "user_id": turn.user_id,
        "order_id": order.id,
        "variant_ids": [old.id],
        "new_variant_ids": [new.id],
        "payment_method_id": method.id,
    }
    return propose(operation, arguments, summary, data=ReplyData(order=order), known=known)


def _verb(operation: str) -> str:
    return "exchange" if operation.startswith("exchange") else "swap"


def _difference(cents: int, method: str) -> str:
    if cents > 0:
        return f"You pay {phrasing.money(cents)} more with your {method}."
    if cents < 0:
        return f"You get {phrasing.money(-cents)} back on your {method}."
    return "The price is the same."


@handler(
    "change_order_address",
    "Change the shipping address of a pending order.",
    identity="verified",
    done=address_changed,
)
def change_order_address(turn: Turn, request: AddressChange) -> Outcome:
    order = choose_order(turn, request, PENDING, "change")
    if not isinstance(order, Order):
        return order
    address = complete_address(request.address, turn.services.user(turn.user_id))
    if address is None:
        question = _ask_address(request.address or {}, f"for order {order.id}")
        return Ask(
            field="address",
            reply=Reply(text=question, expecting="address"),
            known={"order_id": order.id, "address": request.address or {}},
        )
    summary = f"Ship order {order.id} to {_address_words(address)}."
    return propose(
        "modify_pending_order_address",
        {"user_id": turn.user_id, "order_id": order.id, "address": address},
        summary,
        data=ReplyData(order=order),
        known={"order_id": order.id},
    )


PART_WORDS = {"address1": "street", "city": "city", "state": "state", "zip": "zip code"}


def _ask_address(said: dict[str, str], purpose: str) -> str:
    """The whole address, or only the parts still missing once some were said."""
    missing = [PART_WORDS[part] for part in ADDRESS_PARTS if not said.get(part)]
    if len(missing) < len(ADDRESS_PARTS):
        return f"And the {phrasing.spoken_list(missing)} {purpose}?"
    return f"What's the new address {purpose}, with street, city, state and zip code?"


def complete_address(said: dict[str, str] | None, user: User) -> dict[str, str] | None:
    """The address in the store's form when every part was said; the country defaults to the
    shopper's own."""
    if not said or any(not said.get(part) for part in ADDRESS_PARTS):
        return None
    return {
        "address1": said["address1"],
        "address2": said.get("address2") or "",
        "city": said["city"],
        "state": said["state"],
        "country": said.get("country") or user.address.country,
        "zip": said["zip"],
    }


def _address_words(address: dict[str, str]) -> str:
    unit = f" {address['address2']}" if address.get("address2") else ""
    return f"{address['address1']}{unit}, {address['city']}, {address['state']} {address['zip']}"


@handler(
    "change_order_payment",
    "Pay a pending order with another of the shopper's payment methods.",
    identity="verified",
    done=payment_changed,
)
def change_order_payment(turn: Turn, request: PaymentChange) -> Outcome:
    order = choose_order(turn, request, PENDING, "change")
    if not isinstance(order, Order):
        return order
    user = turn.services.user(turn.user_id)
    current = original_method(order)
    method = choose_method(
        turn, user, request, default=None, purpose="should the order use instead"
    )
    if isinstance(method, Ask):
        return method.model_copy(update={"known": {"order_id": order.id}})
    if method.id == current:
        return Reply(
            text=f"Order {order.id} is already paid with your {phrasing.method_name(method)}."
        )
    total = phrasing.order_total(order)
    if not _covers(method, total):
        others = [m for m in user.payment_methods if m.id != current and _covers(m, total)]
        propose = lambda m: _propose_payment(turn, order, m)  # noqa: E731
        return _instead(turn, _short(method, total), others, propose, {"order_id": order.id})
    return _propose_payment(turn, order, method)


def _instead(
    turn: Turn,
    short: str,
    others: list[PaymentMethod],
    propose: Callable[[PaymentMethod], Propose],
    known: dict[str, Any],
) -> Outcome:
    """A method that can't pay was named: propose the one other that can, or ask which."""
    if not others:
        return Reply(text=short)
    if len(others) == 1:
        proposal = propose(others[0])
        reply = proposal.reply.model_copy(update={"text": f"{short} {proposal.reply.text}"})
        return proposal.model_copy(update={"reply": reply})
    user = turn.services.user(turn.user_id)
    asked = choose_method(
        turn,
        user.model_copy(update={"payment_methods": others}),
        PaymentRequest(),
        default=None,
        purpose="should pay instead",
    )
    assert isinstance(asked, Ask)
    reply = asked.reply.model_copy(update={"text": f"{short} {asked.reply.text}"})
    return asked.model_copy(update={"reply": reply, "known": known})


def _covers(method: PaymentMethod, cents: int) -> bool:
    return method.type != "gift_card" or (method.balance or 0) >= cents


def _short(method: PaymentMethod, cents: int) -> str:
    return f"Your {phrasing.method_name(method)} isn't enough for {phrasing.money(cents)}."


def _propose_payment(turn: Turn, order: Order, method: PaymentMethod) -> Propose:
    total = phrasing.money(phrasing.order_total(order))
    summary = (
        f"Pay order {order.id}, {total}, with your "
        f"{phrasing.method_name(method)}; the old payment is refunded."
    )
    return propose(
        "modify_pending_order_payment",
        {"user_id": turn.user_id, "order_id": order.id, "payment_method_id": method.id},
        summary,
        data=ReplyData(order=order),
        known={"order_id": order.id, "payment_method_id": method.id},
    )


@handler(
    "return_items",
    "Return items of a delivered order, refunded to the original method or a gift card.",
    identity="verified",
    done=changed,
)
def return_items(turn: Turn, request: ItemReturn) -> Outcome:
    order = choose_order(turn, request, DELIVERED, "return")
    if not isinstance(order, Order):
        return order
    known: dict[str, Any] = {"order_id": order.id}
    chosen = choose_items(turn, order, request.model_dump(), "return", several=True)
    if isinstance(chosen, Ask):
        return chosen.model_copy(update={"known": known})
    known["variant_ids"] = chosen
    method, note = _refund_method(turn.services.user(turn.user_id), order, request)
    if isinstance(method, Reply):
        return method
    returned = _taken(order, chosen)
    refund = sum(item.price for item in returned)
    names = _returned_words(order, returned)
    summary = (
        f"Return {names} from order {order.id}. {phrasing.money(refund)} "
        f"goes back to your {phrasing.method_name(method)}."
    )
    arguments = {
        "user_id": turn.user_id,
        "order_id": order.id,
        "variant_ids": chosen,
        "payment_method_id": method.id,
    }
    return propose(
        "return_delivered_order_items",
        arguments,
        summary,
        data=ReplyData(order=order),
        known=known,
        note=note,
    )


def _taken(order: Order, variant_ids: list[str]) -> list[OrderItem]:
    """The items `variant_ids` return, one item each, as the store takes them."""
    unused = list(order.items)
    taken = []
    for variant_id in variant_ids:
        item = next((i for i in unused if i.variant_id == variant_id), None)
        if item is not None:
            unused.remove(item)
            taken.append(item)
    return taken


def _returned_words(order: Order, returned: list[OrderItem]) -> str:
    if len(returned) == len(order.items) > 1:
        return f"all {len(returned)} items"
    names = [phrasing.item_name(i.name, i.options) for i in returned]
    return phrasing.spoken_list(names)


def _refund_method(
    user: User, order: Order, request: ItemReturn
) -> tuple[PaymentMethod | Reply, str]:
    """The original method, or a gift card when the shopper asks for one (the store's rule),
    with a note to read first when the gift card asked for isn't there."""
    original = method_by_id(user, original_method(order))
    note = ""
    if request.payment_method == "gift_card" and (original is None or original.type != "gift_card"):
        card = next((m for m in user.payment_methods if m.type == "gift_card"), None)
        if card is not None:
            return card, ""
        note = "You don't have a gift card, so the refund goes to the original method. "
    if original is None:
        text = f"I can't find the payment method of order {order.id}; let me get you a person."
        return Reply(text=text), note
    return original, note
