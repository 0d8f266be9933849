"""Fills a sampled template's slots with the store's own values, said the way people say them.

One sentence talks about one product, so `{product}` and `{options}` in the same sentence agree:
"add two large dark roast lattes" names options the latte really has.
"""

import random

from shoptalk.commerce.catalog_view import CatalogProduct, ProductOption
from shoptalk.commerce.demo import POLICIES
from shoptalk.commerce.errors import StoreError
from shoptalk.nlu.spoken import (
    spoken_email,
    spoken_order_id,
    spoken_ordinal,
    spoken_price,
    spoken_quantity,
    spoken_zip,
)
from shoptalk.nlu.template import Piece
from shoptalk.nlu.vocabulary import (
    ShopperTerms,
    StoreVocabulary,
    stand_in_shoppers,
)

PRICE_PHRASES = (
    "under {a}", "less than {a}", "below {a}", "for under {a}", "cheaper than {a}", "up to {a}",
    "no more than {a}", "over {a}", "more than {a}", "above {a}", "at least {a}",
    "between {a} and {b}", "from {a} to {b}", "{a} to {b}", "starting at {a}", "{a} or less",
    "{a} tops", "{a} max", "max {a}", "not more than {a}", "{a} or under", "at most {a}",
)  # fmt: skip
SORTS = (
    "cheapest", "least expensive", "lowest priced", "most expensive", "priciest",
    "best rated", "top rated", "highest rated", "newest", "latest", "cheaper",
    "less expensive", "more expensive", "better rated", "best reviewed", "sorted by price",
    "sorted by rating", "by price", "by rating", "lowest price", "what's new", "newest first",
    "price low to high", "price high to low", "lowest to highest price",
    "sorted from high to low", "from low to high", "from high to low", "cheap", "cheapest first",
)  # fmt: skip
PAYMENT_WORDS = (
    "gift card", "credit card", "card", "visa", "visa card", "mastercard", "amex",
    "american express", "discover card", "paypal", "paypal account",
)  # fmt: skip
CANCEL_REASONS = (
    "no longer needed", "i no longer need it", "i don't need it anymore", "i don't need it",
    "ordered by mistake", "i ordered it by mistake", "it was a mistake", "by mistake",
)  # fmt: skip
QUALIFIERS = (
    "for kids", "for my dad", "for my mom", "for a toddler", "for camping", "for school",
    "for the office", "for the living room", "for the whole team", "for a small dog",
    "for my truck", "for beginners", "for travel", "for soups", "for dry skin", "for the beach",
    "with good reviews", "with a long battery life", "that fits a tablet", "that's easy to clean",
    "for a six year old", "for running", "for winter", "for a gift", "for my kitchen",
    "for my sister", "for my son", "for a teenager", "for a small apartment", "for the garage",
    "for long hikes", "for hot weather", "for a new puppy", "for my desk", "for a wedding",
    "to take on vacation", "to use at work", "to read on the plane", "to wear to the gym",
    "that works with my phone", "with extra storage", "with a warranty", "that's waterproof",
    "for two people", "for four people", "for a family of five", "for a twelve year old",
    "for someone who loves cooking", "that doesn't cost much", "with lots of pieces",
    "that holds a lot", "that's quiet", "for a picky eater", "with a lid", "for my daughter's room",
)  # fmt: skip
"""What people add to a search to say what it is for or like: kept inside the query span,
because the search engine reads it ("tent for six people")."""
RETURN_STATES = (
    "broken", "damaged", "defective", "cracked", "scratched", "ripped", "stained", "dented",
    "too small", "too big", "too tight", "too loose", "too short", "too long", "too heavy",
    "too loud", "uncomfortable", "the wrong size", "the wrong color", "faulty", "itchy",
    "not as described", "missing parts", "a different color than the picture", "flimsy",
)  # fmt: skip
"""Reasons said of the item after "is" or "are": "the boots are [too small]"."""
RETURN_EVENTS = (
    "arrived damaged", "arrived broken", "came broken", "doesn't work", "don't work",
    "doesn't fit", "don't fit", "stopped working", "broke after a week",
    "won't turn on", "leaks", "fell apart", "smells weird", "never showed up right",
    "came with a missing piece", "looks nothing like the picture", "ripped the first time",
)  # fmt: skip
"""Reasons said as what the item did: "the blender [arrived damaged]"."""
RETURN_CLAUSES = (
    "it doesn't work", "it doesn't fit", "they don't fit", "it's too small", "it's too big",
    "it arrived damaged", "it came broken", "i don't like it", "i don't like the color",
    "i changed my mind", "i never use it", "i barely use it", "it's not what i expected",
    "it's not what i ordered", "it's the wrong size", "the color is off", "my kid doesn't like it",
    "it's missing a piece", "i got two by mistake", "the quality is bad", "it stopped working",
    "the battery won't charge", "the battery dies fast", "it's too loud", "it's really flimsy",
    "my cat won't use it", "it hurts my feet", "the fabric feels cheap", "it's the wrong shade",
    "it's not compatible with my phone", "i found it cheaper somewhere else", "wrong size",
    "wrong color", "not what i wanted", "no longer needed", "it was a gift and they have one",
)  # fmt: skip
"""Reasons said as a clause of their own: "..., [my dog won't eat it]"."""
REASON_SLOTS = {
    "reason": CANCEL_REASONS,
    "return_state": RETURN_STATES,
    "return_event": RETURN_EVENTS,
    "return_clause": RETURN_CLAUSES,
}
"""Template slots that are all tagged `reason`, each drawn from the phrasing it fits."""


COMMON_POLICY_TOPICS = tuple(POLICIES)
"""What shoppers ask a store without published policies about (the demo store's topics): its
model still learns to tell a policy question, which is then answered that none is published."""


class NothingToLearn(StoreError):
    """A store without products: no sentence about shopping in it can be made."""


class SlotFiller:
    def __init__(self, vocabulary: StoreVocabulary, rng: random.Random) -> None:
        if not vocabulary.products:
            raise NothingToLearn("the store has no products to learn from")
        self.vocabulary = vocabulary
        self.rng = rng
        self.with_options = [p for p in vocabulary.products if p.options]
        self.shoppers = vocabulary.shoppers or stand_in_shoppers()

    def fill(self, pieces: list[Piece]) -> list[Piece] | None:
        """The pieces with every slot filled; None when the store has nothing to fill one
        with (options, in a catalog whose products have none): "does it come in" is no
        sentence to learn from."""
        names = {name for _, name in pieces if name}
        if "options" in names and not self.with_options:
            return None
        pool = (
            self.with_options
            if "options" in names and self.with_options
            else self.vocabulary.products
        )
        product = self.rng.choice(pool)
        shopper = self.rng.choice(self.shoppers)
        filled: list[Piece] = []
        for text, name in pieces:
            if name is None:
                filled.append((text, None))
            elif name == "options":
                filled.extend(self._options(product))
            elif name == "topic":
                filled.append((self._topic(), None))
            elif name == "described_query":
                kind = self.rng.choice(_kinds(product))
                filled.append((f"{kind} {self.rng.choice(QUALIFIERS)}", "query"))
            elif name in REASON_SLOTS:
                filled.append((self.rng.choice(REASON_SLOTS[name]), "reason"))
            else:
                filled.append((self._value(name, product, shopper), name))
        return filled

    def _value(self, name: str, product: CatalogProduct, shopper: ShopperTerms) -> str:
        rng = self.rng
        match name:
            case "product":
                return self._mention(product)
            case "quantity":
                return spoken_quantity(rng.choice([1, 2, 2, 2, 3, 3, 4, 5, 6, 10, 12]), rng)
            case "order_id":
                v = self.vocabulary
                number = rng.randint(*self._order_numbers())
                return spoken_order_id(v.order_prefix, number, v.order_number_width, rng)
            case "price":
                return self._price()
            case "sort":
                return rng.choice(SORTS)
            case "payment_method":
                return rng.choice(PAYMENT_WORDS)
            case "query":
                return self._query(product)
            case "ordinal":
                return spoken_ordinal(rng.choice([1, 1, 2, 2, 3, 4, 5, -1, -1, -2]), rng)
        return self._shopper_value(name, shopper)

    def _order_numbers(self) -> tuple[int, int]:
        """The numbers of the store's orders so far; a store without orders yet learns the ids
        it will hand out (#W1001 to #W9999), not its next one alone."""
        v = self.vocabulary
        if v.order_count == 0:
            first = v.highest_order_number + 1
            return first, max(first, 10**v.order_number_width - 1)
        return 1001, max(1001, v.highest_order_number)

    def _shopper_value(self, name: str, shopper: ShopperTerms) -> str:
        rng = self.rng
        match name:
            case "email":
                return spoken_email(shopper.email, rng)
            case "first_name":
                return shopper.first_name
            case "last_name":
                return shopper.last_name
            case "zip":
                return spoken_zip(shopper.zip, rng)
            case "address":
                street = f"{shopper.address1} {shopper.city} {shopper.state}"
                return f"{street} {spoken_zip(shopper.zip, rng)}"
        raise ValueError(f"no values for slot {{{name}}}")

    def _mention(self, product: CatalogProduct) -> str:
        name = product.name.lower()
        brand = (product.brand or "").lower()
        if brand and name.startswith(brand + " ") and self.rng.random() < 0.4:
            name = name[len(brand) + 1 :]
        if self.rng.random() < 0.2 and not name.endswith("s"):
            name += "s"
        return name

    def _options(self, product: CatalogProduct) -> list[Piece]:
        dimensions = list(product.options)
        chosen = self.rng.sample(dimensions, k=min(len(dimensions), self.rng.choice([1, 1, 2])))
        pieces: list[Piece] = []
        for dimension in chosen:
            pieces.append((self._option_words(dimension), "option"))
        return pieces

    def _option_words(self, dimension: ProductOption) -> str:
        choice = self.rng.choice(dimension.values)
        if choice.synonyms and self.rng.random() < 0.35:
            return self.rng.choice(choice.synonyms)
        return choice.value

    def _query(self, product: CatalogProduct) -> str:
        """What a shopper searching for this product might say: its kind, in one of many forms."""
        kind = self.rng.choice(_kinds(product))
        rng = self.rng
        styles = [kind, kind]
        if product.options:
            dimension = rng.choice(product.options)
            value = self._option_words(dimension)
            styles += [
                f"{value} {kind}",
                f"{kind} in {value}",
                f"{kind} in {dimension.name} {value}",
            ]
        if product.brand:
            styles += [f"{product.brand.lower()} {kind}", product.brand.lower()]
        if product.tags:
            tag = rng.choice(product.tags).lower()
            styles += [f"{tag} {kind}", f"{kind} for {tag}", f"{kind} that's {tag}"]
            styles += [f"{kind} with {tag}"]
        styles += [f"{kind} {rng.choice(QUALIFIERS)}"] * 3 + [product.name.lower()]
        return rng.choice(styles)

    def _price(self) -> str:
        low = self.rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 150, 200, 300, 500])
        high = low * self.rng.choice([2, 3])
        cents = [low * 100 + self.rng.choice([0, 0, 0, 99]), high * 100]
        phrase = self.rng.choice(PRICE_PHRASES)
        return phrase.format(a=spoken_price(cents[0], self.rng), b=spoken_price(cents[1], self.rng))

    def _topic(self) -> str:
        topics = self.vocabulary.policy_topics or COMMON_POLICY_TOPICS
        topic = self.rng.choice(topics)
        if topic.endswith("s") and self.rng.random() < 0.3:
            return topic[:-1]
        return topic


def _kinds(product: CatalogProduct) -> list[str]:
    """The product's type as said: "cordless drills", "cordless drill", "drill"."""
    kind = (product.type or product.name).lower()
    singular = kind[:-1] if kind.endswith("s") and not kind.endswith("ss") else kind
    return [kind, singular, singular.split()[-1]]
