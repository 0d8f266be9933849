"""The loose-data store (tests/commerce/data/loose_store.json) on each database."""

from pathlib import Path

import pytest

from shoptalk.commerce import SnapshotFile, Store, import_snapshot

LOOSE = Path(__file__).parent / "data" / "loose_store.json"
LOOSE_REPLAY = Path(__file__).parent / "data" / "loose_store_replay.jsonl"


@pytest.fixture
def loose_store(empty_store: Store) -> Store:
    """A store with untracked stock and history as real shops keep it, read as a file is."""
    import_snapshot(empty_store, SnapshotFile(LOOSE))
    return empty_store
