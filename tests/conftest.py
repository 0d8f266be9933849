"""Shared fixtures: stores on SQLite and on the real PostgreSQL server.

PostgreSQL tests use a database of their own per pytest worker (created and dropped here), so
they never touch the server's other databases and workers never share rows.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.commerce.tables import Base

DATA = Path(__file__).parent / "commerce" / "small_store.json"
PG_SERVER = os.environ.get("SHOPTALK_TEST_PG", "postgresql://127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_url(worker_id: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this test worker."""
    name = f"shoptalk_test_{worker_id}_{os.getpid()}"
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_SERVER.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    yield f"{base}/{name}"
    with psycopg.connect(PG_SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _empty_postgres(url: str) -> Store:
    store = Store.open(url)
    names = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with store.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store on each database."""
    if request.param == "sqlite":
        store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    else:
        store = _empty_postgres(request.getfixturevalue("pg_url"))
    yield store
    store.close()


@pytest.fixture
def store(empty_store: Store) -> Store:
    """The small test store (tests/commerce/small_store.json) on each database."""
    import_snapshot(empty_store, parse_snapshot(DATA.read_bytes()))
    return empty_store
