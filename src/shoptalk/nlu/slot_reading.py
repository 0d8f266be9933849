"""From the model's spans to slot values: each span's words read by the normaliser of its kind,
products and options grounded in the catalog, the policy topic found from the whole sentence.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from shoptalk.nlu.grounding import CatalogIndex
from shoptalk.nlu.normalize import (
    Entity,
    PreparedText,
    find_entities,
    parse_address,
    parse_email,
    parse_order_id,
    parse_ordinal,
    parse_price_range,
    parse_quantity,
    parse_zip,
    words_of,
)
from shoptalk.nlu.spans import Span, bio_spans
from shoptalk.nlu.topics import TopicMatcher
from shoptalk.nlu.understanding import ProductMention, Slots, SpokenAddress

SORT_WORDS = (
    (("low to high", "lowest to highest", "lower to higher"), "price_asc"),
    (("high to low", "highest to lowest", "higher to lower"), "price_desc"),
    (("cheap", "low", "least expensive", "less expensive", "affordable", "budget"), "price_asc"),
    (("rated", "rating", "review", "best", "popular"), "rating"),
    (("new", "latest", "recent"), "newest"),
    (("expensive", "pricey", "priciest", "high"), "price_desc"),
)
"""Checked in order: "low to high" is a direction before "high" is expensive, "least
expensive" is cheap before it is expensive."""
SENTENCE_SORTS = (
    (("low to high", "cheaper", "cheapest", "less expensive", "least expensive"), "price_asc"),
    (("high to low", "most expensive", "priciest", "pricier"), "price_desc"),
    (("best rated", "top rated", "highest rated", "best reviewed"), "rating"),
    (("newest", "latest", "what's new"), "newest"),
)
"""Unmistakable sort words, looked for in a search's untagged words when the model tagged
no sort ("anything cheaper")."""
PAYMENT_WORDS = {"gift": "gift_card", "paypal": "paypal", "pal": "paypal"}
"""A payment mention names a gift card or PayPal by these words, else a card."""
OLD_VALUE_CUES = (("instead", "of"), ("rather", "than"), ("not",), ("from",), ("than",))
"""Words before a value that make it the one being replaced: "green instead of [blue]"."""
CANCEL_REASONS = (
    (("mistake", "accident", "didn't mean", "wrong", "twice"), "ordered by mistake"),
    (("changed my mind", "no longer", "don't need", "won't need", "don't want", "anymore"),
     "no longer needed"),
)  # fmt: skip
"""The two cancellation reasons the store knows, and words that say them."""
PRODUCT_INTENTS = ("product_info", "add_to_cart", "remove_from_cart")
NAMED_OPTION_INTENTS = (*PRODUCT_INTENTS, "select")
SPAN_INTENTS = {
    "reason": ("cancel_order", "return_items", "exchange_items"),
    "payment_method": (
        "checkout", "modify_order_items", "change_order_payment", "return_items",
        "exchange_items", "refund_status",
    ),
}  # fmt: skip
"""The intents that take a reason or a payment method at all."""
QUERY_LINKS = ("in", "with", "size", "in size")
"""Words between a query and an option that keep them one query ("jacket in navy")."""
PURPOSE_WORDS = frozenset({"for", "my", "a", "an", "the", "his", "her", "our", "their", "your"})
"""Words between two queries that make the second what the first is for: "[table lamps] for
my [bedroom]", "[phone case] for my [pulse 8]" search for the whole phrase."""
CART_INTENTS = ("add_to_cart", "remove_from_cart")
MAX_COUNT = 99
"""The most items one spoken number in a cart request is taken to mean."""
COUNT_CLOSERS = frozenset({"please", "more", "of", "them", "those", "these", "thanks", "too"})
COUNTED_LINKS = frozenset({"of", "the", "those", "these", "them", "more", "extra"})
"""Words between a count and the product or option span it counts: "one of the [cappuccinos]"."""
POSITION_INTENTS = ("select", "repeat", "product_info")
"""Intents where a position said anywhere is the one meant: "let's do option two", "what was
the second one again", "what's the third one made of"."""
CLOSERS = ("please", "thanks", "now")
NAME_JOINERS = ("and", "of", "with")
"""Words a name may be said with that it writes otherwise ("Hearth and Oak": "Hearth & Oak")."""
MAX_NAME_WORDS = 5
MAX_RUN_ON = 2
PAYMENT_INTENTS = ("checkout", "change_order_payment")
PAYING_CUES = ("with", "using", "use", "on", "to")
CARD_WORDS = ("card", "visa", "mastercard", "amex", "discover", "credit", "debit")
ADDRESS_INTENTS = ("change_order_address", "change_default_address", "checkout")


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
        spans = _for_intent(intent, _joined(bio_spans(tags)))
        if intent == "search_products":
            spans = _queries_joined(spans, text)
        if intent == "return_items":
            spans = [_whole_clause(s, text) if s.kind == "reason" else s for s in spans]
        for span in spans:
            if span.kind != "option":
                self._read(reading, span, text)
        self._read_options(reading, [s for s in spans if s.kind == "option"], text)
        if intent in PRODUCT_INTENTS and not reading.values.get("product") and not reading.options:
            self._product_by_name(reading, text, spans)
        if intent in PRODUCT_INTENTS:
            self._options_said_anywhere(reading, spans, text)
        if intent in NAMED_OPTION_INTENTS:
            self._options_said_with_name(reading, spans, text)
        if intent == "search_products" and "sort" not in reading.values:
            outside = [
                w for i, w in enumerate(text.words) if not any(s.start <= i < s.end for s in spans)
            ]
            said = _sort(" ".join(outside), SENTENCE_SORTS)
            if said is not None:
                reading.values["sort"] = said
        self._by_intent(intent, reading, text, spans)
        return reading

    def _read_options(self, reading: SlotReading, spans: list[Span], text: PreparedText) -> None:
        """Each option span grounded for the product named (or the whole catalog); a value
        said as the one being replaced ("black instead of white") loses to the new one. Option
        words said inside the product mention ("an oat milk latte") count too. A span that
        names no option but a product ("add an americano") is the product, and its options are
        then only that product's ("a flat white" has no colour)."""
        product = reading.values.get("product")
        product_id = product.id if product else None
        new: dict[str, str] = {}
        old: dict[str, str] = {}
        for span in spans:
            if product is None and not self._all_options(_words(span, text)):
                self._read(reading, Span("product", span.start, span.end), text)
                product = reading.values.get("product")
                product_id = product.id if product else None
            found = self.catalog.ground_options(_words(span, text), product_id, one_span=True)
            found |= self._widened(span, text, product_id)
            (old if _replaced(span, text) else new).update(found)
        if product is not None:
            inside = self.catalog.ground_options(_beside_name(product), product.id)
            reading.options |= inside
        reading.options |= old | new

    def _options_said_anywhere(
        self, reading: SlotReading, spans: list[Span], text: PreparedText
    ) -> None:
        """Values of the named product's own options said outside the model's spans, or more
        of an option span than it read ("a cold brew with oat", "spf fifty travel size", "size
        [twelve wide]"), word for word: outside the model's spans a slip ("mind" for "mild")
        is no evidence. An option already read keeps its value."""
        product = reading.values.get("product")
        if product is None:
            return
        others = [s for s in spans if s.kind != "option"]
        for mention in self.catalog.find_options(text.text, product.id):
            choice = mention.choice
            if choice is None or not choice.said_exactly or choice.name in reading.options:
                continue
            if not any(s.start < mention.end and mention.start < s.end for s in others):
                reading.options[choice.name] = choice.value

    def _options_said_with_name(
        self, reading: SlotReading, spans: list[Span], text: PreparedText
    ) -> None:
        """Options said with their name ("size 12", "waist thirty") that the model did not
        read: naming the option is evidence enough, with or without a product ("i'd like size
        12"). A count the model read inside one was its value ("size [10] in black")."""
        product = reading.values.get("product")
        for mention in self.catalog.find_options(text.text, product.id if product else None):
            choice = mention.choice
            if choice is None or not choice.said_exactly or choice.name in reading.options:
                continue
            if not mention.said.startswith(f"{choice.name} "):
                continue
            reading.options[choice.name] = choice.value
            counts = [s for s in spans if s.kind == "quantity" and s.start < mention.end]
            if any(mention.start < s.end for s in counts):
                reading.values.pop("quantity", None)

    def _widened(self, span: Span, text: PreparedText, product_id: str | None) -> dict[str, str]:
        """A longer value the span is part of, two words either side: "extra [large]" is XL."""
        start, end = max(0, span.start - 2), min(len(text.words), span.end + 2)
        wider = " ".join(text.words[start:end])
        for mention in self.catalog.find_options(wider, product_id):
            covers = mention.start <= span.start - start and mention.end >= span.end - start
            if covers and mention.end - mention.start > span.end - span.start and mention.choice:
                return {mention.choice.name: mention.choice.value}
        return {}

    def _product_by_name(self, reading: SlotReading, text: PreparedText, spans: list[Span]) -> None:
        """The product named after the last article or count ("how much is the latte", "take
        the pizza out", "add two lattes"), when the model tagged none: the longest run of words
        after it, up to `MAX_NAME_WORDS`, that one product's name holds every word of."""
        words = list(text.words)
        starts = [i + 1 for i, word in enumerate(words) if word in ("the", "a", "an")]
        starts += [span.end for span in spans if span.kind == "quantity" and span.end < len(words)]
        if not starts:
            return
        start = max(starts)
        said = words[start : start + MAX_NAME_WORDS]
        for end in range(len(said), 0, -1):
            product = self._named(said[:end])
            if product is not None:
                reading.values["product"] = product
                return

    def _named(self, said: list[str]) -> ProductMention | None:
        """The one product whose name holds every word of `said`."""
        if said[-1] in CLOSERS:
            return None
        product = self.catalog.ground_product(" ".join(said)).product
        name = product.name.lower() if product else ""
        named = [word for word in said if word not in NAME_JOINERS]
        if product and all(word in name or word.rstrip("s") in name for word in named):
            return product
        return None

    def _name_run_on(self, span: Span, text: PreparedText) -> ProductMention | None:
        """The product a mention names when read a word or two further: the model may end a
        name early ("[hearth and oak memory foam] pet bed" names two products, "... pet bed"
        one)."""
        for end in range(span.end + 1, min(len(text.words), span.end + MAX_RUN_ON) + 1):
            product = self._named(list(text.words[span.start : end]))
            if product is not None:
                return product
        return None

    def _names_an_option(self, text: PreparedText) -> bool:
        """Whether the sentence ends in an option said with its name ("waist thirty")."""
        return any(m.end == len(text.words) for m in self.catalog.find_options(text.text))

    def _all_options(self, words: str) -> bool:
        """Whether every word of a span is part of an option value the catalog knows."""
        mentions = self.catalog.find_options(words, None, one_span=True)
        return sum(len(m.said.split()) for m in mentions) >= len(words.split())

    def _by_intent(
        self, intent: str, reading: SlotReading, text: PreparedText, spans: list[Span]
    ) -> None:
        """Slots that depend on what the shopper is doing."""
        values = reading.values
        if intent == "store_policy":
            topic = self.topics.match(text.text)
            if topic is not None:
                values["topic"] = topic
        if intent == "cancel_order":
            said = values.pop("reason", "")
            reason = _cancel_reason(said) or _cancel_reason(text.text)
            if reason is not None:
                values["reason"] = reason
        if intent in CART_INTENTS and "quantity" not in values:
            count = _count_said(text, spans)
            if count is not None and not self._names_an_option(text):
                values["quantity"] = count
        if intent in POSITION_INTENTS and not values and not reading.options:
            ordinal = _position_said(text)
            if ordinal is not None:
                values["ordinal"] = ordinal
        if intent in PAYMENT_INTENTS and "payment_method" not in values:
            said = _payment_said(text)
            if said is not None:
                values["payment_method"] = said
        if intent in ADDRESS_INTENTS and "zip" in values:
            address = values.get("address") or SpokenAddress()
            if address.zip is None:
                values["address"] = address.model_copy(update={"zip": values.pop("zip")})
        if intent == "identify" and values.get("address") is not None:
            address = values.pop("address")
            if address.zip and "zip" not in values:
                values["zip"] = address.zip

    def _read(self, reading: SlotReading, span: Span, text: PreparedText) -> None:
        words = _words(span, text)
        if span.kind == "product":
            grounding = self.catalog.ground_product(text.said(span.start, span.end))
            product = grounding.product or self._name_run_on(span, text)
            if product is not None:
                reading.values["product"] = product
            reading.tied_products = () if product else grounding.tied
            return
        if span.kind == "payment_method" and _replaced(span, text):
            return
        if (
            span.kind == "payment_method"
            and span.start
            and text.words[span.start - 1] in PAYMENT_WORDS
        ):
            span = Span(span.kind, span.start - 1, span.end)
            words = _words(span, text)
        if span.kind in reading.values and span.kind in {"order_id", "payment_method"}:
            return
        if span.kind == "ordinal":
            words = _words(_covering_position(span, text), text)
        if span.kind == "email":
            words = _words(_spelled_from_the_start(span, text), text)
        if span.kind == "price" and span.start and text.words[span.start - 1] in NEGATIONS:
            words = f"{text.words[span.start - 1]} {words}"
        value = self._value(span.kind, words, text.said(span.start, span.end))
        if isinstance(value, dict):
            reading.values |= value
        elif value is not None:
            reading.values[span.kind] = value

    def _value(self, kind: str, words: str, said: str) -> Any:
        """The value of one span's words."""
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
                return _price(" ".join(w for w in words.split() if w != "like"))
            case "first_name" | "last_name":
                return said.strip(" ,.").title() or None
            case "reason":
                return words or None
            case "payment_method":
                return _payment_method(words)
            case "sort":
                return _sort(words)
            case "query":
                return " ".join(_without_article(words.split())) or None
        return None


def _words(span: Span, text: PreparedText) -> str:
    return " ".join(text.words[span.start : span.end])


def _price(words: str) -> dict[str, float] | None:
    price = parse_price_range(words)
    if price is None:
        return None
    bounds = {"price_min": price.min, "price_max": price.max}
    return {name: value for name, value in bounds.items() if value is not None}


JOINED_KINDS = ("option", "sort", "query", "reason", "address")
"""Kinds whose touching spans are one value: "[double] [x l]" is XXL, "[price low] [to high]"
is one direction."""


def _joined(spans: list[Span]) -> list[Span]:
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last and last.end == span.start and last.kind == span.kind in JOINED_KINDS:
            joined[-1] = Span(span.kind, joined[-1].start, span.end)
        else:
            joined.append(span)
    return joined


def _replaced(span: Span, text: PreparedText) -> bool:
    """Whether the words just before the span make it the value being replaced."""
    before = tuple(w for w in text.words[max(0, span.start - 3) : span.start] if w not in FILLERS)
    return any(before[-len(cue) :] == cue for cue in OLD_VALUE_CUES if len(before) >= len(cue))


FILLERS = ("the", "a", "an", "my", "that", "this")
NEGATIONS = ("nothing", "not", "no")
INTENSIFIERS = ("too", "so", "really", "just", "way")
COPULAS = ("is", "are", "was", "were", "it's")
SPELLED_SYMBOLS = ("dot", "underscore", "dash", "hyphen")
CLAUSE_TAIL = 2
"""Words a reason's clause may run on after the span the model found."""
"""Said before a price the model found: "nothing [over fifty]" is at most fifty."""


def _beside_name(product: ProductMention) -> str:
    """The words of a product mention that are not the product's name ("oat milk latte")."""
    name = product.name.lower()
    said = words_of(product.mention)
    return " ".join(w for w in said if len(w) > 1 and w not in name and w.rstrip("s") not in name)


def _payment_method(words: str) -> str:
    """The first payment named: "my credit card not paypal" is a card."""
    for word in words.split():
        if word in PAYMENT_WORDS:
            return PAYMENT_WORDS[word]
        if word in CARD_WORDS:
            return "credit_card"
    return "credit_card"


def _payment_said(text: PreparedText) -> str | None:
    """A payment method the sentence pays with ("pay with the card ending in..."), though the
    model tagged none; not one being replaced, nor one that merely "got cancelled"."""
    for position, word in enumerate(text.words):
        named = word in PAYMENT_WORDS or word in CARD_WORDS
        before = text.words[max(0, position - 3) : position]
        if named and any(cue in before for cue in PAYING_CUES):
            return _payment_method(word)
    return None


def _count_said(text: PreparedText, spans: list[Span]) -> int | None:
    """A count in a cart request that the model left untagged, said last ("sure, I'll take
    two", "add three more") or right before what is counted ("remove one of the cappuccinos",
    "just one small americano"). A number with other words after it names something ("the
    Pulse 8 case", "the twelve ounce one") and is not read here."""
    numbers = [e for e in _entities(text) if e.kind in ("number", "ordinal", "price")]
    if len(numbers) != 1 or numbers[0].kind != "number":
        return None
    value, end = numbers[0].value, numbers[0].end
    if not isinstance(value, int) or not 0 < value <= MAX_COUNT:
        return None
    if any(s.start < end and numbers[0].start < s.end for s in spans):
        return None
    if set(text.words[end:]) <= COUNT_CLOSERS:
        return value
    counted = next((s.start for s in spans if s.start >= end and s.kind != "quantity"), None)
    between = text.words[end:counted] if counted is not None else ("?",)
    return value if set(between) <= COUNTED_LINKS else None


@lru_cache(maxsize=8)
def _entities(text: PreparedText) -> tuple[Entity, ...]:
    """The sentence's entities, found once however many readings ask for them."""
    return find_entities(text)


def _covering_position(span: Span, text: PreparedText) -> Span:
    """The whole position a tagged part of it belongs to: "second to [last]"."""
    for entity in _entities(text):
        if entity.kind == "ordinal" and entity.start <= span.start and entity.end >= span.end:
            return Span(span.kind, entity.start, entity.end)
    return span


def _position_said(text: PreparedText) -> int | None:
    positions = [e.value for e in _entities(text) if e.kind == "ordinal"]
    return positions[0] if len(positions) == 1 and isinstance(positions[0], int) else None


def _spelled_from_the_start(span: Span, text: PreparedText) -> Span:
    """An address spelled letter by letter, from its first letter: the model may start it a
    letter or two late ("m i [a dot w i l s o n at example dot com]")."""
    start = span.start
    while start and _spelled(text.words[start]) and _spelled(text.words[start - 1]):
        start -= 1
    return Span(span.kind, start, span.end)


def _spelled(word: str) -> bool:
    return (len(word) == 1 and word.isalpha()) or word in SPELLED_SYMBOLS


def _whole_clause(span: Span, text: PreparedText) -> Span:
    """A reason said as a clause, whole: from its start ("..., [my dog] won't eat it", "are
    [too] small") to its end when that is a word or two on ("[this isn't what i] ordered,",
    "[wrong shade] for me"); a leading "is" belongs to the sentence ("it [is broken]")."""
    start = span.start
    while start and text.words[start - 1] in INTENSIFIERS:
        start -= 1
    for begin in range(start - 1, max(0, start - 4), -1):
        if _comma_before(begin, text):
            start = begin
            break
    while start < span.end - 1 and text.words[start] in COPULAS:
        start += 1
    return Span(span.kind, start, _clause_end(span.end, text))


def _clause_end(end: int, text: PreparedText) -> int:
    for after in range(end, min(len(text.words), end + CLAUSE_TAIL) + 1):
        if after == len(text.words) or _comma_before(after, text):
            return after
    return end


def _comma_before(index: int, text: PreparedText) -> bool:
    """Whether a comma stands between word `index - 1` and word `index`."""
    return "," in text.original[text.tokens[index - 1].end : text.tokens[index].start]


def _without_article(words: list[str]) -> list[str]:
    return words[1:] if len(words) > 1 and words[0] in ("a", "an", "some") else words


def _for_intent(intent: str, spans: list[Span]) -> list[Span]:
    """Spans as the intent can use them: a reason or a payment method only where one is
    asked for ("a sheet set, nothing [scratchy]" is no reason), a query in a request about one
    product names the product ("add a [mocha]")."""
    kept = [s for s in spans if intent in SPAN_INTENTS.get(s.kind, (intent,))]
    if intent not in PRODUCT_INTENTS:
        return kept
    return [Span("product", s.start, s.end) if s.kind == "query" else s for s in kept]


def _queries_joined(spans: list[Span], text: PreparedText) -> list[Span]:
    """In a search, a query and the options or product said against it are one query: "[sandals
    in size] [nine]", "[rain jacket] in [navy]" search for what was said; so is a query and
    the purpose said after it ("[shampoo] for [oily hair]")."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        between = text.words[last.end : span.start] if last else ()
        kinds = {span.kind, last.kind} if last else set()
        links = PURPOSE_WORDS if kinds == {"query"} and "for" in between else QUERY_LINKS
        touching = last is not None and all(word in links for word in between)
        if last and touching and "query" in kinds and kinds <= {"query", "option", "product"}:
            joined[-1] = Span("query", last.start, span.end)
        else:
            joined.append(span)
    return joined


def _cancel_reason(words: str) -> str | None:
    for cues, reason in CANCEL_REASONS:
        if any(cue in words for cue in cues):
            return reason
    return None


def _sort(words: str, cues_by_order: tuple[tuple[tuple[str, ...], str], ...] = ()) -> str | None:
    for cues, order in cues_by_order or SORT_WORDS:
        if any(cue in words for cue in cues):
            return order
    return None
