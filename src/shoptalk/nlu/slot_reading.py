"""From the model's spans to slot values: each span's words read by the normaliser of its kind,
products and options grounded in the catalog, the policy topic found from the whole sentence.
"""

from dataclasses import dataclass, field
from typing import Any

from shoptalk.nlu.grounding import CatalogIndex
from shoptalk.nlu.normalize import (
    PreparedText,
    parse_address,
    parse_email,
    parse_order_id,
    parse_ordinal,
    parse_price_range,
    parse_quantity,
    parse_zip,
)
from shoptalk.nlu.spans import Span, bio_spans
from shoptalk.nlu.topics import TopicMatcher
from shoptalk.nlu.understanding import ProductMention, Slots

SORT_WORDS = (
    (("cheap", "low", "least expensive", "less expensive", "affordable", "budget"), "price_asc"),
    (("rated", "rating", "review", "best", "popular"), "rating"),
    (("new", "latest", "recent"), "newest"),
    (("expensive", "pricey", "priciest", "high"), "price_desc"),
)
"""Checked in order: "least expensive" is cheap before it is expensive."""
PAYMENT_WORDS = (("gift", "gift_card"), ("paypal", "paypal"), ("pay pal", "paypal"))


@dataclass
class SlotReading:
    """Slot values read so far, and products a mention named equally well."""

    values: dict[str, Any] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    tied_products: tuple[ProductMention, ...] = ()

    def slots(self) -> Slots:
        values = self.values | ({"options": self.options} if self.options else {})
        return Slots.model_validate(values)


class SlotReader:
    def __init__(self, catalog: CatalogIndex, topics: TopicMatcher) -> None:
        self.catalog = catalog
        self.topics = topics

    def read(self, intent: str, text: PreparedText, tags: list[str]) -> SlotReading:
        reading = SlotReading()
        spans = bio_spans(tags)
        for span in spans:
            if span.kind != "option":
                self._read(reading, span, text)
        product = reading.values.get("product")
        for span in (s for s in spans if s.kind == "option"):
            words = _words(span, text)
            product_id = product.id if product else None
            reading.options |= self.catalog.ground_options(words, product_id, one_span=True)
        if intent == "store_policy":
            topic = self.topics.match(text.text)
            if topic is not None:
                reading.values["topic"] = topic
        return reading

    def _read(self, reading: SlotReading, span: Span, text: PreparedText) -> None:
        words = _words(span, text)
        if span.kind == "product":
            grounding = self.catalog.ground_product(text.said(span.start, span.end))
            if grounding.product is not None:
                reading.values["product"] = grounding.product
            reading.tied_products = grounding.tied
            return
        value = self._value(span.kind, words, text.said(span.start, span.end))
        if isinstance(value, dict):
            reading.values |= value
        elif value is not None:
            reading.values[span.kind] = value

    def _value(self, kind: str, words: str, said: str) -> Any:
        match kind:
            case "quantity":
                return parse_quantity(words)
            case "order_id":
                return parse_order_id(words, self.catalog.order_ids)
            case "email":
                return parse_email(words)
            case "zip":
                return parse_zip(words)
            case "address":
                return parse_address(words)
            case "ordinal":
                return parse_ordinal(words)
            case "price":
                return _price(words)
            case "first_name" | "last_name":
                return said.strip(" ,.").title() or None
            case "reason":
                return _reason(words)
            case "payment_method":
                return next((kind for word, kind in PAYMENT_WORDS if word in words), "credit_card")
            case "sort":
                return _sort(words)
            case "query":
                return words or None
        return None


def _words(span: Span, text: PreparedText) -> str:
    return " ".join(text.words[span.start : span.end])


def _price(words: str) -> dict[str, float] | None:
    price = parse_price_range(words)
    if price is None:
        return None
    bounds = {"price_min": price.min, "price_max": price.max}
    return {name: value for name, value in bounds.items() if value is not None}


def _reason(words: str) -> str:
    """The two cancellation reasons the store knows, else the words as said."""
    if "mistake" in words or "accident" in words or "wrong" in words:
        return "ordered by mistake"
    if "need" in words or "want" in words or "changed my mind" in words:
        return "no longer needed"
    return words


def _sort(words: str) -> str | None:
    for cues, order in SORT_WORDS:
        if any(cue in words for cue in cues):
            return order
    return None
