"""The catalog's words in catalog order: product names, brands, types and option values with
the ways the catalog says them, overall and per product type.

The assistant hands the names and brands to speech recognition as the words to listen for
(`Voice`'s vocabulary). Training sentences do not come from here: the understanding model and
the store's language model learn from `nlu.vocabulary.StoreVocabulary`, which also holds the
shoppers and the order-id format. Everything keeps catalog order, so the same catalog always
gives the same words.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shoptalk.commerce.catalog_view import CatalogProduct, OptionValue

OptionValues = Mapping[str, tuple[OptionValue, ...]]
"""Option name → its canonical values with their synonyms."""


@dataclass(frozen=True)
class CatalogVocabulary:
    product_names: tuple[str, ...]
    brands: tuple[str, ...]
    types: tuple[str, ...]
    options: OptionValues
    """Every option in the catalog, values merged over all products."""
    type_products: Mapping[str, tuple[str, ...]]
    """Product type → names of its products."""
    type_options: Mapping[str, OptionValues]
    """Product type → the options its products have."""


def vocabulary_of(products: Iterable[CatalogProduct]) -> CatalogVocabulary:
    names: dict[str, None] = {}
    brands: dict[str, None] = {}
    options: dict[str, dict[OptionValue, None]] = {}
    type_products: dict[str, dict[str, None]] = {}
    type_options: dict[str, dict[str, dict[OptionValue, None]]] = {}
    for product in products:
        names[product.name] = None
        if product.brand:
            brands[product.brand] = None
        kind = product.type or ""
        if kind:
            type_products.setdefault(kind, {})[product.name] = None
        for option in product.options:
            for values in (options, type_options.setdefault(kind, {}) if kind else {}):
                values.setdefault(option.name, {}).update(dict.fromkeys(option.values))
    return CatalogVocabulary(
        product_names=tuple(names),
        brands=tuple(brands),
        types=tuple(type_products),
        options=_frozen(options),
        type_products={kind: tuple(found) for kind, found in type_products.items()},
        type_options={kind: _frozen(found) for kind, found in type_options.items()},
    )


def _frozen(options: Mapping[str, Mapping[OptionValue, None]]) -> OptionValues:
    return {name: tuple(values) for name, values in options.items()}
