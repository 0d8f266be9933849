"""`CatalogIndex`: everything grounding knows about one catalog, built once, asked per turn.

Building reads the catalog once and prepares the product index (arrays over all products) and
the catalog-wide option table; a product's own option table is built the first time that
product is asked about and kept (products with the same options share one).
"""

from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any

from shoptalk.commerce import Store
from shoptalk.commerce.catalog_view import CatalogProduct
from shoptalk.nlu.grounding.catalog import Catalog, catalog_from_snapshot, load_catalog
from shoptalk.nlu.grounding.options import OptionChoice, OptionMention, OptionTable
from shoptalk.nlu.grounding.products import ProductIndex, ProductMatch
from shoptalk.nlu.grounding.vocabulary import CatalogVocabulary, vocabulary_of
from shoptalk.nlu.normalize.order_ids import OrderIdFormat
from shoptalk.nlu.normalize.text import prepare
from shoptalk.nlu.understanding import ProductMention

TABLES_KEPT = 4096


@dataclass(frozen=True)
class ProductGrounding:
    """What a product mention names.

    `product` is set when one product matches best. When several match equally well it is
    None and `tied` holds them (at most the limit asked for; `tied_count` says how many there
    are), so the caller asks the shopper instead of choosing. Both empty: no product."""

    product: ProductMention | None
    tied: tuple[ProductMention, ...] = ()
    tied_count: int = 0


class CatalogIndex:
    """Grounding for one catalog; build it once (`from_store`) and share it between turns."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.order_ids: OrderIdFormat = catalog.order_ids
        self._products = ProductIndex(catalog.products)
        self._by_id = {product.id: product for product in catalog.products}
        distinct = {id(o): o for product in catalog.products for o in product.options}
        self._catalog_options = OptionTable(distinct.values())
        self._option_counts = Counter(o.name for p in catalog.products for o in p.options)
        self._tables: OrderedDict[tuple[int, ...], OptionTable] = OrderedDict()
        self._vocabulary: CatalogVocabulary | None = None

    @classmethod
    def from_store(cls, store: Store) -> "CatalogIndex":
        return cls(load_catalog(store))

    @classmethod
    def from_snapshot(cls, document: dict[str, Any]) -> "CatalogIndex":
        return cls(catalog_from_snapshot(document))

    def product(self, product_id: str) -> CatalogProduct | None:
        return self._by_id.get(product_id)

    def find_products(self, mention: str, limit: int = 5) -> tuple[ProductMatch, ...]:
        """Products `mention` may name, best first, with their scores."""
        return self._products.rank(mention, limit).matches

    def ground_product(self, mention: str, limit: int = 5) -> ProductGrounding:
        """The product `mention` names, or the products it names equally well."""
        ranking = self._products.rank(mention, limit)
        said = mention.strip()
        named = [ProductMention(id=m.id, name=m.name, mention=said) for m in ranking.matches]
        if not named:
            return ProductGrounding(None)
        if ranking.tied == 1:
            return ProductGrounding(named[0])
        return ProductGrounding(None, tuple(named[: ranking.tied]), ranking.tied)

    def find_options(
        self, text: str, product_id: str | None = None, *, one_span: bool = False
    ) -> tuple[OptionMention, ...]:
        """Option values named in `text`, for one product or (None) the whole catalog.

        `one_span`: `text` is a single value span the model found, so a bare number counts."""
        table = self._catalog_options if product_id is None else self._table(product_id)
        return table.find(prepare(text), one_span=one_span) if table else ()

    def ground_options(
        self, text: str, product_id: str | None = None, *, one_span: bool = False
    ) -> dict[str, str]:
        """Option name → canonical value for each option named unambiguously in `text`;
        when one option is named twice, the later value wins (a correction)."""
        chosen: dict[str, str] = {}
        for mention in self.find_options(text, product_id, one_span=one_span):
            choice = mention.choice if product_id else self._most_common(mention)
            if choice is not None:
                chosen[choice.name] = choice.value
        return chosen

    def _most_common(self, mention: OptionMention) -> OptionChoice | None:
        """Across the whole catalog, a value several options spell alike ("black": a color, a
        wash, a finish) is read as the option most products have; different values said alike
        ("whole": whole bean, whole milk) stay unread."""
        if mention.choice is not None or not mention.choices:
            return mention.choice
        top = [c for c in mention.choices if c.score >= mention.choices[0].score]
        if len({c.value for c in top}) > 1:
            return None
        ranked = sorted(top, key=lambda c: -self._option_counts[c.name])
        first, second = ranked[0], ranked[1]
        return first if self._option_counts[first.name] > self._option_counts[second.name] else None

    def vocabulary(self) -> CatalogVocabulary:
        if self._vocabulary is None:
            self._vocabulary = vocabulary_of(self.catalog.products)
        return self._vocabulary

    def _table(self, product_id: str) -> OptionTable | None:
        product = self._by_id.get(product_id)
        if product is None or not product.options:
            return None
        key = tuple(id(option) for option in product.options)
        table = self._tables.get(key)
        if table is None:
            table = OptionTable(product.options)
            self._tables[key] = table
            if len(self._tables) > TABLES_KEPT:
                self._tables.popitem(last=False)
        else:
            self._tables.move_to_end(key)
        return table
