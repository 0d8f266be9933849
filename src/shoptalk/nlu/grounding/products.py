"""Which catalog products a mention names, scored, with ties kept.

Every product is indexed by the matching terms of its name, brand and type ("identity" terms)
and of its option values and synonyms. A mention is scored against all products at once with
numpy (a 100k-product catalog costs a few array operations, not a Python loop):

- coverage: the share of the mention's words (weighted by rarity, idf) that the product
  explains, by its name, brand, type or options ("dark roast latte" is all explained by Latte);
- whole name: a product whose every name word was said ranks above one named only in part,
  so "mocha" is Mocha rather than Iced Mocha, while "iced mocha" is Iced Mocha because Mocha
  explains half of it.

score = coverage * (1 if the whole name was said else `PARTIAL_NAME`). A product needs one of
its identity terms said exactly, or its whole name said (slips allowed: "lottie" → Latte),
and a score of `MIN_SCORE`. Of products with the same best score, the one whose name explains
more of the mention wins ("oat snack bars" is Oat Snack Bars, not Oat Bars whose type is snack
bars); products equal on both are a tie: the caller must ask.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from shoptalk.commerce.catalog_view import CatalogProduct, ProductOption
from shoptalk.nlu.grounding.lexicon import Candidate, Lexicon
from shoptalk.nlu.grounding.terms import Term, terms_of
from shoptalk.nlu.normalize.numbers import is_numeral
from shoptalk.nlu.normalize.text import prepare

MIN_SCORE = 0.5
PARTIAL_NAME = 0.9
UNKNOWN_SHARE = 0.01
"""An unknown word weighs like a term found in 1 % of products (or in one, in a catalog of
fewer than a hundred): it lowers coverage. Unknown numbers weigh nothing: they are quantities."""
STOPWORDS = frozenset(
    {"the", "a", "an", "some", "of", "for", "me", "my", "please", "one", "ones", "that"}
    | {"this", "those", "these", "any", "and", "or", "in", "with", "your", "you", "it", "its"}
    | {"i", "to", "on", "by", "from", "more", "another", "other", "also", "too", "is"}
)
"""Words that never tell products apart; left out on both sides."""


@dataclass(frozen=True)
class ProductMatch:
    """A product a mention may name; `whole_name`: every word of its name was said."""

    id: str
    name: str
    score: float
    whole_name: bool


@dataclass(frozen=True)
class Ranking:
    """Matches best first (at most the limit asked for), and how many share the best score."""

    matches: tuple[ProductMatch, ...]
    tied: int


@lru_cache(maxsize=100_000)
def identity_terms(text: str) -> tuple[tuple[str, str], ...]:
    """(term, word) pairs of a name, brand or type, without stopwords."""
    terms = terms_of(prepare(text))
    return tuple(dict.fromkeys((t.text, t.surface) for t in terms if t.surface not in STOPWORDS))


@lru_cache(maxsize=100_000)
def _option_spellings(option: ProductOption) -> tuple[tuple[str, str], ...]:
    pairs = (pair for value in option.values for s in value.spellings for pair in identity_terms(s))
    return tuple(dict.fromkeys(pairs))


class ProductIndex:
    """Postings of every term over product positions, built once per catalog."""

    def __init__(self, products: Sequence[CatalogProduct]) -> None:
        self.products = products
        postings: dict[str, dict[str, list[int]]] = {
            kind: defaultdict(list) for kind in ("name", "meta", "option")
        }
        names: list[tuple[str, ...]] = []
        spellings: set[tuple[str, str]] = set()
        df: Counter[str] = Counter()
        for position, product in enumerate(products):
            fields = self._fields(product, spellings)
            for kind, terms in zip(("name", "meta", "option"), fields, strict=True):
                for term in terms:
                    postings[kind][term].append(position)
                df.update(terms)
            names.append(fields[0])
        count = max(len(products), 1)
        self.idf = {term: math.log(1 + count / n) for term, n in df.items()}
        self.unknown_weight = math.log(1 + min(count, 1 / UNKNOWN_SHARE))
        self.lexicon = Lexicon(spellings)
        self._postings = {
            kind: {term: np.array(found, dtype=np.int32) for term, found in table.items()}
            for kind, table in postings.items()
        }
        self._name_count = np.array([len(terms) for terms in names], dtype=np.int16)
        self._name_weight = np.array(
            [sum(self.idf[t] for t in terms) or 1.0 for terms in names], dtype=np.float32
        )

    @staticmethod
    def _fields(
        product: CatalogProduct, spellings: set[tuple[str, str]]
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(name, brand and type, option) terms of a product, each term in one field only."""
        name = identity_terms(product.name)
        meta = identity_terms(product.brand or "") + identity_terms(product.type or "")
        options = [pair for option in product.options for pair in _option_spellings(option)]
        spellings.update(name, meta, options)
        name_terms = tuple(dict.fromkeys(t for t, _ in name))
        meta_terms = tuple(dict.fromkeys(t for t, _ in meta if t not in name_terms))
        taken = set(name_terms) | set(meta_terms)
        option_terms = tuple(dict.fromkeys(t for t, _ in options if t not in taken))
        return name_terms, meta_terms, option_terms

    def rank(self, mention: str, limit: int = 5) -> Ranking:
        """The products `mention` may name."""
        terms = self._mention_terms(mention)
        if not terms or not self.products:
            return Ranking((), 0)
        candidates = [self.lexicon.lookup(term) for term in terms]
        score, whole, name_share, by_name = self._score(candidates)
        eligible = np.flatnonzero(score >= MIN_SCORE)
        if not eligible.size:
            return Ranking((), 0)
        scores = np.round(score[eligible], 6)
        named = np.round(by_name[eligible], 6)
        order = np.lexsort((eligible, -name_share[eligible], -named, -scores))[:limit]
        best = scores == scores.max()
        tied = int(np.count_nonzero(best & (named == named[best].max())))
        matches = tuple(
            ProductMatch(
                self.products[int(eligible[i])].id,
                self.products[int(eligible[i])].name,
                round(float(scores[i]), 4),
                bool(whole[eligible[i]]),
            )
            for i in order
        )
        return Ranking(matches, tied)

    def _mention_terms(self, mention: str) -> list[Term]:
        """The mention's terms without stopwords, run-together words split ("tshirt")."""
        terms: list[Term] = []
        for term in terms_of(prepare(mention)):
            if term.surface in STOPWORDS or _unknown_number(term, self.lexicon):
                continue
            parts = None if term.text in self.lexicon.terms else self.lexicon.split(term.surface)
            if parts is None:
                terms.append(term)
            else:
                terms.extend(Term(part, part, term.start, term.end) for part in parts)
        return terms

    def _score(
        self, candidates: Sequence[tuple[Candidate, ...]]
    ) -> tuple[
        npt.NDArray[np.float32],
        npt.NDArray[np.bool_],
        npt.NDArray[np.float32],
        npt.NDArray[np.float32],
    ]:
        """Each product's score (0 where not eligible), whether its whole name was said, the
        share of its name (by weight) that was said, and the share of the mention its name
        explains: the last two order products of equal score."""
        size = len(self.products)
        explained = np.zeros((len(candidates), size), dtype=np.float32)
        by_name = np.zeros((len(candidates), size), dtype=np.float32)
        identified = np.zeros(size, dtype=bool)
        exactly = np.zeros(size, dtype=bool)
        best: dict[str, float] = {}
        for row, named, found in zip(explained, by_name, candidates, strict=True):
            for term, quality in found:
                best[term] = max(best.get(term, 0.0), quality)
                for kind in ("name", "meta", "option"):
                    hit = self._postings[kind].get(term)
                    if hit is None:
                        continue
                    row[hit] = np.maximum(row[hit], quality)
                    if kind == "name":
                        named[hit] = np.maximum(named[hit], quality)
                    if kind != "option":
                        identified[hit] = True
                        exactly[hit] |= quality >= 1.0
        said_count, said_weight = self._name_said(best)
        weights = np.array([self._weight(found) for found in candidates], dtype=np.float32)
        coverage = (weights[:, None] * explained).sum(axis=0) / weights.sum()
        name_coverage = (weights[:, None] * by_name).sum(axis=0) / weights.sum()
        whole = (said_count >= self._name_count) & (self._name_count > 0)
        score = coverage * np.where(whole, 1.0, PARTIAL_NAME).astype(np.float32)
        score[~(identified & (exactly | whole))] = 0.0
        return score, whole, said_weight / self._name_weight, name_coverage

    def _name_said(
        self, best: dict[str, float]
    ) -> tuple[npt.NDArray[np.int16], npt.NDArray[np.float32]]:
        size = len(self.products)
        count = np.zeros(size, dtype=np.int16)
        weight = np.zeros(size, dtype=np.float32)
        for term in best:
            hit = self._postings["name"].get(term)
            if hit is not None:
                count[hit] += 1
                weight[hit] += self.idf[term]
        return count, weight

    def _weight(self, found: Iterable[Candidate]) -> float:
        return max((self.idf[term] for term, _ in found), default=self.unknown_weight)


def _unknown_number(term: Term, lexicon: Lexicon) -> bool:
    return is_numeral(term.text) and term.text not in lexicon.terms
