"""A segment: everything search derives from a run of products, in one pass over them.

The index is a large base segment built from the whole catalog plus a small delta segment of
products changed since; both come out of `build_segment`, so a product is indexed the same way
whichever segment it lands in.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from shoptalk.commerce.catalog_view import CatalogProduct
from shoptalk.search.filters import VariantTable, VariantTableBuilder
from shoptalk.search.lexical import product_fields
from shoptalk.search.semantic import Progress, embedding_text
from shoptalk.search.vocabulary import Vocabulary, VocabularyBuilder

Fields = tuple[list[str], list[str]]
Arrays = dict[str, npt.NDArray[np.generic]]


@dataclass
class ProductTable:
    """Per product row: what hits, filters and staleness checks need."""

    ids: npt.NDArray[np.str_]
    positions: npt.NDArray[np.int64]
    revisions: npt.NDArray[np.int64]
    names: npt.NDArray[np.str_]
    brands: npt.NDArray[np.str_]
    types: npt.NDArray[np.str_]

    def __len__(self) -> int:
        return len(self.ids)

    def to_arrays(self) -> Arrays:
        return {
            "product_ids": self.ids,
            "product_positions": self.positions,
            "product_revisions": self.revisions,
            "product_names": self.names,
            "product_brands": self.brands,
            "product_types": self.types,
        }

    @classmethod
    def from_arrays(cls, arrays: Arrays) -> "ProductTable":
        return cls(
            ids=arrays["product_ids"].astype(np.str_, copy=False),
            positions=arrays["product_positions"].astype(np.int64, copy=False),
            revisions=arrays["product_revisions"].astype(np.int64, copy=False),
            names=arrays["product_names"].astype(np.str_, copy=False),
            brands=arrays["product_brands"].astype(np.str_, copy=False),
            types=arrays["product_types"].astype(np.str_, copy=False),
        )


def concatenate_products(base: ProductTable, delta: ProductTable) -> ProductTable:
    return ProductTable(
        *(
            np.concatenate([getattr(base, name), getattr(delta, name)])
            for name in ("ids", "positions", "revisions", "names", "brands", "types")
        )
    )


@dataclass
class Segment:
    products: ProductTable
    variants: VariantTable
    fields: list[Fields]
    texts: list[str]
    """Per product, the text its vector is made from."""
    vocabulary: Vocabulary


def build_segment(
    products: Iterable[CatalogProduct],
    vocabulary: Vocabulary | None = None,
    total: int | None = None,
    progress: Progress | None = None,
) -> Segment:
    """Read `products` once; a delta starts from the base's vocabulary to keep its pair ids."""
    words = VocabularyBuilder(vocabulary)
    variants = VariantTableBuilder(words)
    columns: dict[str, list[object]] = {name: [] for name in _COLUMNS}
    fields: list[Fields] = []
    texts: list[str] = []
    for count, product in enumerate(products, start=1):
        variants.add(product, words.add(product))
        for name, value in zip(_COLUMNS, _row(product), strict=True):
            columns[name].append(value)
        fields.append(product_fields(product))
        texts.append(embedding_text(product))
        if progress and (count % 500 == 0 or count == total):
            progress("reading", count, total)
    table = ProductTable(
        ids=np.asarray(columns["ids"], dtype=np.str_),
        positions=np.asarray(columns["positions"], dtype=np.int64),
        revisions=np.asarray(columns["revisions"], dtype=np.int64),
        names=np.asarray(columns["names"], dtype=np.str_),
        brands=np.asarray(columns["brands"], dtype=np.str_),
        types=np.asarray(columns["types"], dtype=np.str_),
    )
    return Segment(table, variants.build(), fields, texts, words.build())


_COLUMNS = ("ids", "positions", "revisions", "names", "brands", "types")


def _row(product: CatalogProduct) -> tuple[object, ...]:
    return (
        product.id,
        product.position,
        product.revision,
        product.name,
        product.brand or "",
        product.type or "",
    )
