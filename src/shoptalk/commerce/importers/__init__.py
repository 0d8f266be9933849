"""Catalogs exported by shop platforms, read as snapshot products: Shopify's and WooCommerce's
product CSV, and any CSV or JSON-lines file through a field → column mapping (docs/import.md)."""

from shoptalk.commerce.importers.mapped import parse_mapping
from shoptalk.commerce.importers.source import (
    FORMATS,
    CatalogSource,
    Format,
    detect_format,
    open_catalog,
    open_source,
)

__all__ = [
    "FORMATS",
    "CatalogSource",
    "Format",
    "detect_format",
    "open_catalog",
    "open_source",
    "parse_mapping",
]
