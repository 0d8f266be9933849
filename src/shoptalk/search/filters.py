"""Constraints applied to variants: price, stock and every option dimension of the catalog.

Variants live in flat arrays, those of one product side by side, so a constraint is a boolean
mask over all variants and "does any variant of this product qualify" is one `reduceat`.
Options are posting lists (option pair → variants): "blue, size M" is the intersection of two
unions, 500,000 variants in about a millisecond.

A product without variants still gets one row: a made-to-order product's row carries every
value of every option (any combination can be ordered); a product listed with a name only
has no price and is never in stock.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from shoptalk.commerce.catalog_view import CatalogProduct
from shoptalk.search.vocabulary import VocabularyBuilder

Mask = npt.NDArray[np.bool_]
NO_PRICE = -1


@dataclass
class VariantTable:
    starts: npt.NDArray[np.int64]
    """Product p's variants are rows `starts[p]` to `starts[p + 1]`."""
    ids: npt.NDArray[np.str_]
    """"" for the row of a product without variants."""
    price_cents: npt.NDArray[np.int64]
    in_stock: npt.NDArray[np.bool_]
    pair_starts: npt.NDArray[np.int64]
    pair_ids: npt.NDArray[np.int32]
    posting_starts: npt.NDArray[np.int64] = field(init=False, repr=False)
    """Option pair p's variants are `postings[posting_starts[p] : posting_starts[p + 1]]`."""
    postings: npt.NDArray[np.int64] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Invert variant → pairs into pair → variants once, when the table is made, so no
        search pays for it."""
        owners = np.repeat(np.arange(len(self.ids)), np.diff(self.pair_starts))
        order = np.argsort(self.pair_ids, kind="stable")
        counts = np.bincount(self.pair_ids, minlength=int(self.pair_ids.max(initial=-1)) + 1)
        self.posting_starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.postings = owners[order].astype(np.int64)

    @property
    def products(self) -> int:
        return len(self.starts) - 1

    def rows_of(self, product: int) -> range:
        return range(int(self.starts[product]), int(self.starts[product + 1]))

    def pairs_of(self, row: int) -> list[int]:
        return [int(p) for p in self.pair_ids[self.pair_starts[row] : self.pair_starts[row + 1]]]

    def with_pairs(self, pair_ids: Iterable[int]) -> Mask:
        """Variants carrying any of the option pairs."""
        starts = self.posting_starts
        mask = np.zeros(len(self.ids), dtype=np.bool_)
        for pair in pair_ids:
            if 0 <= pair < len(starts) - 1:
                mask[self.postings[starts[pair] : starts[pair + 1]]] = True
        return mask

    def priced(self, low: int | None, high: int | None) -> Mask:
        """Variants with a price, within [low, high] cents."""
        mask: Mask = self.price_cents != NO_PRICE
        if low is not None:
            mask &= self.price_cents >= low
        if high is not None:
            mask &= self.price_cents <= high
        return mask

    def any_per_product(self, mask: Mask) -> Mask:
        """Products with at least one variant in `mask`."""
        if not self.products:
            return np.zeros(0, dtype=np.bool_)
        found: Mask = np.logical_or.reduceat(mask, self.starts[:-1])
        return found

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            "variant_starts": self.starts,
            "variant_ids": self.ids,
            "variant_price_cents": self.price_cents,
            "variant_in_stock": self.in_stock,
            "variant_pair_starts": self.pair_starts,
            "variant_pair_ids": self.pair_ids,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.generic]]) -> "VariantTable":
        return cls(
            starts=arrays["variant_starts"].astype(np.int64, copy=False),
            ids=arrays["variant_ids"].astype(np.str_, copy=False),
            price_cents=arrays["variant_price_cents"].astype(np.int64, copy=False),
            in_stock=arrays["variant_in_stock"].astype(np.bool_, copy=False),
            pair_starts=arrays["variant_pair_starts"].astype(np.int64, copy=False),
            pair_ids=arrays["variant_pair_ids"].astype(np.int32, copy=False),
        )


class VariantTableBuilder:
    def __init__(self, vocabulary: VocabularyBuilder) -> None:
        self._vocabulary = vocabulary
        self._starts = [0]
        self._ids: list[str] = []
        self._prices: list[int] = []
        self._in_stock: list[bool] = []
        self._pair_starts = [0]
        self._pairs: list[int] = []

    def add(self, product: CatalogProduct, dimension_pairs: list[list[int]]) -> None:
        if product.variants:
            for variant in product.variants:
                pairs = [self._vocabulary.pair(n, v) for n, v in variant.options.items()]
                self._row(variant.id, variant.price_cents, variant.in_stock, pairs)
        else:
            price = NO_PRICE if product.price_cents is None else product.price_cents
            every_value = [pair for dim in dimension_pairs for pair in dim]
            self._row("", price, product.configurable, every_value)
        self._starts.append(len(self._ids))

    def _row(self, variant_id: str, price: int, in_stock: bool, pairs: list[int]) -> None:
        self._ids.append(variant_id)
        self._prices.append(price)
        self._in_stock.append(in_stock)
        self._pairs.extend(pairs)
        self._pair_starts.append(len(self._pairs))

    def build(self) -> VariantTable:
        return VariantTable(
            starts=np.asarray(self._starts, dtype=np.int64),
            ids=np.asarray(self._ids, dtype=np.str_),
            price_cents=np.asarray(self._prices, dtype=np.int64),
            in_stock=np.asarray(self._in_stock, dtype=np.bool_),
            pair_starts=np.asarray(self._pair_starts, dtype=np.int64),
            pair_ids=np.asarray(self._pairs, dtype=np.int32),
        )


def concatenate(base: VariantTable, delta: VariantTable) -> VariantTable:
    """One table over base rows then delta rows."""
    return VariantTable(
        starts=np.concatenate([base.starts, delta.starts[1:] + base.starts[-1]]),
        ids=np.concatenate([base.ids, delta.ids]),
        price_cents=np.concatenate([base.price_cents, delta.price_cents]),
        in_stock=np.concatenate([base.in_stock, delta.in_stock]),
        pair_starts=np.concatenate(
            [base.pair_starts, delta.pair_starts[1:] + base.pair_starts[-1]]
        ),
        pair_ids=np.concatenate([base.pair_ids, delta.pair_ids]),
    )
