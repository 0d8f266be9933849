"""The cart: add with options, remove, read it out, and check out after an explicit yes."""

from typing import Any

from shoptalk.commerce.errors import Refused
from shoptalk.commerce.records import Address, Cart, Order, Product, User
from shoptalk.dialogue import identity, phrasing
from shoptalk.dialogue.handlers.catalog import not_for_sale
from shoptalk.dialogue.handlers.common import PaymentRequest, choose_method, own_options
from shoptalk.dialogue.references import pick
from shoptalk.dialogue.registry import Ask, Outcome, Propose, Request, handler, propose
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.state import Entry, Listing
from shoptalk.dialogue.turn import Turn

ADDRESS_PARTS = ("address1", "city", "state", "zip")


class CartAddition(Request):
    product_id: str | None = None
    options: dict[str, str] | None = None
    quantity: int | None = None


class CartRemoval(Request):
    product_id: str | None = None
    options: dict[str, str] | None = None
    quantity: int | None = None
    variant_ids: list[str] | None = None


class CheckoutRequest(PaymentRequest):
    address: dict[str, str] | None = None


def _unorderable(turn: Turn, request: CartAddition) -> Reply | None:
    """The product meant, when it cannot be ordered at all: said before anyone signs in."""
    product_id = request.product_id or _referenced(turn)
    product = turn.services.product(product_id) if product_id else None
    unsold = not_for_sale(product) if product else None
    return Reply(text=f"Sorry, {unsold}") if unsold else None


@handler(
    "add_to_cart",
    "Add a product, with its options and a quantity, to the cart.",
    identity="verified",
    writes_at_once=True,
    vet=_unorderable,
)
def add_to_cart(turn: Turn, request: CartAddition) -> Outcome:
    product_id = request.product_id or _referenced(turn)
    if product_id is None:
        return Ask(field="product_id", reply=Reply(text="Which product would you like to add?"))
    product = turn.services.product(product_id)
    if product is None:
        return Reply(text="Sorry, that product is no longer in the catalog.")
    unsold = not_for_sale(product)
    if unsold is not None:
        return Reply(text=f"Sorry, {unsold}")
    options = own_options(product, request.options or {})
    unoffered = _unoffered(product, options)
    if unoffered is not None:
        name, value = unoffered
        kept = {k: v for k, v in options.items() if k != name}
        lead = f"Sorry, it doesn't come in {phrasing.option_words({name: value})}."
        return _ask_option(product, name, kept, lead)
    missing = _missing_option(product, options)
    if missing is not None:
        return _ask_option(product, missing, options)
    return _add(turn, product, options, request.quantity or 1)


def _referenced(turn: Turn) -> str | None:
    """The listed product the words point at, else the product in focus."""
    entry = pick(turn.conversation.listing, turn.slots, turn.text)
    if entry is not None and entry.product_id:
        return entry.product_id
    focus = turn.conversation.product
    return focus.product_id if focus else None


def _unoffered(product: Product, options: dict[str, str]) -> tuple[str, str] | None:
    """The first option said (in the order said) that no purchasable choice has together
    with the ones before it: "size 9" when the shoe comes in 8 or 12."""
    fine: dict[str, str] = {}
    for name, value in options.items():
        if product.is_configurable:
            fits = value in _values(product, name)
        else:
            tried = {**fine, name: value}
            fits = any(tried.items() <= v.options.items() for v in product.variants)
        if not fits:
            return name, value
        fine[name] = value
    return None


def _values(product: Product, name: str) -> list[str]:
    return [v.value for v in product.option_values(name)]


def _missing_option(product: Product, options: dict[str, str]) -> str | None:
    """The first option that still tells several purchasable choices apart."""
    if product.is_configurable:
        return next((name for name in product.options if name not in options), None)
    fitting = [v for v in product.variants if options.items() <= v.options.items()]
    for name in product.options:
        if name not in options and len({v.options.get(name) for v in fitting}) > 1:
            return name
    return None


def _ask_option(product: Product, name: str, options: dict[str, str], lead: str = "") -> Ask:
    values = _offered_values(product, name, options)
    choices = phrasing.spoken_list(values, joiner="or")
    question = f"{lead} Which {name} would you like" if lead else f"Which {name} would you like"
    for_what = "" if lead else f" for the {product.name}"
    reply = Reply(
        text=f"{question}{for_what}: {choices}?",
        data=ReplyData(choices=values),
        expecting="choice",
    )
    return Ask(field="options", reply=reply, known={"product_id": product.id, "options": options})


def _offered_values(product: Product, name: str, options: dict[str, str]) -> list[str]:
    if product.is_configurable:
        return _values(product, name)
    fitting = [v for v in product.variants if options.items() <= v.options.items()]
    return list(dict.fromkeys(v.options[name] for v in fitting if name in v.options))


def _add(turn: Turn, product: Product, options: dict[str, str], quantity: int) -> Reply:
    try:
        cart = turn.services.call(
            "add_to_cart",
            Cart,
            user_id=turn.user_id,
            product_id=product.id,
            options=options,
            quantity=quantity,
        )
    except Refused as refusal:
        return Reply(text=f"Sorry, I couldn't add that: {refusal}.")
    name = phrasing.item_name(product.name, options)
    turn.conversation.product = Entry(
        id=product.id, name=product.name, product_id=product.id, options=options
    )
    count = f"{quantity} " if quantity > 1 else ""
    text = f"Added {count}{name} to your cart. Your cart comes to {phrasing.money(cart.total)}."
    return Reply(text=text, data=ReplyData(cart=cart))


@handler(
    "remove_from_cart",
    "Remove an item from the cart, or fewer of it.",
    identity="verified",
    writes_at_once=True,
)
def remove_from_cart(turn: Turn, request: CartRemoval) -> Outcome:
    cart = turn.services.cart(turn.user_id)
    if not cart.items:
        return Reply(text="Your cart is already empty.")
    line = _cart_line(turn, cart, request)
    if line is None:
        names = phrasing.spoken_list([e.name for e in _list_cart(turn, cart)], joiner="or")
        return Ask(
            field="variant_ids",
            reply=Reply(text=f"Which one should I remove: {names}?", expecting="choice"),
        )
    try:
        cart = turn.services.call(
            "remove_from_cart",
            Cart,
            user_id=turn.user_id,
            variant_id=line.variant_id,
            quantity=request.quantity,
        )
    except Refused:  # the shopper's other device removed it since the cart was read
        now = _total(turn.services.cart(turn.user_id))
        return Reply(text=f"{line.name} is no longer in your cart. {now}")
    text = f"Removed {line.name} from your cart. {_total(cart)}"
    return Reply(text=text, data=ReplyData(cart=cart))


def _cart_line(turn: Turn, cart: Cart, request: CartRemoval) -> Entry | None:
    entries = _cart_entries(cart)
    if request.variant_ids:
        return next((e for e in entries if e.id == request.variant_ids[0]), None)
    if request.product_id:
        fitting = [e for e in entries if e.product_id == request.product_id]
        if request.options:
            fitting = [e for e in fitting if request.options.items() <= e.options.items()]
        return fitting[0] if len(fitting) == 1 else None
    listing = turn.conversation.listing
    if listing is not None and listing.kind == "cart":
        return pick(listing, turn.slots, turn.text)
    return entries[0] if len(entries) == 1 else None


def _cart_entries(cart: Cart) -> tuple[Entry, ...]:
    return tuple(
        Entry(
            id=line.variant_id,
            name=phrasing.item_name(line.name, line.options),
            product_id=line.product_id,
            variant_id=line.variant_id,
            options=line.options,
            price_cents=line.price,
        )
        for line in cart.items
    )


def _list_cart(turn: Turn, cart: Cart) -> tuple[Entry, ...]:
    """Remember the cart lines as the list the shopper heard."""
    entries = _cart_entries(cart)
    turn.conversation.listing = Listing(kind="cart", entries=entries)
    return entries


def _total(cart: Cart) -> str:
    if not cart.items:
        return "Your cart is now empty."
    return f"Your cart comes to {phrasing.money(cart.total)}."


@handler("view_cart", "Read out what is in the cart and its total.", identity="verified")
def view_cart(turn: Turn, _request: Request) -> Outcome:
    cart = turn.services.cart(turn.user_id)
    if not cart.items:
        return Reply(text="Your cart is empty.", data=ReplyData(cart=cart))
    _list_cart(turn, cart)
    lines = [
        f"{_quantity(line.quantity)}{phrasing.item_name(line.name, line.options)}"
        for line in cart.items
    ]
    count = sum(line.quantity for line in cart.items)
    items = "1 item" if count == 1 else f"{count} items"
    text = (
        f"You have {items} in your cart: {phrasing.spoken_list(lines)}. "
        f"The total is {phrasing.money(cart.total)}."
    )
    return Reply(text=text, data=ReplyData(cart=cart))


def _quantity(quantity: int) -> str:
    return f"{quantity} " if quantity > 1 else ""


def placed(turn: Turn, order: Any) -> Reply:
    assert isinstance(order, Order)
    turn.conversation.order_id = order.id
    total = phrasing.money(phrasing.order_total(order))
    return Reply(
        text=f"Done. Your order {order.id} is placed, {total} in total.",
        data=ReplyData(order=order),
    )


@handler(
    "checkout",
    "Place an order for the cart, paid with one of the shopper's payment methods.",
    identity="verified",
    done=placed,
)
def checkout(turn: Turn, request: CheckoutRequest) -> Outcome:
    cart = turn.services.cart(turn.user_id)
    if not cart.items:
        return Reply(
            text="Your cart is empty, so there's nothing to check out.", data=ReplyData(cart=cart)
        )
    user = turn.services.user(turn.user_id)
    method = choose_method(turn, user, request, default=None, purpose="would you like to pay with")
    if isinstance(method, Ask):
        return method
    if method.type == "gift_card" and (method.balance or 0) < cart.total:
        return _short_gift_card(turn, user, cart, method.balance or 0)
    address = _shipping(user, request.address)
    if isinstance(address, Ask):
        return address
    return _propose_checkout(turn, cart, method.id, phrasing.method_name(method), address)


def _short_gift_card(turn: Turn, user: User, cart: Cart, balance: int) -> Outcome:
    others = [m for m in user.payment_methods if m.type != "gift_card"]
    text = (
        f"Your gift card has {phrasing.money(balance)}, "
        f"not enough for {phrasing.money(cart.total)}."
    )
    if not others:
        return Reply(text=f"{text} You have no other payment method on file.")
    choices = phrasing.spoken_list([phrasing.method_name(m) for m in others], joiner="or")
    turn.conversation.listing = Listing(
        kind="methods", entries=tuple(Entry(id=m.id, name=phrasing.method_name(m)) for m in others)
    )
    return Ask(
        field="payment_method_id",
        reply=Reply(text=f"{text} Would you like to use {choices}?", expecting="choice"),
        known={"payment_method": None, "payment_method_id": None, "brand": None, "last_four": None},
    )


def _shipping(user: User, said: dict[str, str] | None) -> Address | Ask:
    if not said:
        return user.address
    missing = [part for part in ADDRESS_PARTS if not said.get(part)]
    if missing:
        reply = Reply(
            text="What's the full shipping address, with street, city, state and zip code?",
            expecting="address",
        )
        return Ask(field="address", reply=reply)
    return Address(
        country=said.get("country") or user.address.country,
        **{k: v for k, v in said.items() if k != "country"},
    )


def _propose_checkout(
    turn: Turn, cart: Cart, method_id: str, method: str, address: Address
) -> Propose:
    count = sum(line.quantity for line in cart.items)
    names = phrasing.spoken_list(list(dict.fromkeys(line.name for line in cart.items)))
    items = "1 item" if count == 1 else f"{count} items"
    summary = (
        f"Place an order for {items}, {names}, total {phrasing.money(cart.total)}, "
        f"paid with your {method}, shipping to {address.address1}, {address.city}."
    )
    arguments: dict[str, Any] = {"user_id": turn.user_id, "payment_method_id": method_id}
    arguments["address"] = address.model_dump()
    needs_code = turn.services.settings.voice_code_at_checkout and identity.has_voice_code(
        turn, turn.user_id
    )
    return propose(
        "checkout",
        arguments,
        summary,
        data=ReplyData(cart=cart),
        needs_code=needs_code,
    )
