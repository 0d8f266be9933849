"""The catalog's own words: brands, product types, option names and values with synonyms.

Constraints are parsed out of a query with this vocabulary and nothing else, so a store that
sells "navy" hoodies and "midnight blue" phone cases understands "dark blue" as whichever of
the two each product offers. Phrases are keyed by their stems ("Happy Paws" → "happi paw"),
which is how query words are compared with them.
"""

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from shoptalk.commerce.catalog_view import CatalogProduct, OptionValue
from shoptalk.search.text import compounds, keys, words

OptionPair = tuple[str, str]
"""An option name and one of its canonical values: ("color", "navy")."""


@lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> str:
    return " ".join(keys(words(text)))


def phrase_keys(text: str) -> list[str]:
    """The key of a phrase, plus the key of its hyphen-joined form ("t-shirts" → "tshirt")."""
    found = [phrase_key(text)]
    joined = compounds(text)
    if joined:
        found.append(phrase_key(" ".join(joined)))
    return [key for key in found if key]


@dataclass
class Vocabulary:
    """What the catalog calls things, keyed the way queries are read."""

    brands: dict[str, str] = field(default_factory=dict)
    """Phrase key → brand as the catalog spells it."""
    types: dict[str, str] = field(default_factory=dict)
    """Phrase key → product type, for the whole type name ("running shoes")."""
    type_heads: dict[str, str] = field(default_factory=dict)
    """Last word of a type name that no other type ends with ("shoes" → running shoes)."""
    option_names: dict[str, str] = field(default_factory=dict)
    """Phrase key → option name ("size")."""
    option_phrases: dict[str, list[int]] = field(default_factory=dict)
    """Phrase key of a value or synonym → the pairs it may mean ("navi" → navy, midnight blue)."""
    pairs: list[OptionPair] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    """Phrase keys of product names of two words or more ("flat white"): said whole, they
    name a product, not an option value."""
    type_pairs: dict[str, list[int]] = field(default_factory=dict)
    """Product type → the option pairs its products offer."""
    word_counts: dict[str, int] = field(default_factory=dict)
    """Every word of the catalog → the number of products using it (for spelling repair)."""

    @cached_property
    def pair_ids(self) -> dict[OptionPair, int]:
        """Option pair → its id in `pairs` (valid once the vocabulary is built)."""
        return {pair: i for i, pair in enumerate(self.pairs)}

    def pairs_meant(self, name: str, value: str) -> list[OptionPair]:
        """The catalog's pairs an option name and value may mean, in any case or as a
        synonym: ("color", "dark blue") is navy on hoodies and midnight blue on cases."""
        name_key, value_key = phrase_key(name), phrase_key(value)
        named = [pair for pair in self.pairs if phrase_key(pair[0]) == name_key]
        exact = [pair for pair in named if phrase_key(pair[1]) == value_key]
        meant = {self.pairs[i] for i in self.option_phrases.get(value_key, ())}
        return exact or [pair for pair in named if pair in meant]

    def to_json(self) -> dict[str, Any]:
        return {
            "brands": self.brands,
            "types": self.types,
            "type_heads": self.type_heads,
            "option_names": self.option_names,
            "option_phrases": self.option_phrases,
            "pairs": [list(pair) for pair in self.pairs],
            "names": sorted(self.names),
            "type_pairs": self.type_pairs,
            "word_counts": self.word_counts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Vocabulary":
        return cls(
            brands=dict(data["brands"]),
            types=dict(data["types"]),
            type_heads=dict(data["type_heads"]),
            option_names=dict(data["option_names"]),
            option_phrases={k: list(v) for k, v in data["option_phrases"].items()},
            pairs=[(str(name), str(value)) for name, value in data["pairs"]],
            names=set(data["names"]),
            type_pairs={k: list(v) for k, v in data["type_pairs"].items()},
            word_counts=dict(data["word_counts"]),
        )


class VocabularyBuilder:
    """Collects a vocabulary product by product; starting from an existing one keeps its pair
    ids, so variant tables built against it stay valid."""

    def __init__(self, start: Vocabulary | None = None) -> None:
        base = start or Vocabulary()
        self.vocabulary = Vocabulary.from_json(base.to_json())
        self._pair_ids = {pair: i for i, pair in enumerate(self.vocabulary.pairs)}
        self._type_pairs = {t: set(ids) for t, ids in self.vocabulary.type_pairs.items()}
        self._phrases = {k: set(ids) for k, ids in self.vocabulary.option_phrases.items()}

    def add(self, product: CatalogProduct) -> list[list[int]]:
        """Learn the product's words; returns the pair ids of each option dimension's values."""
        vocabulary = self.vocabulary
        if product.brand:
            for key in phrase_keys(product.brand):
                vocabulary.brands.setdefault(key, product.brand)
        if product.type:
            for key in phrase_keys(product.type):
                vocabulary.types.setdefault(key, product.type)
        name = phrase_key(product.name)
        if " " in name:
            vocabulary.names.add(name)
        self._count_words(product)
        return [self._add_dimension(product, dim.name, dim.values) for dim in product.options]

    def _add_dimension(
        self, product: CatalogProduct, name: str, values: tuple[OptionValue, ...]
    ) -> list[int]:
        for key in phrase_keys(name):
            self.vocabulary.option_names.setdefault(key, name)
        ids = []
        for value in values:
            pair_id = self.pair(name, value.value)
            ids.append(pair_id)
            for said in (value.value, *value.synonyms):
                for key in phrase_keys(said):
                    self._phrases.setdefault(key, set()).add(pair_id)
            if product.type:
                self._type_pairs.setdefault(product.type, set()).add(pair_id)
        return ids

    def pair(self, name: str, value: str) -> int:
        """The id of an option pair, added when new (a variant may name a value its product's
        options do not list)."""
        pair = (name, value)
        if pair not in self._pair_ids:
            self._pair_ids[pair] = len(self.vocabulary.pairs)
            self.vocabulary.pairs.append(pair)
        return self._pair_ids[pair]

    def _count_words(self, product: CatalogProduct) -> None:
        texts = [product.name, product.brand or "", product.type or "", product.description or ""]
        texts += product.tags
        for dim in product.options:
            texts.append(dim.name)
            texts += [said for v in dim.values for said in (v.value, *v.synonyms)]
        seen = {w for text in texts for w in (*words(text), *compounds(text))}
        counts = self.vocabulary.word_counts
        for word in seen:
            counts[word] = counts.get(word, 0) + 1

    def build(self) -> Vocabulary:
        vocabulary = self.vocabulary
        vocabulary.option_phrases = {k: sorted(ids) for k, ids in self._phrases.items()}
        vocabulary.type_pairs = {t: sorted(ids) for t, ids in self._type_pairs.items()}
        vocabulary.type_heads = _type_heads(vocabulary.types)
        return vocabulary


def _type_heads(types: dict[str, str]) -> dict[str, str]:
    """Heads ("shoe" of "run shoe") that name one type only and are not a type themselves."""
    owners: dict[str, set[str]] = {}
    for key, product_type in types.items():
        owners.setdefault(key.split()[-1], set()).add(product_type)
    return {
        head: next(iter(named))
        for head, named in owners.items()
        if len(named) == 1 and head not in types
    }
