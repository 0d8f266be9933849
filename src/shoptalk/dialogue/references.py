"""What "the second one", "the blue one", "the cheaper one" or "that one" points at.

References resolve against the last list the shopper heard; a product mention counts when it
names a listed product. An ambiguous reference resolves to nothing, so the caller asks.
"""

from shoptalk.dialogue.state import Entry, Listing
from shoptalk.nlu.normalize import parse_ordinal, words_of
from shoptalk.nlu.understanding import Slots

FILLERS = frozenset(
    {"the", "one", "ones", "that", "this", "those", "please", "want", "like", "would", "and"}
    | {"with", "for", "item", "order", "return", "exchange", "change", "remove", "just", "only"}
)


def pick(listing: Listing | None, slots: Slots, text: str) -> Entry | None:
    """The one entry of `listing` the words point at, or None."""
    if listing is None or not listing.entries:
        return None
    entries = listing.entries
    ordinal = slots.ordinal if slots.ordinal is not None else _spoken_ordinal(text)
    if ordinal is not None:
        return _at(entries, ordinal)
    candidates = _narrowed(entries, slots)
    if slots.sort in ("price_asc", "price_desc"):
        return _by_price(candidates, cheapest=slots.sort == "price_asc")
    narrowing = slots.product is not None or bool(slots.options)
    if narrowing and len(candidates) == 1:
        return candidates[0]
    return _by_name(entries, slots.product.mention if slots.product else text)


def _by_name(entries: tuple[Entry, ...], said: str) -> Entry | None:
    """The one entry whose name shares the most words with what was said ("the shampoo")."""
    words = {_stem(word) for word in words_of(said) if word not in FILLERS and len(word) > 2}
    overlaps = [len(words & {_stem(w) for w in words_of(e.name)}) for e in entries]
    best = max(overlaps, default=0)
    if best == 0 or overlaps.count(best) > 1:
        return None
    return entries[overlaps.index(best)]


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _spoken_ordinal(text: str) -> int | None:
    """A bare answer like "the second one" or "number three" when the model gave no slot."""
    return parse_ordinal(text)


def _at(entries: tuple[Entry, ...], ordinal: int) -> Entry | None:
    if ordinal == -1:
        return entries[-1]
    return entries[ordinal - 1] if 1 <= ordinal <= len(entries) else None


def _narrowed(entries: tuple[Entry, ...], slots: Slots) -> list[Entry]:
    found = list(entries)
    if slots.product is not None:
        found = [e for e in found if slots.product.id in (e.product_id, e.id)]
    if slots.options:
        wanted = set(slots.options.values())
        found = [e for e in found if wanted <= set(e.options.values())]
    return found


def _by_price(entries: list[Entry], *, cheapest: bool) -> Entry | None:
    priced = [e for e in entries if e.price_cents is not None]
    if len(priced) < 2:
        return priced[0] if priced else None
    ranked = sorted(priced, key=lambda e: e.price_cents or 0, reverse=not cheapest)
    return ranked[0] if ranked[0].price_cents != ranked[1].price_cents else None
