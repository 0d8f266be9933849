"""Products a catalog file repeats unchanged, recognised from their raw rows.

An importer that reads each product from a run of rows (a Shopify export, a mapped file) hashes
the bytes of those rows, together with what gives them their meaning (the header, the
importer's options, the code that reads them: `reading_context`), into the product's digest.
Import and sync store the digest beside the product with the revision it describes; whatever
changes the product later (a checkout's stock, a sync) raises its revision and so retires it.

A sync that meets a product's rows with the product's live digest knows the product as stored
is exactly what those rows make: it neither builds nor checks nor compares them (`Unchanged`).
Those bytes passed every check when they were stored, read the same way; only the checks
that span products still see them (their ids). The digest is recorded only when the stored
product is exactly the file's (not when history keeps a variant the file dropped, or keeps the
id orders use for a renamed variant), so what it vouches for never depends on anything else.
"""

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol, runtime_checkable

from shoptalk.commerce.records import Product

DIGEST_BYTES = 16
"""A 128-bit hash: two different runs of rows sharing one is not a risk worth a thought."""
CODE_PACKAGES = ("shoptalk.commerce", "shoptalk.commerce.importers")
"""Whose source a digest covers: the importers, the records and checks, the row writers."""


@dataclass(frozen=True, slots=True)
class Read:
    """A product built from the file, with the digest of its rows (None: the source has none)."""

    product: Product
    digest: str | None


@dataclass(frozen=True, slots=True)
class Unchanged:
    """A product whose rows have its stored digest: not built."""

    id: str
    where: str
    """Where its rows start, to name them in an error (`products.csv, line 12`)."""


@runtime_checkable
class DigestReader(Protocol):
    """A source that can tell unchanged products from their rows. `live` maps product ids to
    the digests that still describe the stored products. Product ids are unique across what
    it yields (the reader checks them, for unchanged products too)."""

    def read_products(self, live: Mapping[str, str]) -> Iterator[Read | Unchanged]: ...


def row_digest(context: bytes, raw: Iterable[bytes]) -> str:
    """The digest of a product's rows: their bytes as the file holds them, in `context`."""
    digest = hashlib.blake2b(context, digest_size=DIGEST_BYTES)
    for chunk in raw:
        digest.update(chunk)
    return digest.hexdigest()


def reading_context(*parts: str) -> bytes:
    """What a product's rows mean besides their bytes: the format, header and options the
    reader names in `parts`, and the code that reads them (a new version of ShopTalk may
    read the same rows differently, so its first sync compares every product once)."""
    digest = hashlib.blake2b(_code_fingerprint(), digest_size=DIGEST_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part.encode("utf-8", "surrogateescape"))
    return digest.digest()


@cache
def _code_fingerprint() -> bytes:
    digest = hashlib.blake2b(digest_size=DIGEST_BYTES)
    for package in CODE_PACKAGES:
        files = [f for f in resources.files(package).iterdir() if f.name.endswith((".py", ".yaml"))]
        for file in sorted(files, key=lambda f: f.name):
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.digest()
