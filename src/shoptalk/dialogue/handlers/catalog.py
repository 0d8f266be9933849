"""Finding products: search and refine, describe one, choose one from the list."""

from shoptalk.commerce.records import Product
from shoptalk.dialogue import phrasing
from shoptalk.dialogue.handlers.common import read_as_own
from shoptalk.dialogue.product_questions import answer_about
from shoptalk.dialogue.references import pick
from shoptalk.dialogue.registry import Ask, Outcome, Request, handler
from shoptalk.dialogue.reply import ProductCard, Reply, ReplyData
from shoptalk.dialogue.state import Entry, Listing
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.normalize import find_entities
from shoptalk.nlu.understanding import Slots, SortOrder
from shoptalk.search import SearchHit, SearchRequest, SearchResult, search

RESULTS = 10
REFINING = ("options", "price_min", "price_max", "sort")


class ProductSearch(Request):
    query: str | None = None
    product_id: str | None = None
    options: dict[str, str] | None = None
    price_min: float | None = None
    price_max: float | None = None
    sort: SortOrder | None = None


class ProductChoice(Request):
    product_id: str | None = None
    options: dict[str, str] | None = None
    ordinal: int | None = None
    sort: SortOrder | None = None


@handler("search_products", "Search the catalog by words, options, price range and sort order.")
def search_products(turn: Turn, request: ProductSearch) -> Outcome:
    wanted = _refined(turn, request)
    result = search(turn.services.search, wanted)
    turn.conversation.last_search = wanted.model_dump(exclude_defaults=True)
    if not result.hits:
        return Reply(text=f"Sorry, I couldn't find anything for {wanted.text or 'that'}.")
    asked = {choice for said in result.constraints.options for choice in said.choices}
    entries = tuple(_entry(hit, asked) for hit in result.hits)
    turn.conversation.listing = Listing(kind="products", entries=entries)
    turn.conversation.product = entries[0] if len(entries) == 1 else None
    cards = [card(hit) for hit in result.hits]
    return Reply(text=_found(result), data=ReplyData(products=cards), expecting="choice")


def _refined(turn: Turn, request: ProductSearch) -> SearchRequest:
    """A new search, or — when only constraints were said ("only the red ones", "under $30")
    — the last search narrowed by them."""
    fresh = SearchRequest.from_slots(turn.slots, text=turn.text, limit=RESULTS)
    last = turn.conversation.last_search
    if request.query or request.product_id or last is None:
        return fresh
    said = fresh.model_dump(include=set(REFINING), exclude_defaults=True)
    options = {**last.get("options", {}), **said.pop("options", {})}
    return SearchRequest.model_validate({**last, **said, "options": options, "parse": True})


def _entry(hit: SearchHit, asked: set[tuple[str, str]]) -> Entry:
    """The hit as a list entry, keeping only the options the shopper asked for: the variant
    the search showed is an example, not a choice the shopper made."""
    return Entry(
        id=hit.product_id,
        name=hit.name,
        product_id=hit.product_id,
        variant_id=hit.variant_id,
        options={name: value for name, value in hit.options.items() if (name, value) in asked},
        price_cents=hit.price_cents,
    )


def card(hit: SearchHit) -> ProductCard:
    return ProductCard(
        product_id=hit.product_id,
        variant_id=hit.variant_id,
        name=hit.name,
        options=hit.options,
        price=hit.price,
        available=hit.available,
        image_url=hit.image_url,
    )


def _found(result: SearchResult) -> str:
    said = [_said(hit) for hit in result.hits]
    lead = f"I found {len(said)}" if len(said) > 1 else "I found one"
    if result.relaxed:
        lead = f"Nothing matched {' and '.join(result.relaxed)}, but {lead[2:]}"
    return f"{lead}: {phrasing.spoken_list(said)}."


def _said(hit: SearchHit) -> str:
    name = phrasing.item_name(hit.name, hit.options)
    return f"{name} at {phrasing.money(hit.price_cents)}" if hit.price_cents else name


@handler(
    "product_info",
    "Describe a product: price, options, availability; or answer a question about it.",
)
def product_info(turn: Turn, request: ProductChoice) -> Outcome:
    entry = _chosen(turn, request)
    if entry is None:
        return Ask(field="product_id", reply=Reply(text="Which product do you mean?"))
    product = turn.services.product(entry.product_id or entry.id)
    if product is None:
        return Reply(text="Sorry, that product is no longer in the catalog.")
    options = {**entry.options, **read_as_own(product, request.options or {})}
    turn.conversation.product = entry.model_copy(update={"options": options})
    described = describe(product, options)
    return Reply(
        text=answer_about(turn, product, described) or described,
        data=ReplyData(products=[card_of_product(product)]),
    )


def _chosen(turn: Turn, request: ProductChoice) -> Entry | None:
    if request.product_id is not None:
        return Entry(id=request.product_id, name="", product_id=request.product_id)
    listing = turn.conversation.listing
    return pick(listing, _with_ordinal(turn), turn.text) or turn.conversation.product


def _with_ordinal(turn: Turn) -> Slots:
    """The slots, with the position said inside a longer question ("tell me about the second
    one") when the model found none."""
    if turn.slots.ordinal is not None:
        return turn.slots
    said = [e.value for e in find_entities(turn.text) if e.kind == "ordinal"]
    if len(said) != 1 or not isinstance(said[0], int):
        return turn.slots
    return turn.slots.model_copy(update={"ordinal": said[0]})


def describe(product: Product, options: dict[str, str]) -> str:
    """Price and choices of a product, or of the variant the options pick: one sentence."""
    unsold = not_for_sale(product)
    if unsold is not None:
        return unsold
    variants = [v for v in product.variants if options.items() <= v.options.items()]
    name = phrasing.item_name(product.name, options)
    if product.is_configurable:
        return f"{name} is {phrasing.money(product.price or 0)}, made to order. {_choices(product)}"
    if not variants:
        return (
            f"{product.name} doesn't come in {phrasing.option_words(options)}. {_choices(product)}"
        )
    prices = sorted({v.price for v in variants})
    price = phrasing.money(prices[0])
    if len(prices) > 1:
        price = f"from {price} to {phrasing.money(prices[-1])}"
    stocked = any(v.in_stock for v in variants)
    stock = "in stock" if stocked else "out of stock"
    more = "" if len(variants) == 1 else f" {_choices(product)}"
    return f"{name} is {price}, {stock}.{more}"


def not_for_sale(product: Product) -> str | None:
    """Why a product cannot be ordered, said to the shopper; None when it can. A catalog may
    list a product with only its name, or with a price but nothing to buy at it (no variant,
    no options to make it to order: docs/design.md §5)."""
    if product.variants or (product.options and product.price is not None):
        return None
    if product.price is None:
        return f"{product.name} has no price listed, so it can't be ordered here."
    return (
        f"{product.name} is listed at {phrasing.money(product.price)}, but can't be ordered here."
    )


def _choices(product: Product) -> str:
    named = [
        f"{name}: {phrasing.spoken_list(_values(product, name), joiner='or')}"
        for name in product.options
        if len(product.options[name]) > 1
    ]
    return f"It comes in {'; '.join(named)}." if named else ""


def _values(product: Product, name: str) -> list[str]:
    return [value.value for value in product.option_values(name)]


def card_of_product(product: Product) -> ProductCard:
    prices = [v.price for v in product.variants] or [p for p in [product.price] if p is not None]
    only = product.variants[0] if len(product.variants) == 1 else None
    return ProductCard(
        product_id=product.id,
        variant_id=only.id if only else None,
        name=product.name,
        image_url=(only.image_url if only else None) or product.image_url,
        price=min(prices) / 100 if prices else None,
        available=(
            any(v.available for v in product.variants)
            if product.variants
            else not_for_sale(product) is None
        ),
    )
