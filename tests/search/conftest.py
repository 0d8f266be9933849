"""Search fixtures: the demo store and its index, built once per test session.

The demo store lives in a SQLite file with its index in `search-demo/` beside it, the layout the
relevance benchmark's `--workdir` expects, so the benchmark test reuses both. Test workers
(pytest-xdist) share one copy: the first imports and indexes it under a file lock, the others
wait and load it.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest

from shoptalk.commerce import Snapshot, Store, import_snapshot, parse_snapshot
from shoptalk.commerce.demo import demo_snapshot
from shoptalk.search import SearchIndex, storage
from tests.conftest import DATA


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    if worker_id == "master":
        return tmp_path_factory.mktemp("demo")
    shared = tmp_path_factory.getbasetemp().parent / "search-demo"
    shared.mkdir(exist_ok=True)
    return shared


@pytest.fixture(scope="session")
def demo_store(demo_folder: Path) -> Iterator[Store]:
    with storage.locked(demo_folder):
        store = Store.open(f"sqlite:///{demo_folder / 'demo.db'}")
        if not store.has_data():
            import_snapshot(store, Snapshot.model_validate(demo_snapshot()))
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_index(demo_store: Store, demo_folder: Path) -> SearchIndex:
    return SearchIndex.open(demo_store, folder=demo_folder / "search-demo")


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[Store]:
    """The small test store on SQLite (search reads both databases the same way; the
    PostgreSQL path is covered by the tests that take the `store` fixture)."""
    store = Store.open(f"sqlite:///{tmp_path / 'small.db'}")
    import_snapshot(store, parse_snapshot(DATA.read_bytes()))
    yield store
    store.close()


@pytest.fixture
def small_index(small_store: Store, tmp_path: Path) -> SearchIndex:
    return SearchIndex.open(small_store, folder=tmp_path / "search")
