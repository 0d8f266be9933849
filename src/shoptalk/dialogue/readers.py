"""Reading the answer to a question the assistant asked.

After "Which order?" or "What's your email?" the shopper often says only the value: "the
second one", "W one zero zero two", "ada dot lee at example dot com". The model's slots come
first; when it found none, the normalisers read the expected value straight from the words.
"""

from collections.abc import Callable
from typing import Any

from shoptalk.dialogue.references import pick
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.normalize import (
    find_entities,
    parse_address,
    parse_digits,
    parse_email,
    parse_quantity,
    words_of,
)
from shoptalk.nlu.normalize.numbers import read_digits

Updates = dict[str, Any]
CANCEL_REASONS = {
    "no longer needed": ("no longer", "don't need", "do not need", "dont need", "changed my mind"),
    "ordered by mistake": ("mistake", "by accident", "accidentally", "wrong", "didn't mean"),
}


def read_answer(turn: Turn, field: str, request: dict[str, Any]) -> Updates:
    """What the turn says about `field` (and anything else it named), as request updates."""
    reader = READERS.get(field)
    return reader(turn, request) if reader else {}


def slot_updates(turn: Turn) -> Updates:
    """The turn's slots as request fields: the product becomes `product_id`."""
    updates = turn.slots.model_dump(exclude_none=True, exclude={"product", "address"})
    if turn.slots.product is not None:
        updates["product_id"] = turn.slots.product.id
    if turn.slots.address is not None:
        updates["address"] = turn.slots.address.model_dump(exclude_none=True)
    return updates


def _order_id(turn: Turn, _request: dict[str, Any]) -> Updates:
    if turn.slots.order_id:
        return {"order_id": turn.slots.order_id}
    for entity in find_entities(turn.text, turn.services.order_ids):
        if entity.kind == "order_id":
            return {"order_id": str(entity.value)}
    chosen = _listed(turn, "orders")
    return {"order_id": chosen} if chosen else {}


def _listed(turn: Turn, kind: str) -> str | None:
    listing = turn.conversation.listing
    if listing is None or listing.kind != kind:
        return None
    entry = pick(listing, turn.slots, turn.text)
    return entry.id if entry else None


def _email(turn: Turn, _request: dict[str, Any]) -> Updates:
    email = turn.slots.email or parse_email(turn.text)
    return {"email": email} if email else {}


def _identity(turn: Turn, request: dict[str, Any]) -> Updates:
    updates = {
        key: value
        for key, value in slot_updates(turn).items()
        if key in ("email", "first_name", "last_name", "zip")
    }
    if "email" not in updates:
        updates |= _email(turn, request)
    if "zip" not in updates:
        zips = [e.value for e in find_entities(turn.text) if e.kind == "zip"]
        if zips:
            updates["zip"] = str(zips[0])
    return updates


def _reason(turn: Turn, _request: dict[str, Any]) -> Updates:
    if turn.slots.reason in CANCEL_REASONS:
        return {"reason": turn.slots.reason}
    said = turn.text.lower().replace("\u2019", "'")
    for reason, cues in CANCEL_REASONS.items():
        if any(cue in said for cue in cues):
            return {"reason": reason}
    return {}


def _options(turn: Turn, request: dict[str, Any]) -> Updates:
    product_id = request.get("product_id")
    said = dict(turn.slots.options or {})
    if product_id:
        said |= turn.services.catalog.ground_options(turn.text, product_id, one_span=True)
    return {"options": {**request.get("options", {}), **said}} if said else {}


def _product(turn: Turn, _request: dict[str, Any]) -> Updates:
    listing = turn.conversation.listing
    entry = pick(listing, turn.slots, turn.text) if listing else None
    if entry is not None and entry.product_id:
        return {"product_id": entry.product_id, "options": dict(entry.options)}
    if turn.slots.product is not None:
        return {"product_id": turn.slots.product.id}
    return {}


def _item(turn: Turn, _request: dict[str, Any]) -> Updates:
    listing = turn.conversation.listing
    if listing is None or listing.kind not in ("items", "cart"):
        return {}
    if _means_all(turn.text):
        return {"variant_ids": [entry.id for entry in listing.entries]}
    entry = pick(listing, turn.slots, turn.text)
    return {"variant_ids": [entry.id]} if entry else {}


def _means_all(text: str) -> bool:
    words = set(words_of(text))
    return bool(words & {"all", "everything", "both", "whole", "entire"})


def _payment(turn: Turn, _request: dict[str, Any]) -> Updates:
    chosen = _listed(turn, "methods")
    if chosen:
        return {"payment_method_id": chosen}
    updates: Updates = {}
    if turn.slots.payment_method:
        updates["payment_method"] = turn.slots.payment_method
    said = " ".join(words_of(turn.text))
    updates |= method_words(said)
    return updates


def method_words(said: str) -> Updates:
    """Brand, last four digits or kind of a payment method, as the shopper names it."""
    updates: Updates = {}
    digits = parse_digits(said.split("ending in")[-1]) if "ending" in said else None
    if digits and len(digits) == 4:
        updates["last_four"] = digits
    for brand in ("visa", "mastercard", "amex", "american express", "discover"):
        if brand in said:
            updates["brand"] = "amex" if brand == "american express" else brand
    if "gift" in said:
        updates["payment_method"] = "gift_card"
    elif "paypal" in said or "pay pal" in said:
        updates["payment_method"] = "paypal"
    elif "card" in said or updates:
        updates.setdefault("payment_method", "credit_card")
    return updates


def _quantity(turn: Turn, _request: dict[str, Any]) -> Updates:
    quantity = turn.slots.quantity or parse_quantity(turn.text)
    return {"quantity": quantity} if quantity else {}


def _address(turn: Turn, request: dict[str, Any]) -> Updates:
    """The model's address slot, or the normaliser's reading of the words when that finds more
    of the address (a slot can swallow the state and zip into the city)."""
    candidates = [a for a in (turn.slots.address, parse_address(turn.text)) if a is not None]
    if not candidates:
        return {}
    spoken = max(candidates, key=lambda a: len(a.model_dump(exclude_none=True)))
    known = dict(request.get("address") or {})
    return {"address": known | spoken.model_dump(exclude_none=True)}


CODE_DIGITS = 4
"""The fewest digits of any code asked for (a voice purchase code; a one-time code has more)."""


def _code(turn: Turn, _request: dict[str, Any]) -> Updates:
    """A code said alone ("four one seven two") or in a sentence ("my code is 4172"): the
    first run of digits, read by the number reader, long enough to be a code."""
    words = words_of(turn.text)
    for start in range(len(words)):
        reading = read_digits(words, start)
        if reading is not None and len(reading.value) >= CODE_DIGITS:
            return {"code": reading.value}
    return {}


READERS: dict[str, Callable[[Turn, dict[str, Any]], Updates]] = {
    "order_id": _order_id,
    "email": _email,
    "identity": _identity,
    "reason": _reason,
    "options": _options,
    "product_id": _product,
    "variant_ids": _item,
    "payment_method_id": _payment,
    "quantity": _quantity,
    "address": _address,
    "code": _code,
}
