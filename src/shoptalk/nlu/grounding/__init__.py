"""Catalog grounding: product mentions and option values to the store's ids and values."""

from shoptalk.nlu.grounding.catalog import Catalog, catalog_from_snapshot, load_catalog
from shoptalk.nlu.grounding.index import CatalogIndex, ProductGrounding
from shoptalk.nlu.grounding.options import OptionChoice, OptionMention
from shoptalk.nlu.grounding.products import ProductMatch
from shoptalk.nlu.grounding.vocabulary import CatalogVocabulary

__all__ = [
    "Catalog",
    "CatalogIndex",
    "CatalogVocabulary",
    "OptionChoice",
    "OptionMention",
    "ProductGrounding",
    "ProductMatch",
    "catalog_from_snapshot",
    "load_catalog",
]
