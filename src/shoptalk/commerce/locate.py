"""Where a store lives: a database URL, a SQLite file, a snapshot file, or the demo store.

A snapshot file is imported into a SQLite database under `var/snapshots/`, named by the
file's content hash, so repeated commands on the same file reuse one import.
"""

import fcntl
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy.engine import make_url

from shoptalk.commerce.database import database_url
from shoptalk.commerce.demo import generate_snapshot
from shoptalk.commerce.errors import StoreError
from shoptalk.commerce.records import Snapshot
from shoptalk.commerce.snapshot import ProgressCallback, SnapshotSource, import_snapshot
from shoptalk.commerce.snapshot_file import SnapshotFile
from shoptalk.commerce.store import Store
from shoptalk.config import Settings, get_settings

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def open_store(
    target: str | None,
    *,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Store:
    """Open the store `target` names; without one, the configured store or the demo store."""
    settings = settings or get_settings()
    target = target or settings.database_url
    if target is None:
        return open_demo_store(settings, progress=progress)
    if target.endswith(".json") and "://" not in target:
        return _open_snapshot_file(Path(target), settings, progress)
    return Store.open(database_url(target), settings)


def store_data_dir(store: Store, settings: Settings | None = None) -> Path:
    """The folder for what ShopTalk derives from this store (search index, trained models):
    `var/stores/<database name>-<hash of its URL>/`, so every command given the same store
    finds the same folder."""
    settings = settings or get_settings()
    url = store.engine.url
    name = (
        Path(url.database or "memory").stem if url.get_backend_name() == "sqlite" else url.database
    )
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:10]
    return settings.var_dir / "stores" / f"{name}-{digest}"


def open_demo_store(settings: Settings, *, progress: ProgressCallback | None = None) -> Store:
    """The demo store in `<home>/demo.db`, generated on first use."""

    def demo() -> Snapshot:
        return Snapshot.model_validate(generate_snapshot(seed=settings.demo_seed))

    return _built_on_first_use(settings.demo_db_path, demo, settings, progress)


def _open_snapshot_file(path: Path, settings: Settings, progress: ProgressCallback | None) -> Store:
    digest = _file_digest(path)
    db_path = settings.var_dir / "snapshots" / f"{path.stem}-{digest}.db"
    return _built_on_first_use(db_path, lambda: SnapshotFile(path), settings, progress)


def _built_on_first_use(
    db_path: Path,
    source: Callable[[], SnapshotSource],
    settings: Settings,
    progress: ProgressCallback | None,
) -> Store:
    """The SQLite store at `db_path`, imported from `source` when missing or empty.

    Processes that start at once take turns under a lock file beside it: the first imports
    (into a temporary file moved into place once whole), the others open what it built,
    instead of importing a second time into the same file and being told it already holds a
    store."""
    with _taking_turns(db_path.with_name(f".{db_path.name}.lock")):
        if not db_path.exists():
            import_into(str(db_path), source(), settings=settings, progress=progress)
        store = Store.open(database_url(str(db_path)), settings)
        if not store.has_data():
            import_snapshot(store, source(), progress=progress)
    return store


@contextmanager
def _taking_turns(lock: Path) -> Iterator[None]:
    """The block runs while this process holds an advisory lock on the file `lock`."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def import_into(
    target: str,
    source: SnapshotSource,
    *,
    replace: bool = False,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, int]:
    """Import a snapshot into the database `target` names (a URL or a SQLite file path).

    The import is one transaction, so a refused one changes nothing in an existing database.
    A SQLite file that does not exist yet is built under a temporary name beside it and moved
    into place only once the import went through: a refused import leaves no file behind.
    """
    url = database_url(target)
    new_file = _new_sqlite_file(url)
    if new_file is not None:
        return _import_into_new_file(new_file, source, settings, progress)
    store = Store.open(url, settings)
    try:
        return import_snapshot(store, source, replace=replace, progress=progress)
    finally:
        store.close()


def _new_sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def _import_into_new_file(
    path: Path,
    source: SnapshotSource,
    settings: Settings | None,
    progress: ProgressCallback | None,
) -> dict[str, int]:
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    building = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.importing")
    store: Store | None = None
    try:
        store = Store.open(database_url(str(building)), settings)
        counts = import_snapshot(store, source, progress=progress)
        store.close()
        building.replace(path)
    except BaseException:
        if store is not None:
            store.close()
        for leftover in (building, *(Path(f"{building}{end}") for end in SQLITE_SIDE_FILES)):
            leftover.unlink(missing_ok=True)
        for folder in missing:
            with suppress(OSError):
                folder.rmdir()
        raise
    return counts


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from error
    return digest.hexdigest()[:16]
