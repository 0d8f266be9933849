"""A second reading when the parser is unsure: the optional LLM chooses one request.

The LLM's tools are the dialogue handlers' own declarations (`HANDLERS`): each handler's request
fields that a shopper can say (the understanding's slots), a product by the name said rather
than by id. The LLM decides which request and which details; the values must be borne out by
the shopper's words, read by the same normalisers and catalog grounding the parser uses. One
value that is not (a product the shopper never named, an order id never said, an option the
product lacks) drops the whole call: a model that invents one detail has not read the words.
What passes is a `Guess`, acted on like a parsed understanding.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import ValidationError

from shoptalk.dialogue.readers import method_words
from shoptalk.dialogue.registry import HANDLERS, Handler
from shoptalk.dialogue.services import Services
from shoptalk.llm import Tool, ToolCall, choose_tool
from shoptalk.nlu.normalize import Entity, find_entities, parse_order_id, words_of
from shoptalk.nlu.understanding import Alternative, Slots, Understanding
from shoptalk.search.text import is_number, number_text, terms, words

NEVER_GUESSED = ("affirm",)
"""The LLM never says yes on the shopper's behalf."""
EVIDENCE = frozenset(
    {"product", "options", "order_id", "query", "reason", "email", "first_name", "last_name"}
    | {"zip", "address", "topic"}
)
"""Details that show what the shopper spoke of. A tool that takes details is only acted on
with at least one of these borne out: a bare number, sort order or payment kind is not enough
("what's fifteen percent of eighty" is no cart change of quantity 15)."""
NAMED_PRODUCT = {"type": "string", "description": "the product, as the shopper named it"}

EXAMPLES: tuple[tuple[str, ToolCall], ...] = tuple(
    (said, ToolCall(tool, arguments))
    for said, tool, arguments in (
        ("do you sell yoga mats", "search_products", {"query": "yoga mats"}),
        ("what's the weather tomorrow", "out_of_scope", {}),
        ("does the Voltline speaker float", "product_info", {"product": "Voltline speaker"}),
        ("put two Zephyr kettles in my cart", "add_to_cart",
         {"product": "Zephyr kettles", "quantity": 2}),
        ("tell me a story", "out_of_scope", {}),
        ("where's my package, order W1234", "order_status", {"order_id": "#W1234"}),
        ("get rid of the mug in my cart", "remove_from_cart", {"product": "mug"}),
        ("what's your shipping policy", "store_policy", {"topic": "shipping"}),
        ("book me a taxi to the station", "out_of_scope", {}),
        ("I'd like to send back order W1500", "return_items", {"order_id": "#W1500"}),
        ("any backpacks under forty bucks", "search_products",
         {"query": "backpacks", "price_max": 40}),
        ("can I speak to a real person", "human_agent", {}),
        ("turn on the living room lights", "out_of_scope", {}),
    )
)  # fmt: skip
"""Worked examples for small models; none is a sentence of the held-out test set."""


class Guess(Understanding):
    """An understanding the LLM chose because the parser was unsure. It is acted on like a
    parsed one, except that a change the store makes at once (a cart change) is read back
    first. Its confidence is the parser's for the chosen intent; the parser's own reading is
    the first alternative."""


@cache
def tools() -> tuple[Tool, ...]:
    return tuple(_tool(h) for h in HANDLERS.values() if h.intent not in NEVER_GUESSED)


def _tool(handler: Handler[Any]) -> Tool:
    """The handler's declaration with the request fields a shopper can say."""
    said: dict[str, Any] = {}
    for name, schema in handler.tool_schema()["parameters"].get("properties", {}).items():
        if name == "product_id":
            said["product"] = NAMED_PRODUCT
        elif name in Slots.model_fields:
            said[name] = schema
    return Tool(handler.intent, handler.description, {"type": "object", "properties": said})


def guess(services: Services, parsed: Understanding) -> Guess | None:
    """The LLM's checked reading of the words the parser was unsure of; None when the LLM is
    off, failed, found nothing to do, or chose details the words do not bear out."""
    if services.llm is None:
        return None
    call = choose_tool(services.llm, parsed.text, tools(), EXAMPLES)
    if call is None or call.name == "out_of_scope":
        return None
    slots = grounded(services, parsed.text, call.arguments)
    if slots is None or (_takes_details(call.name) and not EVIDENCE & slots.model_fields_set):
        return None
    believed = {str(a.intent): a.confidence for a in parsed.alternatives if a.slots is None}
    return Guess(
        text=parsed.text,
        intent=call.name,
        confidence=believed.get(call.name, 0.0),
        slots=slots,
        alternatives=[Alternative(intent=parsed.intent, confidence=parsed.confidence)],
    )


def _takes_details(tool: str) -> bool:
    return any(offered.parameters["properties"] for offered in tools() if offered.name == tool)


@dataclass(frozen=True)
class Heard:
    """What the shopper's words can bear out: their meaningful terms, numbers and entities."""

    text: str
    words: frozenset[str]
    terms: frozenset[str]
    numbers: frozenset[str]
    entities: tuple[Entity, ...]

    @classmethod
    def of(cls, said: str, services: Services) -> "Heard":
        said_words = words(said)
        return cls(
            text=said,
            words=frozenset(said_words),
            terms=frozenset(terms(said_words)),
            numbers=frozenset(w for w in said_words if is_number(w)),
            entities=find_entities(said, services.order_ids),
        )

    def says(self, text: str) -> bool:
        """Every meaningful word of `text` was said (stemmed); names count as words."""
        said = words(text)
        return bool(said) and set(terms(said) or said) <= (self.terms | self.words)

    def found(self, kind: str) -> list[Any]:
        return [entity.value for entity in self.entities if entity.kind == kind]


Reading = Callable[[Services, Heard, Any, dict[str, Any]], dict[str, Any] | None]


def grounded(services: Services, said: str, arguments: dict[str, Any]) -> Slots | None:
    """The call's arguments as slots the words and the catalog bear out, or None. The product
    is read first: the options are that product's."""
    heard = Heard.of(said, services)
    slots: dict[str, Any] = {}
    for name in sorted(arguments, key=lambda n: n != "product"):
        value = arguments[name]
        if value in (None, "", {}, []):
            continue
        read = READINGS.get(name)
        reading = read(services, heard, value, slots) if read else None
        if reading is None:
            return None
        slots |= reading
    try:
        return Slots.model_validate(slots)
    except ValidationError:
        return None


def _product(services: Services, heard: Heard, value: Any, _: dict[str, Any]) -> Any:
    """A product the shopper named; when the name fits several products, none (the handler
    asks which)."""
    if not heard.says(value):
        return None
    product = services.catalog.ground_product(value).product
    return {} if product is None else {"product": product}


def _options(services: Services, heard: Heard, value: Any, slots: dict[str, Any]) -> Any:
    """Option values read from the words by the catalog, for the options the LLM named."""
    product = slots.get("product")
    found = services.catalog.ground_options(heard.text, product.id if product else None)
    if not set(value) <= set(found):
        return None
    return {"options": {name: found[name] for name in value}}


def _number(name: str) -> Reading:
    def read(_services: Services, heard: Heard, value: Any, _: dict[str, Any]) -> Any:
        return {name: value} if number_text(float(value)) in heard.numbers else None

    return read


def _entity(name: str, kind: str) -> Reading:
    def read(services: Services, heard: Heard, value: Any, _: dict[str, Any]) -> Any:
        wanted = str(value).lower() if kind == "email" else value
        if kind == "order_id":
            wanted = parse_order_id(str(value), services.order_ids)
        return {name: wanted} if wanted in heard.found(kind) else None

    return read


def _topic(services: Services, _heard: Heard, value: Any, _: dict[str, Any]) -> Any:
    return {"topic": value} if value in services.policies.topics else None


def _sort(_services: Services, _heard: Heard, value: Any, _: dict[str, Any]) -> Any:
    """A sort order, from the closed list the schema already held it to."""
    return {"sort": value}


def _words_of(name: str) -> Reading:
    def read(_services: Services, heard: Heard, value: Any, _: dict[str, Any]) -> Any:
        return {name: value} if isinstance(value, str) and heard.says(value) else None

    return read


def _address(_services: Services, heard: Heard, value: Any, _: dict[str, Any]) -> Any:
    """Every part of the address said (the slot's own checks hold state and zip to form)."""
    parts = [part for part in value.values() if isinstance(part, str)]
    return {"address": value} if parts and all(heard.says(part) for part in parts) else None


def _payment(_services: Services, heard: Heard, value: Any, _: dict[str, Any]) -> Any:
    """The kind of payment the words name ("my amex" is a credit card)."""
    said = method_words(" ".join(words_of(heard.text))).get("payment_method")
    return {"payment_method": value} if value == said else None


READINGS: dict[str, Reading] = {
    "product": _product,
    "options": _options,
    "quantity": _number("quantity"),
    "price_min": _number("price_min"),
    "price_max": _number("price_max"),
    "order_id": _entity("order_id", "order_id"),
    "email": _entity("email", "email"),
    "zip": _entity("zip", "zip"),
    "ordinal": _entity("ordinal", "ordinal"),
    "topic": _topic,
    "sort": _sort,
    "payment_method": _payment,
    "query": _words_of("query"),
    "reason": _words_of("reason"),
    "first_name": _words_of("first_name"),
    "last_name": _words_of("last_name"),
    "address": _address,
}
"""How each slot the LLM may fill is borne out; a slot missing here is refused."""
