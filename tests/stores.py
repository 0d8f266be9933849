"""The catalog-only stores of `tests/data/stores`, imported as a shop first imports them."""

from pathlib import Path

from shoptalk.commerce import SnapshotFile, Store, import_snapshot

STORES = Path(__file__).parent / "data" / "stores"
KINDS = ("cafe", "one_product", "names_only", "no_policies")
"""One each: no shoppers (a café menu), one product, products with only a name, no policies."""


def snapshot(kind: str) -> Path:
    return STORES / f"{kind}.json"


def open_snapshot(path: Path, folder: Path) -> Store:
    """The snapshot at `path` in a new SQLite database under `folder`."""
    store = Store.open(f"sqlite:///{folder / f'{path.stem}.db'}")
    import_snapshot(store, SnapshotFile(path))
    return store


def open_store(kind: str, folder: Path) -> Store:
    return open_snapshot(snapshot(kind), folder)
