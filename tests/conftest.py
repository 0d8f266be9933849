"""Shared fixtures: stores on SQLite and on the real PostgreSQL server.

PostgreSQL tests use a database of their own per pytest worker (created and dropped here), so
they never touch the server's other databases and workers never share rows.
"""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from shoptalk.assistant import Assistant
from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.commerce.database import database_url
from shoptalk.commerce.locate import open_demo_store
from shoptalk.commerce.tables import Base
from shoptalk.config import Settings
from shoptalk.lm import service as lm_service
from shoptalk.nlu import service

DATA = Path(__file__).parent / "commerce" / "small_store.json"
REPO_VAR = Path(__file__).parents[1] / "var"
TEST_CODE_SEED = 21
"""Seeds the development verifier's codes (tests read them from its log: tests/codes.py)."""
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


@pytest.fixture(scope="session")
def demo_model() -> Path:
    """The demo store's understanding model (`var/stores/demo-*/understanding`), trained by
    `make test` before the suite, or here when missing."""
    return _demo_artifact(service.ensure_model)


def copy_demo_database(target: Path) -> Path:
    """A private copy of `var/demo.db` (which the tests never change)."""
    with sqlite3.connect(REPO_VAR / "demo.db") as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


@pytest.fixture(scope="session")
def demo_lm() -> Path:
    """The demo store's language model (`var/stores/demo-*/lm`), trained by `make test`
    before the suite, or here when missing."""
    return _demo_artifact(lm_service.ensure_lm)


def _demo_artifact(ensure: Callable[[Store, Settings, Any, Any], Path]) -> Path:
    """What `ensure` finds (or trains) for the demo store, quietly."""
    settings = Settings(var_dir=REPO_VAR)
    demo = open_demo_store(settings)
    try:
        return ensure(demo, settings, lambda *_: None, print)
    finally:
        demo.close()


@pytest.fixture(scope="session")
def demo_models(demo_model: Path, demo_lm: Path) -> dict[str, str]:
    """The environment that points a `shoptalk` process at the demo store's trained models."""
    return {
        "SHOPTALK_UNDERSTANDING_MODEL": str(demo_model),
        "SHOPTALK_LANGUAGE_MODEL": str(demo_lm),
    }


@pytest.fixture(scope="session")
def demo_assistant(
    demo_model: Path, demo_lm: Path, tmp_path_factory: pytest.TempPathFactory
) -> Assistant:
    """The demo store's assistant, once per test worker, over a private copy of the store."""
    folder = tmp_path_factory.mktemp("demo")
    copy = copy_demo_database(folder / "demo.db")
    settings = Settings(
        var_dir=folder / "var",
        understanding_model=demo_model,
        language_model=demo_lm,
        identity_test_seed=TEST_CODE_SEED,
    )
    return Assistant.load(Store.open(database_url(str(copy)), settings), settings)


def run_shoptalk(
    *arguments: str, cwd: Path, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The `shoptalk` command as a user runs it: a real process, with `env` added to ours."""
    return subprocess.run(
        [sys.executable, "-m", "shoptalk", *arguments],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
