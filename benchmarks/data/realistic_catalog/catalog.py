"""Products drawn from the vocabulary: attributes first, then a title, description and price
written from them, the way a retailer's feed is built from a product database.

Each product keeps the facts it was made from (`ProductFacts`), which is what grading reads;
the title is only one rendering of them.
"""

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from vocab import SLOT, Attribute, Brand, ProductType, Profile, Value, Vocab

TIER_PRICE = {"value": 0.82, "mid": 1.0, "premium": 1.32}
VARIANT_SHARE = 0.6
"""Share of products of a type with a variant attribute that are sold in several variants."""
UNAVAILABLE_SHARE = 0.07
MODEL_IN_TITLE = (", {m}", " {m}", " - {m}", " (Model {m})")
CONNECTORS = ("in", "with", "for", "x", "-", ",", "of", "Fits")
MODEL_TRIES = 200
"""Draws of a brand's model pattern before its numbers count as used up."""
_GROUP = re.compile(r"\[([^\]]*)\]")
_PIECE = re.compile(r"(\{\w+\})")


@dataclass(frozen=True)
class TitlePart:
    """A piece of a title: the attribute it renders (None for template words) and its text."""

    slot: str | None
    text: str


@dataclass
class VariantFacts:
    id: str
    key: str
    option: str
    price: float
    available: bool


@dataclass
class ProductFacts:
    """What a product is, as the generator knows it; grading reads only this."""

    id: str
    department: str
    cls: str
    type: str
    brand: str
    model: str
    attrs: dict[str, str]
    """Attribute → grading key, for attributes fixed for the whole product."""
    variant_attr: str | None = None
    variants: list[VariantFacts] = field(default_factory=list)
    parts: list[TitlePart] = field(default_factory=list)
    title: str = ""
    title_forms: dict[str, str] = field(default_factory=dict)
    """Attribute → the form its title (or options) wrote the value in."""
    description: str = ""
    price: float | None = None
    model_in_title: bool = False

    def offers(self, attr: str) -> list[str]:
        """Every key the product can be bought with for an attribute (its variants' keys)."""
        if attr == self.variant_attr:
            return [v.key for v in self.variants]
        return [self.attrs[attr]] if attr in self.attrs else []


def retail_price(amount: float) -> float:
    """Shelf prices end the way shops end them: 3.97, 12.98, 249.00."""
    if amount < 10:
        cents = 0.97 if amount % 1 > 0.5 else 0.48
    elif amount < 100:
        cents = 0.98
    else:
        return float(math.floor(amount / 10) * 10 + 9)
    return round(math.floor(amount) + cents, 2)


def model_number(pattern: str, rng: random.Random) -> str:
    """# → a digit, @ → a capital letter (no I or O, which read as digits), the rest as is."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return "".join(
        str(rng.randrange(10)) if c == "#" else rng.choice(letters) if c == "@" else c
        for c in pattern
    )


class CatalogBuilder:
    """Draws products type by type, all from one seeded random stream."""

    def __init__(self, vocab: Vocab, rng: random.Random) -> None:
        self.vocab = vocab
        self.rng = rng
        self.models: set[str] = set()
        self.seen: set[tuple[Any, ...]] = set()
        self.styles = {b.name: rng.randrange(8) for b in vocab.brands}

    def build(self, total: int) -> list[ProductFacts]:
        weights = sum(t.weight for t in self.vocab.types)
        products: list[ProductFacts] = []
        for product_type in self.vocab.types:
            count = max(8, round(total * product_type.weight / weights))
            brands = self._brands_for(product_type)
            products.extend(self._product(product_type, brands) for _ in range(count))
        self.rng.shuffle(products)
        for n, product in enumerate(products, start=1):
            self._number(product, f"rc-{n:05d}")
        return products

    def _brands_for(self, product_type: ProductType) -> list[Brand]:
        """The few brands a store carries for one type (each sells in its department)."""
        eligible = [b for b in self.vocab.brands if product_type.department in b.departments]
        if len(eligible) < 2:
            raise ValueError(f"department {product_type.department!r} has fewer than 2 brands")
        return self.rng.sample(eligible, min(len(eligible), self.rng.randint(3, 5)))

    def _product(self, product_type: ProductType, brands: Sequence[Brand]) -> ProductFacts:
        for _ in range(40):
            brand = self.rng.choice(brands)
            profile = self._profile(product_type)
            attrs, variant_keys = self._attributes(product_type, profile)
            signature = (product_type.name, brand.name, tuple(sorted(attrs.items())), variant_keys)
            if signature not in self.seen:
                break
        self.seen.add(signature)
        facts = ProductFacts(
            id="",
            department=product_type.department,
            cls=product_type.cls,
            type=product_type.name,
            brand=brand.name,
            model=self._model(brand),
            attrs=attrs,
        )
        self._forms(facts, product_type, variant_keys)
        self._title(facts, product_type)
        self._price(facts, product_type, brand, variant_keys)
        self._description(facts, product_type)
        return facts

    def _profile(self, product_type: ProductType) -> Profile:
        weights = [p.weight for p in product_type.profiles]
        return self.rng.choices(product_type.profiles, weights=weights)[0]

    def _attributes(
        self, product_type: ProductType, profile: Profile
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        attrs: dict[str, str] = {}
        variant_keys: tuple[str, ...] = ()
        for name, attribute in product_type.attributes.items():
            pool = profile.pools.get(name, tuple(v.key for v in attribute.values))
            if not pool:
                continue
            sold_in_variants = name == product_type.variant and len(pool) > 1
            if sold_in_variants and self.rng.random() < VARIANT_SHARE:
                size = self.rng.randint(2, min(4, len(pool)))
                chosen = set(self.rng.sample(list(pool), size))
                variant_keys = tuple(k for k in pool if k in chosen)
                continue
            attrs[name] = self.rng.choice(pool)
        return attrs, variant_keys

    def _model(self, brand: Brand) -> str:
        """A model number not used yet. A brand whose pattern has run out of numbers (only
        in catalogs far larger than the development one, e.g. the 100,000-product speed
        benchmark) extends a drawn one with a series number, as real lines do."""
        for _ in range(MODEL_TRIES):
            model = model_number(brand.model, self.rng)
            if model not in self.models:
                self.models.add(model)
                return model
        series = 2
        while f"{model}-{series}" in self.models:
            series += 1
        self.models.add(f"{model}-{series}")
        return f"{model}-{series}"

    def _form(self, brand: str, value: Value) -> str:
        """The brand's habit for writing values (70%), or any of the forms."""
        if self.rng.random() < 0.7:
            return value.titles[self.styles[brand] % len(value.titles)]
        return self.rng.choice(value.titles)

    def _forms(self, facts: ProductFacts, product_type: ProductType, keys: Sequence[str]) -> None:
        for name, key in facts.attrs.items():
            value = product_type.attributes[name].value(key)
            facts.title_forms[name] = self._form(facts.brand, value)
        if keys:
            assert product_type.variant is not None
            attribute = product_type.attributes[product_type.variant]
            facts.variant_attr = attribute.name
            for key in keys:
                value = attribute.value(key)
                habit = value.titles[self.styles[facts.brand] % len(value.titles)]
                option = _option_text(attribute, key, habit)
                facts.variants.append(VariantFacts("", key, option, 0.0, True))

    def _title(self, facts: ProductFacts, product_type: ProductType) -> None:
        template = self.rng.choice(product_type.titles)
        name = self.rng.choice(product_type.names)
        slots = {"brand": facts.brand, "name": name, **facts.title_forms}
        facts.parts = render(template, slots)
        facts.title = tidy("".join(p.text for p in facts.parts))
        if self.rng.random() < product_type.model_share:
            facts.model_in_title = True
            facts.title += self.rng.choice(MODEL_IN_TITLE).format(m=facts.model)

    def _price(
        self, facts: ProductFacts, product_type: ProductType, brand: Brand, keys: Sequence[str]
    ) -> None:
        """Where the product sits in its type's price range: mostly its size (bigger sizes,
        packs and counts cost more), partly chance, shifted by the brand's tier."""
        quality = self.rng.random()
        ranks = [
            _size_rank(product_type.attributes[name], key) for name, key in facts.attrs.items()
        ]
        variant_attr = product_type.attributes.get(product_type.variant or "")

        def shelf_price(extra: list[float]) -> float:
            sizes = [r for r in [*ranks, *extra] if r is not None]
            position = 0.6 * sum(sizes) / len(sizes) + 0.4 * quality if sizes else quality
            lo, hi = product_type.price
            return retail_price(lo * (hi / lo) ** position * TIER_PRICE[brand.tier])

        if not keys or variant_attr is None:
            facts.price = shelf_price([])
            return
        for variant in facts.variants:
            rank = _size_rank(variant_attr, variant.key)
            variant.price = shelf_price([] if rank is None else [rank])
            variant.available = self.rng.random() >= UNAVAILABLE_SHARE

    def _description(self, facts: ProductFacts, product_type: ProductType) -> None:
        usable = [s for s in product_type.desc if _fillable(s, facts)]
        chosen = self.rng.sample(usable, min(len(usable), self.rng.randint(1, 2)))
        sentences = [_fill(s, facts) for s in chosen]
        if facts.variants and len(sentences) < 3:
            options = [v.option for v in facts.variants]
            listed = ", ".join(options[:-1]) + f" and {options[-1]}"
            sentences.append(f"Available in {listed}.")
        if not facts.model_in_title:
            sentences.append(f"Model # {facts.model}.")
        facts.description = " ".join(sentences)

    def _number(self, facts: ProductFacts, product_id: str) -> None:
        facts.id = product_id
        for n, variant in enumerate(facts.variants, start=1):
            variant.id = f"{product_id}-{n}"


def render(template: str, slots: dict[str, str]) -> list[TitlePart]:
    """A template's parts with slot values in; a [bracketed group] is dropped when a slot in
    it is empty, and a connector word ("in", "with", ",") before an empty slot goes too."""
    parts: list[TitlePart] = []
    position = 0
    for group in _GROUP.finditer(template):
        parts.extend(_pieces(template[position : group.start()], slots))
        inner = _pieces(group.group(1), slots)
        if all(p.text for p in inner if p.slot is not None):
            parts.extend(inner)
        position = group.end()
    parts.extend(_pieces(template[position:], slots))
    return _drop_dangling(parts)


def _pieces(text: str, slots: dict[str, str]) -> list[TitlePart]:
    """Template words keep their spacing, so `{gauge}/{conductors}` stays `14/2`."""
    out: list[TitlePart] = []
    for piece in _PIECE.split(text):
        if piece.startswith("{") and piece.endswith("}"):
            name = piece[1:-1]
            out.append(TitlePart(name, slots.get(name, "")))
        elif piece:
            out.append(TitlePart(None, piece))
    return out


def _drop_dangling(parts: list[TitlePart]) -> list[TitlePart]:
    kept: list[TitlePart] = []
    for part in parts:
        if part.slot is not None and not part.text and kept and kept[-1].slot is None:
            words = kept[-1].text.split()
            if words and words[-1] in CONNECTORS:
                kept[-1] = TitlePart(None, " " + " ".join(words[:-1]) + " ")
        kept.append(part)
    return [p for p in kept if p.text]


def tidy(title: str) -> str:
    title = re.sub(r"\s+", " ", title)
    title = re.sub(r"\s+([,)])", r"\1", title)
    title = re.sub(r"\(\s+", "(", title)
    title = re.sub(r"\(\(([^()]*)\)\)", r"(\1)", title)
    title = re.sub(r"(,\s*)+,", ",", title)
    title = re.sub(r"\s*-\s*-\s*", " - ", title)
    return title.strip(" ,-")


def _option_text(attribute: Attribute, key: str, form: str) -> str:
    """An option value as a shop lists it: "4-Pack" rather than the title's "(4-Pack)"."""
    text = form.strip("()") if form.startswith("(") else form
    return text or attribute.value(key).key


def _size_rank(attribute: Attribute, key: str) -> float | None:
    """0 for an attribute's smallest size, 1 for its largest; None for what is not a size."""
    if not attribute.measure or len(attribute.values) < 2:
        return None
    keys = [v.key for v in attribute.values]
    return keys.index(key) / (len(keys) - 1)


def _fillable(sentence: str, facts: ProductFacts) -> bool:
    return all(facts.title_forms.get(slot) for slot in SLOT.findall(sentence))


def _fill(sentence: str, facts: ProductFacts) -> str:
    return SLOT.sub(lambda m: facts.title_forms[m.group(1)], sentence)


def type_counts(products: Sequence[ProductFacts]) -> Counter[str]:
    return Counter(p.type for p in products)
