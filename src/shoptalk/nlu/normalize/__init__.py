"""Normalisation: spoken words to values, before and after the understanding model.

`prepare` makes the text the model reads; the `parse_*` functions turn the words of a span
the model found into a slot value (None when the words are not one); `find_entities` finds
such spans without the model.
"""

from shoptalk.nlu.normalize.addresses import parse_address, parse_state, parse_zip
from shoptalk.nlu.normalize.emails import parse_email
from shoptalk.nlu.normalize.money import PriceRange, parse_amount, parse_price_range
from shoptalk.nlu.normalize.numbers import parse_digits, parse_number, parse_quantity
from shoptalk.nlu.normalize.order_ids import OrderIdFormat, parse_order_id
from shoptalk.nlu.normalize.ordinals import parse_ordinal
from shoptalk.nlu.normalize.spans import Entity, EntityKind, find_entities
from shoptalk.nlu.normalize.text import PreparedText, Token, prepare, words_of

__all__ = [
    "Entity",
    "EntityKind",
    "OrderIdFormat",
    "PreparedText",
    "PriceRange",
    "Token",
    "find_entities",
    "parse_address",
    "parse_amount",
    "parse_digits",
    "parse_email",
    "parse_number",
    "parse_order_id",
    "parse_ordinal",
    "parse_price_range",
    "parse_quantity",
    "parse_state",
    "parse_zip",
    "prepare",
    "words_of",
]
