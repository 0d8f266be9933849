"""Reading a shopper's words: what to look for, and the constraints said along the way.

"do you have red running shoes under fifty dollars" becomes the text "red running shoes", a
price ceiling of $50, the color constraint red and a hint that running shoes are meant. Prices,
sort orders and "in stock" come from a few fixed phrasings; brands, product types, option
names and values come from the catalog's own vocabulary, so nothing here knows what a
particular store sells.

A value is a constraint only where it can be one: with a product type in the query, "leather"
in "leather office chair" names no option office chairs have, so it stays a plain word, and
"red" in "red water bottle" (a color bottles have, but not in red) becomes a note instead of
a filter that would only leave red things that are not bottles.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from shoptalk.search.measures import measure_terms
from shoptalk.search.request import Constraints, OptionConstraint, SearchRequest, SortOrder
from shoptalk.search.spelling import Speller
from shoptalk.search.text import STOPWORDS, is_number, keys, terms
from shoptalk.search.text import words as normalised_words
from shoptalk.search.vocabulary import Vocabulary, phrase_key

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 40
PURPOSE_WORDS = frozenset({"for"})
PURPOSE_WEIGHT = 0.4
"""How much the words of a purpose ("screws *for composite decking*") count against the
words naming the product: they say what it is used with, not what it is."""
LONGEST_PHRASE = 5

CURRENCY = frozenset({"dollar", "dollars", "buck", "bucks", "usd", "euro", "euros", "eur"})
NOT_MONEY = frozenset(
    {"inch", "oz", "lb", "ft", "gb", "tb", "mm", "l", "piece", "count", "v", "pack", "bags",
     "person", "cup", "watt", "percent", "year", "years", "month", "months", "age", "ages"}
)  # fmt: skip
AROUND_SHARE = 0.2
"""\"around 50 dollars\" is 40 to 60."""

UPPER = [p.split() for p in (
    "under", "below", "less than", "cheaper than", "lower than", "no more than",
    "not more than", "at most", "up to", "max", "maximum", "within", "beneath", "not over",
)]  # fmt: skip
LOWER = [p.split() for p in (
    "over", "above", "more than", "at least", "minimum", "min", "upwards of", "higher than",
    "starting at", "from",
)]  # fmt: skip
AROUND = [p.split() for p in ("around", "about", "roughly", "approximately", "near", "close to")]
UPPER_AFTER = [p.split() for p in ("or less", "or under", "or cheaper", "or below", "tops")]
LOWER_AFTER = [p.split() for p in ("or more", "and up", "and over", "or above", "plus")]
RANGE_JOINS = frozenset({"to", "and"})

SORTS: dict[str, SortOrder] = {
    "cheapest": "price_asc", "cheap": "price_asc", "least expensive": "price_asc",
    "lowest price": "price_asc", "lowest priced": "price_asc", "low to high": "price_asc",
    "inexpensive": "price_asc", "affordable": "price_asc", "most affordable": "price_asc",
    "budget": "price_asc", "by price": "price_asc",
    "most expensive": "price_desc", "priciest": "price_desc", "highest price": "price_desc",
    "highest priced": "price_desc", "high to low": "price_desc", "top of the line": "price_desc",
    "best rated": "rating", "top rated": "rating", "highest rated": "rating",
    "best reviewed": "rating",
    "newest": "newest", "latest": "newest", "most recent": "newest", "new arrivals": "newest",
    "just arrived": "newest",
}  # fmt: skip
IN_STOCK = ("in stock", "available now", "available", "ready to ship")

GRAMMAR_WORDS = (
    frozenset(
        word
        for phrases in (UPPER, LOWER, AROUND, UPPER_AFTER, LOWER_AFTER)
        for phrase in phrases
        for word in phrase
    )
    | frozenset(w for phrase in (*SORTS, *IN_STOCK) for w in phrase.split())
    | CURRENCY
)
"""Words this module reads itself: spelling repair must leave them alone."""


@dataclass(frozen=True)
class Query:
    """A request read against the catalog."""

    text: str
    """The words to match on meaning: prices, sort words and fillers taken out."""
    terms: dict[str, float]
    """Lexical terms and their weights."""
    constraints: Constraints
    """Constraints given explicitly or said unambiguously (price, brand, stock)."""
    said_options: tuple[OptionConstraint, ...] = ()
    """Option values read from the words, before `scoped` decides which are meant."""
    option_terms: frozenset[str] = frozenset()
    """The lexical terms of those option words."""
    sizes: tuple[str, ...] = ()
    """The sizes the product is named with, as measure terms (`0.75inch`, `2x4`)."""
    type_hints: tuple[str, ...] = ()
    """Product types the words name: they rank first, but others are not excluded."""
    head_types: tuple[str, ...] = ()
    """Types named by a last word only ("boots"): enough to read options, not to rank."""
    sort: SortOrder | None = None
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return (
            not self.text
            and not self.terms
            and self.constraints.empty
            and not self.said_options
            and not self.sort
        )

    def scoped(self, types: list[str], vocabulary: Vocabulary) -> "Scoped":
        """The constraints with the said options that products of `types` can meet (all of
        them when `types` is empty)."""
        if not self.said_options:
            return Scoped(self.constraints, [], {})
        kept, unmet, plain = _scope_options(list(self.said_options), types, vocabulary)
        return Scoped(
            self.constraints.model_copy(update={"options": tuple(kept)}),
            unmet,
            {term: 1.0 for said in plain for term in terms(normalised_words(said))},
        )


@dataclass(frozen=True)
class Scoped:
    """A query's constraints once it is known which product types it is about."""

    constraints: Constraints
    unmet: list[str]
    """Options said that the product types meant never come in ("red" water bottle)."""
    words: dict[str, float]
    """Lexical terms of option words that turned out to be plain words ("leather" chair)."""


@dataclass
class _Reading:
    """The words of a query, and what has been understood from them so far."""

    said: list[str]
    used: list[bool]
    price_min: float | None = None
    price_max: float | None = None
    sort: SortOrder | None = None
    in_stock: bool = False
    brand: str | None = None
    types: list[str] = field(default_factory=list)
    head_types: list[str] = field(default_factory=list)
    options: list[OptionConstraint] = field(default_factory=list)
    descriptive: set[int] = field(default_factory=set)
    """Words kept for matching even though understood (brands, types, option values)."""
    option_words: list[int] = field(default_factory=list)

    def free(self, start: int, length: int) -> bool:
        end = start + length
        return end <= len(self.said) and not any(self.used[start:end])

    def take(self, start: int, length: int, *, keep: bool = False) -> None:
        for i in range(start, start + length):
            self.used[i] = True
            if keep:
                self.descriptive.add(i)

    def at(self, i: int) -> str:
        return self.said[i] if 0 <= i < len(self.said) else ""

    def matches(self, start: int, phrase: list[str]) -> bool:
        return self.free(start, len(phrase)) and self.said[start : start + len(phrase)] == phrase


def interpret(request: SearchRequest, vocabulary: Vocabulary, speller: Speller) -> Query:
    """The query a request asks: its words read with the catalog's vocabulary, then the
    request's explicit constraints laid over what the words said."""
    text = request.text[:MAX_QUERY_CHARS]
    said, purpose = _split_purpose(speller.repair(normalised_words(text)[:MAX_QUERY_WORDS]))
    reading = _Reading(said, [False] * len(said))
    if request.parse:
        _read_prices(reading)
        _read_phrases(reading, SORTS.keys(), lambda phrase: _set_sort(reading, SORTS[phrase]))
        _read_phrases(reading, IN_STOCK, lambda _: _set_in_stock(reading))
        _read_catalog_phrases(reading, vocabulary)
    notes = (
        [f"only the first {MAX_QUERY_CHARS} characters were read"]
        if len(request.text) > MAX_QUERY_CHARS
        else []
    )
    return _query(request, reading, vocabulary, notes, purpose)


def _split_purpose(said: list[str]) -> tuple[list[str], list[str]]:
    """The words naming the product, and those of the purpose after "for" ("bulbs | a
    chandelier"). Brands, types and options said in a purpose are what the product goes
    with ("charger for a dewalt drill"), so only the head is read for constraints. A "for"
    opening a price ("for under 50") or with no product named before it is not a purpose."""
    for i, word in enumerate(said):
        if word not in PURPOSE_WORDS:
            continue
        head, rest = said[:i], said[i + 1 :]
        named = any(w not in STOPWORDS and not is_number(w) for w in head)
        priced = bool(rest) and (is_number(rest[0]) or rest[0] in GRAMMAR_WORDS)
        if named and rest and not priced:
            return head, rest
        return said, []
    return said, []


def _set_sort(reading: _Reading, sort: SortOrder) -> None:
    reading.sort = reading.sort or sort


def _set_in_stock(reading: _Reading) -> None:
    reading.in_stock = True


def _read_phrases(reading: _Reading, phrases: Iterable[str], found: Callable[[str], None]) -> None:
    """Consume each occurrence of any of `phrases` (longest first), calling `found`."""
    ordered = sorted((p.split() for p in phrases), key=len, reverse=True)
    for start in range(len(reading.said)):
        for phrase in ordered:
            if reading.matches(start, phrase):
                reading.take(start, len(phrase))
                found(" ".join(phrase))
                break


# --- prices ----------------------------------------------------------------------------------


def _read_prices(reading: _Reading) -> None:
    for i, word in enumerate(reading.said):
        if is_number(word) and not reading.used[i]:
            _read_price_at(reading, i)


def _read_price_at(reading: _Reading, i: int) -> None:
    """A price around the number at `i`: a range, a bound before or after it, or a bare
    amount of money. A number followed by a unit ("10 lb") is not a price."""
    amount, end = _amount(reading, i)
    if amount is None:
        return
    money = reading.at(i + 1) in CURRENCY
    range_end = _range_end(reading, end, amount)
    before = _cue_before(reading, i)
    if range_end is not None:
        high, stop = range_end
        start = i - 1 if reading.at(i - 1) in ("between", "from") else i
        reading.price_min, reading.price_max = amount, high
        reading.take(start, stop - start)
    elif before is not None:
        kind, start = before
        _bound(reading, kind, amount)
        reading.take(start, end - start)
    elif (after := _cue_after(reading, end)) is not None:
        kind, stop = after
        _bound(reading, kind, amount)
        reading.take(i, stop - i)
    elif money:
        _bound(reading, "around", amount)
        reading.take(i, end - i)


def _amount(reading: _Reading, i: int) -> tuple[float | None, int]:
    """The amount at `i` (with "59 dollars 99" cents) and where it ends; None for a number
    with a unit."""
    value = float(reading.said[i])
    following = reading.at(i + 1)
    if following in NOT_MONEY:
        return None, i
    if following in CURRENCY:
        cents = reading.at(i + 2)
        if is_number(cents) and float(cents) < 100 and "." not in cents:
            extra = 1 if reading.at(i + 3) == "cents" else 0
            return value + float(cents) / 100, i + 3 + extra
        return value, i + 2
    if following == "cents":
        return value / 100, i + 2
    return value, i + 1


def _range_end(reading: _Reading, end: int, low: float) -> tuple[float, int] | None:
    """`low` to/and `high` [dollars]: the high end and where the range stops."""
    join = reading.at(end)
    if join in RANGE_JOINS and is_number(reading.at(end + 1)):
        high, stop = _amount(reading, end + 1)
        has_cue = reading.at(end - 2) in ("between", "from") or reading.at(end - 1) in CURRENCY
        money = has_cue or reading.at(end + 2) in CURRENCY
        if high is not None and high > low and money:
            return high, stop
    return None


def _cue_before(reading: _Reading, i: int) -> tuple[str, int] | None:
    for kind, cues in (("max", UPPER), ("min", LOWER), ("around", AROUND)):
        for cue in cues:
            start = i - len(cue)
            if start >= 0 and reading.matches(start, cue):
                return kind, start
    return None


def _cue_after(reading: _Reading, end: int) -> tuple[str, int] | None:
    for kind, cues in (("max", UPPER_AFTER), ("min", LOWER_AFTER)):
        for cue in cues:
            if reading.matches(end, cue):
                return kind, end + len(cue)
    return None


def _bound(reading: _Reading, kind: str, amount: float) -> None:
    if kind == "max":
        reading.price_max = amount
    elif kind == "min":
        reading.price_min = amount
    else:
        reading.price_min = amount * (1 - AROUND_SHARE)
        reading.price_max = amount * (1 + AROUND_SHARE)


# --- the catalog's phrases -------------------------------------------------------------------


def _read_catalog_phrases(reading: _Reading, vocabulary: Vocabulary) -> None:
    """Brands, types, option names and values, longest phrase first, left to right."""
    stems = keys(reading.said)
    named_option: str | None = None
    i = 0
    while i < len(stems):
        length, kind, value = _longest_phrase(reading, stems, i, vocabulary)
        if not length:
            named_option = None
            i += 1
            continue
        if kind == "type":
            reading.types.append(value)
        elif kind == "type head":
            reading.head_types.append(value)
        elif kind == "brand":
            reading.brand = reading.brand or value
        elif kind == "option":
            _add_option(
                reading, i, length, vocabulary.option_phrases[value], vocabulary, named_option
            )
        elif kind == "option name" and reading.options and reading.option_words[-1:] == [i - 1]:
            _narrow_last_option(reading, value)
        named_option = value if kind == "option name" else None
        reading.take(i, length, keep=kind != "option name")
        i += length


def _longest_phrase(
    reading: _Reading, stems: list[str], start: int, vocabulary: Vocabulary
) -> tuple[int, str, str]:
    for length in range(min(LONGEST_PHRASE, len(stems) - start), 0, -1):
        if not reading.free(start, length):
            continue
        key = " ".join(stems[start : start + length])
        if key in vocabulary.types:
            return length, "type", vocabulary.types[key]
        if key in vocabulary.brands:
            return length, "brand", vocabulary.brands[key]
        if key in vocabulary.names:
            return length, "name", key
        if key in vocabulary.option_phrases and not _is_filler(reading, start, length):
            return length, "option", key
        if length == 1 and key in vocabulary.type_heads:
            return length, "type head", vocabulary.type_heads[key]
        if key in vocabulary.option_names:
            return length, "option name", vocabulary.option_names[key]
    return 0, "", ""


def _is_filler(reading: _Reading, start: int, length: int) -> bool:
    """A one-word "value" that is really a function word ("one" as in "the blue one")."""
    return length == 1 and reading.said[start] in {"one", "a", "an", "the", "in", "with", "for"}


def _add_option(
    reading: _Reading,
    start: int,
    length: int,
    pair_ids: list[int],
    vocabulary: Vocabulary,
    named_option: str | None,
) -> None:
    choices = [vocabulary.pairs[p] for p in pair_ids]
    if named_option is not None:
        choices = [c for c in choices if c[0] == named_option] or choices
    said = " ".join(reading.said[start : start + length])
    reading.option_words.extend(range(start, start + length))
    previous = reading.options[-1] if reading.options else None
    if previous is not None and reading.at(start - 1) == "or" and reading.used[start - 2]:
        merged = tuple(dict.fromkeys([*previous.choices, *choices]))
        reading.options[-1] = OptionConstraint(said=f"{previous.said} or {said}", choices=merged)
        reading.used[start - 1] = True
        return
    reading.options.append(OptionConstraint(said=said, choices=tuple(choices)))


def _narrow_last_option(reading: _Reading, name: str) -> None:
    """\"32 waist\": the option name after a value says which dimension the value is."""
    last = reading.options[-1]
    narrowed = tuple(c for c in last.choices if c[0] == name)
    if narrowed:
        reading.options[-1] = OptionConstraint(said=last.said, choices=narrowed)


# --- the query -------------------------------------------------------------------------------


def _query(
    request: SearchRequest,
    reading: _Reading,
    vocabulary: Vocabulary,
    notes: list[str],
    purpose: list[str],
) -> Query:
    product_type = _canonical(request.product_type, vocabulary.types)
    named = [*reading.types, *(reading.head_types if purpose else ())]
    types = [product_type] if product_type else list(dict.fromkeys(named))
    explicit = tuple(_explicit_options(request, vocabulary))
    said_options = () if explicit else tuple(reading.options)
    head_types = [t for t in dict.fromkeys(reading.head_types) if t not in types]
    option_words = [reading.said[i] for i in reading.option_words]
    constraints = Constraints(
        product_id=request.product_id,
        product_type=product_type,
        brand=_canonical(request.brand, vocabulary.brands) or reading.brand,
        options=explicit,
        price_min_cents=_cents(
            request.price_min if request.price_min is not None else reading.price_min
        ),
        price_max_cents=_cents(
            request.price_max if request.price_max is not None else reading.price_max
        ),
        in_stock=request.in_stock or reading.in_stock,
    )
    kept = [
        w for i, w in enumerate(reading.said) if not reading.used[i] or i in reading.descriptive
    ]
    meaningful = any(w not in STOPWORDS for w in kept)
    purpose_terms = dict.fromkeys(terms(purpose) + measure_terms(purpose), PURPOSE_WEIGHT)
    sizes = measure_terms(kept)
    head_terms = dict.fromkeys(terms(kept) + sizes, 1.0)
    return Query(
        text=" ".join([*kept, "for", *purpose] if purpose else kept) if meaningful else "",
        terms={**purpose_terms, **head_terms},
        constraints=constraints,
        said_options=said_options,
        option_terms=frozenset(terms(option_words)),
        sizes=tuple(dict.fromkeys(sizes)),
        type_hints=tuple(types),
        head_types=tuple(head_types),
        sort=request.sort or reading.sort,
        notes=tuple(notes),
    )


def _scope_options(
    options: list[OptionConstraint], types: list[str], vocabulary: Vocabulary
) -> tuple[list[OptionConstraint], list[str], list[str]]:
    """Keep each option's choices that the named types offer. A value of a dimension those
    types have, but not in this value, is unmet; a value of a dimension they lack, or words
    that are the type's own ("dog" when dog beds are meant), are only words."""
    if not types:
        return options, [], []
    offered = {vocabulary.pairs[p] for t in types for p in vocabulary.type_pairs.get(t, ())}
    dimensions = {name for name, _ in offered}
    type_words = {stem for t in types for stem in keys(normalised_words(t))}
    kept, unmet, plain = [], [], []
    for option in options:
        choices = tuple(c for c in option.choices if c in offered)
        if set(keys(normalised_words(option.said))) <= type_words:
            plain.append(option.said)
        elif choices:
            kept.append(OptionConstraint(said=option.said, choices=choices))
        elif any(name in dimensions for name, _ in option.choices):
            unmet.append(option.said)
        else:
            plain.append(option.said)
    return kept, unmet, plain


def _explicit_options(request: SearchRequest, vocabulary: Vocabulary) -> list[OptionConstraint]:
    """Options given by name, as the catalog spells them (the value as given when the
    catalog has no such option: then nothing matches and the option is relaxed)."""
    found = []
    for name, value in request.options.items():
        pairs = vocabulary.pairs_meant(name, value) or [(name, value)]
        found.append(OptionConstraint(said=value, choices=tuple(pairs)))
    return found


def _canonical(given: str | None, phrases: dict[str, str]) -> str | None:
    if given is None:
        return None
    return phrases.get(phrase_key(given), given)


def _cents(dollars: float | None) -> int | None:
    return None if dollars is None else round(dollars * 100)
