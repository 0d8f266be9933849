"""The pieces of an index and how they combine: a base segment, a delta, one view of both.

Rows of the combined view are the base's products, then the delta's; a base row the delta
replaces (or whose product is gone) is simply not live. Each piece also knows its arrays, so
it can be stored and read back by `storage`.
"""

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from shoptalk.search.catalog import Fingerprint, StoreInfo
from shoptalk.search.filters import VariantTable
from shoptalk.search.filters import concatenate as concatenate_variants
from shoptalk.search.lexical import Bm25Params, FieldIndex, LexicalIndex
from shoptalk.search.query import GRAMMAR_WORDS
from shoptalk.search.segment import Fields, ProductTable, concatenate_products
from shoptalk.search.semantic import VectorIndex, model_words, text_of
from shoptalk.search.semantic import concatenate as concatenate_vectors
from shoptalk.search.spelling import Speller
from shoptalk.search.storage import Arrays
from shoptalk.search.text import words
from shoptalk.search.vocabulary import Vocabulary


@dataclass
class Base:
    """The base segment as built or loaded."""

    build: Path
    info: StoreInfo
    seen: Fingerprint
    """The store as it was when the base was built."""
    products: ProductTable
    variants: VariantTable
    lexical: LexicalIndex
    vectors: VectorIndex
    vocabulary: Vocabulary


@dataclass
class Delta:
    """Products changed since the base was built, and base products that no longer exist."""

    seen: Fingerprint
    products: ProductTable
    variants: VariantTable
    fields: list[Fields]
    vectors: VectorIndex
    vocabulary: Vocabulary
    removed: set[str] = field(default_factory=set)


@dataclass
class Parts:
    """Base and delta as one index: rows are base products, then delta products."""

    products: ProductTable
    variants: VariantTable
    lexical: LexicalIndex
    vectors: VectorIndex
    vocabulary: Vocabulary
    live: npt.NDArray[np.bool_]
    """False for base rows that the delta replaces or that were removed from the store."""
    speller: Speller

    def indexed_revisions(self, *, touched_only: bool) -> dict[str, int]:
        """Product id → indexed revision, for live rows (with a revision above 0 only)."""
        chosen = self.live & (self.products.revisions > 0) if touched_only else self.live
        ids = self.products.ids[chosen].tolist()
        return dict(zip(ids, self.products.revisions[chosen].tolist(), strict=True))


def waiting_texts(
    vectors: VectorIndex, products: ProductTable, limit: int
) -> tuple[npt.NDArray[np.str_], list[str]]:
    """Up to `limit` texts still waiting for their vector, with their keys: each one
    rebuilt from a product that has it (name, type and brand are all it takes). A text
    waiting in both base and delta is given once: its vector fills both."""
    waiting = vectors.missing()[:limit]
    waiting = waiting[np.sort(np.unique(vectors.keys[waiting], return_index=True)[1])]
    product_of = np.zeros(len(vectors.keys), dtype=np.int64)
    product_of[vectors.rows] = np.arange(len(vectors.rows))
    texts = [
        text_of(str(products.names[p]), str(products.types[p]), str(products.brands[p]))
        for p in product_of[waiting].tolist()
    ]
    return vectors.keys[waiting], texts


def base_arrays(base: Base) -> Arrays:
    return {
        **base.products.to_arrays(),
        **base.variants.to_arrays(),
        **base.lexical.title.to_arrays("title"),
        **base.lexical.body.to_arrays("body"),
        **_vector_arrays(base.vectors),
    }


def delta_arrays(delta: Delta) -> Arrays:
    return {
        **delta.products.to_arrays(),
        **delta.variants.to_arrays(),
        **_field_arrays(delta.fields),
        **_vector_arrays(delta.vectors),
    }


def base_from(build: Path, meta: dict[str, Any], arrays: Arrays, params: Bm25Params) -> Base:
    store = meta["store"]
    lexical = LexicalIndex(
        FieldIndex.from_arrays(arrays, "title"), FieldIndex.from_arrays(arrays, "body"), [], params
    )
    return Base(
        build,
        StoreInfo(store["name"], store["currency"], store["catalog_id"]),
        Fingerprint(**meta["fingerprint"]),
        ProductTable.from_arrays(arrays),
        VariantTable.from_arrays(arrays),
        lexical,
        _vectors_from(arrays),
        Vocabulary.from_json(meta["vocabulary"]),
    )


def delta_from(meta: dict[str, Any], arrays: Arrays) -> Delta:
    return Delta(
        Fingerprint(**meta["fingerprint"]),
        ProductTable.from_arrays(arrays),
        VariantTable.from_arrays(arrays),
        _fields_from(arrays),
        _vectors_from(arrays),
        Vocabulary.from_json(meta["vocabulary"]),
        set(meta["removed"]),
    )


def assemble(base: Base, delta: Delta | None) -> Parts:
    """One view of base and delta for searching."""
    if delta is None:
        live = np.ones(len(base.products), dtype=np.bool_)
        return Parts(
            base.products,
            base.variants,
            base.lexical,
            base.vectors,
            base.vocabulary,
            live,
            _speller(base.vocabulary),
        )
    replaced = set(delta.products.ids.tolist()) | delta.removed
    base_live = ~np.isin(base.products.ids, np.asarray(sorted(replaced), dtype=np.str_))
    return Parts(
        concatenate_products(base.products, delta.products),
        concatenate_variants(base.variants, delta.variants),
        base.lexical.with_delta(delta.fields),
        concatenate_vectors(base.vectors, delta.vectors),
        delta.vocabulary,
        np.concatenate([base_live, np.ones(len(delta.products), dtype=np.bool_)]),
        _speller(delta.vocabulary),
    )


def _speller(vocabulary: Vocabulary) -> Speller:
    brand_words = frozenset(w for brand in vocabulary.brands.values() for w in words(brand))
    return Speller(
        vocabulary.word_counts,
        also_known=GRAMMAR_WORDS,
        dictionary=model_words(),
        brand_words=brand_words,
    )


def _vector_arrays(vectors: VectorIndex) -> Arrays:
    """Which text each product's vector is made from; the vectors are stored apart
    (`storage.write_vectors`), since they outlast the build and arrive after it."""
    return {"vector_keys": vectors.keys, "vector_rows": vectors.rows}


def _vectors_from(arrays: Arrays) -> VectorIndex:
    return VectorIndex.pending(
        arrays["vector_keys"].astype(np.str_, copy=False),
        arrays["vector_rows"].astype(np.int32, copy=False),
    )


def _field_arrays(fields: list[Fields]) -> Arrays:
    arrays: Arrays = {}
    for number, name in enumerate(("title", "body")):
        documents = [f[number] for f in fields]
        arrays[f"delta_{name}_terms"] = np.asarray(
            [t for doc in documents for t in doc], dtype=np.str_
        )
        arrays[f"delta_{name}_starts"] = np.cumsum([0] + [len(doc) for doc in documents])
    return arrays


def _fields_from(arrays: Arrays) -> list[Fields]:
    split = []
    for name in ("title", "body"):
        terms = arrays[f"delta_{name}_terms"].tolist()
        starts = arrays[f"delta_{name}_starts"].tolist()
        split.append([terms[a:b] for a, b in itertools.pairwise(starts)])
    return list(zip(split[0], split[1], strict=True))
