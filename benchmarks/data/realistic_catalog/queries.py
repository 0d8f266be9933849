"""Queries written the ways shoppers type and say them, each with the `Intent` it stands for.

A query is drawn from a product or a type of the catalog, so something answers it; its words
come from the vocabulary's typed and spoken forms, never from searching the catalog. Each kind
has its own random stream, so changing one kind's count leaves the others as they were.
"""

import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from catalog import ProductFacts
from forms import say_text
from grading import Intent, satisfies
from vocab import Attribute, Need, ProductType, Vocab

Draft = tuple[str, Intent]
Maker = Callable[[random.Random], Draft | None]
NEED_KINDS = ("for_clause", "vague")
"""Kinds written by hand in the vocabulary: each must be answered by some product."""
FAMILY_SHARE = 0.35
"""How often an attribute with a family is asked by the family word ("bronze")."""


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    kind: str
    intent: Intent


def squash(text: str) -> str:
    """Letters and digits only: `3/4 in.` and `3/4 in` are the same writing."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _fill(template: str, **parts: str) -> str:
    return " ".join(template.format(**parts).split())


class QueryWriter:
    """Writes every kind of query over one catalog."""

    def __init__(self, vocab: Vocab, products: Sequence[ProductFacts], seed: str) -> None:
        self.vocab = vocab
        self.products = products
        self.seed = seed
        self.brands = {b.name: b for b in vocab.brands}
        self.models = {squash(p.model): p for p in products}
        self.needs: dict[str, Iterator[Need]] = {}
        self.settings = vocab.queries
        self.words = known_words(vocab)
        self.asked: dict[str, tuple[str, ...]] = {}
        for product_type in vocab.types:
            for words in product_type.ask:
                self.asked[words] = (*self.asked.get(words, ()), product_type.name)

    def write(self) -> list[Query]:
        queries: list[Query] = []
        seen: set[str] = set()
        for kind, count in self.settings["counts"].items():
            rng = random.Random(f"{self.seed}:queries:{kind}")
            made = self._kind(kind, int(count), rng, seen)
            queries.extend(made)
        return queries

    def _kind(self, kind: str, count: int, rng: random.Random, seen: set[str]) -> list[Query]:
        maker = self._makers()[kind]
        made: list[Query] = []
        for _ in range(count * 60):
            if len(made) == count:
                break
            draft = maker(rng)
            if draft is None:
                continue
            text = " ".join(draft[0].split())
            if text.lower() in seen:
                continue
            if not self._answered(draft[1]):
                if kind in NEED_KINDS:
                    raise ValueError(f"nothing in the catalog answers the {kind} {text!r}")
                continue
            seen.add(text.lower())
            made.append(Query(f"{kind}-{len(made) + 1:03d}", text, kind, draft[1]))
        if len(made) < count:
            raise ValueError(f"could write only {len(made)} of {count} {kind} queries")
        return made

    def _makers(self) -> dict[str, Maker]:
        return {
            "type": self._type,
            "attribute": self._attribute,
            "units": self._units,
            "misspelling": self._misspelling,
            "model_number": self._model_number,
            "brand": self._brand,
            "for_clause": lambda rng: self._need("for_clause", rng),
            "vague": lambda rng: self._need("vague", rng),
            "spoken": self._spoken,
            "partial_name": self._partial_name,
        }

    def _answered(self, intent: Intent) -> bool:
        if intent.model is not None:
            return True
        return any(p.type in intent.types and satisfies(intent, p) for p in self.products)

    # --- pieces of queries ----------------------------------------------------------------

    def _type_words(
        self,
        rng: random.Random,
        product_type: ProductType,
        said: bool,
        product: ProductFacts | None = None,
    ) -> tuple[str, Intent]:
        """A name shoppers use for the type (one that fits the product, when there is one),
        with what the name asks: every type known by it ("faucet" is a kitchen faucet and a
        bathroom faucet) and what it implies ("cordless drill")."""
        fitting = [
            words
            for words in product_type.ask
            if product is None
            or all(
                set(product.offers(a)) & set(keys)
                for a, keys in product_type.ask_attrs[words].items()
            )
        ]
        words = rng.choice(fitting)
        intent = Intent(self.asked[words], dict(product_type.ask_attrs[words]))
        return (say_text(words, self.vocab.numbers) if said else words), intent

    def _phrase(
        self, rng: random.Random, attribute: Attribute, key: str, said: bool
    ) -> tuple[str, tuple[str, ...]] | None:
        """How a shopper names one attribute value, and the keys that phrase accepts."""
        value = attribute.value(key)
        if value.family and attribute.domain and rng.random() < FAMILY_SHARE:
            family = self.vocab.domains[attribute.domain]
            accepted = tuple(k for k, v in family.items() if v.family == value.family)
            return value.family, accepted
        forms = value.said if said else value.typed
        return (rng.choice(forms), (key,)) if forms else None

    def _product(self, rng: random.Random) -> tuple[ProductFacts, ProductType]:
        product = rng.choice(self.products)
        return product, self.vocab.type_by_name[product.type]

    def _asked(
        self,
        rng: random.Random,
        product: ProductFacts,
        attributes: Sequence[Attribute],
        said: bool,
    ) -> tuple[list[str], dict[str, tuple[str, ...]]] | None:
        phrases: list[str] = []
        attrs: dict[str, tuple[str, ...]] = {}
        for attribute in attributes:
            key = rng.choice(product.offers(attribute.name))
            phrase = self._phrase(rng, attribute, key, said)
            if phrase is None:
                return None
            phrases.append(phrase[0])
            attrs[attribute.name] = phrase[1]
        return phrases, attrs

    # --- the kinds ----------------------------------------------------------------------------

    def _type(self, rng: random.Random, said: bool = False) -> Draft | None:
        if rng.random() < 0.2:
            cls = rng.choice(sorted(self.vocab.classes))
            types = tuple(t.name for t in self.vocab.types if t.cls == cls)
            words = rng.choice(self.vocab.classes[cls])
            return (say_text(words, self.vocab.numbers) if said else words), Intent(types)
        return self._type_words(rng, rng.choice(self.vocab.types), said)

    def _attribute(self, rng: random.Random, said: bool = False) -> Draft | None:
        product, product_type = self._product(rng)
        candidates = [
            a
            for a in product_type.attributes.values()
            if a.askable and not a.measure and product.offers(a.name)
        ]
        if not candidates:
            return None
        count = 2 if len(candidates) > 1 and rng.random() < 0.3 else 1
        asked = self._asked(rng, product, rng.sample(candidates, count), said)
        if asked is None:
            return None
        phrases, attrs = asked
        words, named = self._type_words(rng, product_type, said, product)
        if any(_repeats(phrase, words) for phrase in phrases):
            return None
        template = rng.choice(self.settings["attribute_orders"])
        return _fill(template, a=" ".join(phrases), t=words), _with(named, attrs)

    def _units(self, rng: random.Random, said: bool = False) -> Draft | None:
        product, product_type = self._product(rng)
        measures = [
            a
            for a in product_type.attributes.values()
            if a.askable and a.measure and product.offers(a.name)
        ]
        others = [
            a
            for a in product_type.attributes.values()
            if a.askable and not a.measure and product.offers(a.name)
        ]
        if not measures:
            return None
        count = 2 if len(measures) > 1 and rng.random() < 0.3 else 1
        sizes: list[str] = []
        attrs: dict[str, tuple[str, ...]] = {}
        for attribute in rng.sample(measures, count):
            key = rng.choice(product.offers(attribute.name))
            written = squash(self._written(product, attribute.name, key))
            value = attribute.value(key)
            forms = value.said if said else [f for f in value.typed if squash(f) != written]
            if not forms:
                return None
            sizes.append(rng.choice(forms))
            attrs[attribute.name] = (key,)
        extra = ""
        if others and rng.random() < 0.35:
            asked = self._asked(rng, product, [rng.choice(others)], said)
            if asked is None:
                return None
            extra = asked[0][0]
            attrs.update(asked[1])
        template = rng.choice(self.settings["units_orders"])
        words, named = self._type_words(rng, product_type, said, product)
        if _repeats(extra, words):
            return None
        return _fill(template, m=" ".join(sizes), a=extra, t=words), _with(named, attrs)

    @staticmethod
    def _written(product: ProductFacts, attr: str, key: str) -> str:
        """How the product's title or option list wrote this value."""
        for variant in product.variants:
            if attr == product.variant_attr and variant.key == key:
                return variant.option
        return product.title_forms.get(attr, "")

    def _brand(self, rng: random.Random, said: bool = False) -> Draft | None:
        product, product_type = self._product(rng)
        brand = self.brands[product.brand]
        if said:
            brand_words = brand.name.replace("&", "and").lower()
        else:
            brand_words = brand.name if rng.random() < 0.2 else rng.choice(brand.typed)
        template = rng.choice(self.settings["brand_orders"])
        attrs: dict[str, tuple[str, ...]] = {}
        extra = ""
        if "{a}" in template:
            candidates = [
                a
                for a in product_type.attributes.values()
                if a.askable and not a.measure and product.offers(a.name)
            ]
            asked = (
                self._asked(rng, product, [rng.choice(candidates)], said) if candidates else None
            )
            if asked is None:
                return None
            extra, attrs = asked[0][0], asked[1]
        words, named = self._type_words(rng, product_type, said, product)
        if _repeats(extra, words):
            return None
        text = _fill(template, b=brand_words, a=extra, t=words)
        return text, _with(named, attrs, brand=brand.name)

    def _misspelling(self, rng: random.Random) -> Draft | None:
        bases: Mapping[str, float] = self.settings["misspelling_bases"]
        base = rng.choices(list(bases), weights=list(bases.values()))[0]
        draft = self._makers()[base](rng)
        if draft is None:
            return None
        text = misspell(draft[0], self.vocab, rng, self.words)
        return (text, draft[1]) if text is not None else None

    def _model_number(self, rng: random.Random) -> Draft | None:
        product = rng.choice(self.products)
        model = product.model
        form = rng.choice(self.settings["model_forms"])
        if form == "lower":
            text = model.lower()
        elif form == "no_dash":
            text = model.replace("-", "")
        elif form == "prefix":
            text = squash(model)[:-2].upper()
            if len(text) < 5 or sum(m.startswith(text.lower()) for m in self.models) != 1:
                return None
        elif form == "brand":
            text = f"{rng.choice(self.brands[product.brand].typed)} {model}"
        else:
            text = model
        return text, Intent((product.type,), model=model)

    def _need(self, kind: str, rng: random.Random) -> Draft | None:
        if kind not in self.needs:
            if kind == "vague":
                needs = list(self.vocab.vague)
            else:
                needs = [need for t in self.vocab.types for need in t.uses]
            rng.shuffle(needs)
            self.needs[kind] = iter(needs)
        need = next(self.needs[kind], None)
        if need is None:
            return None
        return need.query, Intent(need.types, dict(need.attrs))

    def _spoken(self, rng: random.Random) -> Draft | None:
        bases: Mapping[str, float] = self.settings["spoken_bases"]
        base = rng.choices(list(bases), weights=list(bases.values()))[0]
        makers: dict[str, Callable[[random.Random, bool], Draft | None]] = {
            "units": self._units,
            "attribute": self._attribute,
            "brand": self._brand,
        }
        draft = makers[base](rng, True)
        if draft is None:
            return None
        opener = rng.choice(self.settings["spoken_openers"]) if rng.random() < 0.5 else ""
        text = say_text(f"{opener} {draft[0]}", self.vocab.numbers)
        return (text, draft[1]) if not re.search(r"\d", text) else None

    def _partial_name(self, rng: random.Random) -> Draft | None:
        """A run of the title around the type's name, with what that run says."""
        product, product_type = self._product(rng)
        parts = product.parts
        pieces = [i for i, p in enumerate(parts) if p.text.strip()]
        named = [n for n, i in enumerate(pieces) if parts[i].slot == "name"]
        if not named:
            return None
        length = rng.randint(2, 4)
        start = rng.randint(max(0, named[0] - length + 1), named[0])
        chosen = pieces[start : start + length]
        window = parts[chosen[0] : chosen[-1] + 1]
        text = _trim("".join(p.text for p in window))
        if not 3 <= len(text.split()) <= 7:
            return None
        attrs = {p.slot: (product.attrs[p.slot],) for p in window if p.slot in product.attrs}
        brand = product.brand if any(p.slot == "brand" for p in window) else None
        if rng.random() < 0.5:
            text = text.lower()
        if rng.random() < 0.4:
            text = re.sub(r"[,()]", "", text)
        return text, Intent((product_type.name,), attrs, brand=brand)


def _trim(text: str) -> str:
    """A title run without loose ends: no leading or trailing "x", "with", comma or bracket."""
    words = text.replace("(", " ( ").replace(")", " ) ").split()
    loose = {"x", "-", "in", "with", "for", ",", "of", "(", ")", "and"}
    while words and (words[-1] in loose or words[-1].endswith(",")):
        if words[-1] in loose:
            words.pop()
        else:
            words[-1] = words[-1].rstrip(",")
    while words and words[0] in loose:
        words.pop(0)
    text = " ".join(words).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    return text


def _with(named: Intent, attrs: Mapping[str, tuple[str, ...]], brand: str | None = None) -> Intent:
    """The type name's intent with the attributes and brand the rest of the query asks."""
    return Intent(named.types, {**named.attrs, **attrs}, brand=brand)


def _repeats(phrase: str, type_words: str) -> bool:
    """An attribute phrase already in the type's name ("garden" + "garden soil")."""
    return bool(phrase) and re.search(rf"\b{re.escape(phrase)}\b", type_words) is not None


def known_words(vocab: Vocab) -> frozenset[str]:
    """Every word the vocabulary uses, so a keyboard slip never lands on a real word ("saws"
    → "saw" is not a misspelling)."""
    texts = [*vocab.misspellings, *(w for t in vocab.types for w in (*t.names, *t.ask))]
    texts += [
        form
        for t in vocab.types
        for a in t.attributes.values()
        for v in a.values
        for form in (*v.titles, *v.typed)
    ]
    return frozenset(w for text in texts for w in re.findall(r"[a-z]+", text.lower()))


def misspell(text: str, vocab: Vocab, rng: random.Random, words: frozenset[str]) -> str | None:
    """One word of the text misspelt: a misspelling people make (vocab/misspellings.yaml)
    when one is known for a word of the text, otherwise a keyboard slip."""
    lowered = text.lower()
    known = [w for w in vocab.misspellings if re.search(rf"\b{re.escape(w)}\b", lowered)]
    if known and rng.random() < 0.75:
        word = rng.choice(known)
        wrong = rng.choice(vocab.misspellings[word])
        return re.sub(rf"\b{re.escape(word)}\b", wrong, lowered, count=1)
    tokens = lowered.split()
    slippable = [i for i, w in enumerate(tokens) if len(w) >= 4 and w.isalpha()]
    if not slippable:
        return None
    i = rng.choice(slippable)
    slipped = keyboard_slip(tokens[i], vocab.keyboard, rng)
    if slipped == tokens[i] or slipped in words:
        return None
    return " ".join([*tokens[:i], slipped, *tokens[i + 1 :]])


def keyboard_slip(word: str, keyboard: Mapping[str, str], rng: random.Random) -> str:
    """A neighbouring key, two letters swapped, a letter dropped or doubled; never the first."""
    i = rng.randrange(1, len(word))
    slip = rng.choice(("neighbour", "swap", "drop", "double"))
    if slip == "neighbour" and word[i] in keyboard:
        return word[:i] + rng.choice(keyboard[word[i]]) + word[i + 1 :]
    if slip == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if slip == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]
