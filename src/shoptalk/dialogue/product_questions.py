"""Questions about a product's own facts ("is it waterproof?"), answered from its data.

The product template already says price, options and stock; a question about anything else
("is this blender dishwasher safe?") goes to the optional LLM (`llm_product_answers`) with this
product's catalog data and nothing else. The answer stands only when the data bears it out;
otherwise the shopper hears that the details don't say.
"""

from typing import Any

from shoptalk.commerce.records import Product
from shoptalk.dialogue import phrasing
from shoptalk.dialogue.turn import Turn
from shoptalk.llm import answer_from_data
from shoptalk.search.text import terms, words

TEMPLATE_ANSWERS = frozenset(
    terms(
        words(
            """price prices cost costs expensive cheap stock available availability option
            options come comes color colors colour colours size sizes tell about describe
            more info information details first second third fourth fifth last how whats"""
        )
    )
)
"""What the product template answers, and words that only point at the product."""


def answer_about(turn: Turn, product: Product, described: str) -> str | None:
    """The reply to a question the template does not answer; None when the template is the
    answer (or the LLM is off or failed, so the template is all there is)."""
    services = turn.services
    if services.llm is None or not services.settings.llm_product_answers:
        return None
    if not _beyond_template(turn.text, product):
        return None
    answer = answer_from_data(services.llm, turn.text, product_data(product))
    if answer is None:
        return None
    if answer.text is None:
        return f"Sorry, I don't know: the details of the {product.name} don't say. {described}"
    return answer.text


def product_data(product: Product) -> dict[str, Any]:
    """What the catalog says of the product, as the LLM reads it: no ids, prices as said."""
    prices = [v.price for v in product.variants] or [product.price or 0]
    lowest, highest = phrasing.money(min(prices)), phrasing.money(max(prices))
    data: dict[str, Any] = {
        "name": product.name,
        "brand": product.brand,
        "type": product.type,
        "description": product.description,
        "tags": product.tags,
        "options": {
            name: [v.value for v in product.option_values(name)] for name in product.options
        },
        "price": lowest if lowest == highest else f"{lowest} to {highest}",
    }
    return {name: value for name, value in data.items() if value}


def _beyond_template(question: str, product: Product) -> bool:
    """The question has a meaningful word that is neither the product's nor the template's."""
    own = " ".join(
        [
            product.name,
            product.brand or "",
            product.type or "",
            *product.options,
            *(v.value for name in product.options for v in product.option_values(name)),
        ]
    )
    return bool(set(terms(words(question))) - set(terms(words(own))) - TEMPLATE_ANSWERS)
