"""Choosing from the list just read out: a product (offered for the cart), an order, a cart line."""

from typing import Any

from shoptalk.dialogue import phrasing
from shoptalk.dialogue.handlers.catalog import (
    ProductChoice,
    ProductSearch,
    card_of_product,
    describe,
    search_products,
)
from shoptalk.dialogue.handlers.common import read_as_own
from shoptalk.dialogue.handlers.orders import status_text
from shoptalk.dialogue.references import pick
from shoptalk.dialogue.registry import Outcome, handler
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.state import Entry, Listing, Task
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.normalize import words_of


@handler("select", "Choose an item from the list just read out, by position, option or price.")
def select(turn: Turn, request: ProductChoice) -> Outcome:
    listing = turn.conversation.listing
    if listing is None:
        return Reply(text="I haven't read out a list yet. What are you looking for?")
    entry = pick(listing, turn.slots, turn.text)
    if entry is None and listing.kind == "products" and turn.slots.options:
        return _by_options(turn, listing, request)
    if entry is None:
        return Reply(
            text=f"Which one? Say a number from 1 to {len(listing.entries)}.", expecting="choice"
        )
    if listing.kind == "orders":
        return _order(turn, entry)
    return _offer(turn, entry, request)


PLURAL = frozenset({"ones", "only", "just", "those", "these", "them"})


def _by_options(turn: Turn, listing: Listing, request: ProductChoice) -> Outcome:
    """ "The blue one" or "only the red ones": the one listed product that comes in those
    options (the one just described first) is offered; otherwise the search is narrowed."""
    wanted = turn.slots.options or {}
    fitting = [e for e in listing.entries if _comes_in(turn, e, wanted)]
    plural = bool(PLURAL & set(words_of(turn.text)))
    focus = turn.conversation.product
    in_focus = [e for e in fitting if focus is not None and e.product_id == focus.product_id]
    fitting = in_focus or fitting
    if len(fitting) == 1 and not plural:
        chosen = fitting[0].model_copy(update={"options": {**fitting[0].options, **wanted}})
        return _offer(turn, chosen, request)
    if not fitting and not plural:
        said = phrasing.option_words(wanted)
        return Reply(
            text=f"None of those come in {said}. Which one? Say a number from 1 to "
            f"{len(listing.entries)}.",
            expecting="choice",
        )
    return search_products.act(turn, ProductSearch())


def _comes_in(turn: Turn, entry: Entry, options: dict[str, str]) -> bool:
    product = turn.services.product(entry.product_id or entry.id)
    if product is None:
        return False
    options = read_as_own(product, options)
    if product.is_configurable:
        return all(
            name in product.options and value in {v.value for v in product.option_values(name)}
            for name, value in options.items()
        )
    return any(options.items() <= v.options.items() for v in product.variants)


def _order(turn: Turn, entry: Entry) -> Outcome:
    order = turn.services.order(turn.user_id, entry.id)
    if order is None:
        return Reply(text=f"I can't find order {entry.id} on your account.")
    turn.conversation.order_id = order.id
    return Reply(text=status_text(order), data=ReplyData(order=order))


def _offer(turn: Turn, entry: Entry, request: ProductChoice) -> Outcome:
    """Describe the chosen product and offer to add it; a yes runs `add_to_cart`."""
    product = turn.services.product(entry.product_id or entry.id)
    if product is None:
        return Reply(text="Sorry, that product is no longer in the catalog.")
    options = {**entry.options, **read_as_own(product, request.options or {})}
    turn.conversation.product = entry.model_copy(update={"options": options})
    wanted: dict[str, Any] = {"product_id": product.id, "options": options}
    turn.conversation.task = Task(intent="add_to_cart", request=wanted, asking="offer")
    text = f"{describe(product, options)} Shall I add it to your cart?"
    return Reply(text=text, data=ReplyData(products=[card_of_product(product)]), expecting="yes_no")
