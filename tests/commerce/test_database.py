"""Schema and connections: migrations match the tables, on both databases."""

import importlib.util
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from shoptalk.commerce import DatabaseError, Store
from shoptalk.commerce.database import database_url, upgrade_schema
from shoptalk.commerce.locate import store_data_dir
from shoptalk.commerce.tables import Base
from shoptalk.config import Settings
from tests.commerce.helpers import migrate


def test_migrations_create_exactly_the_declared_tables(empty_store: Store) -> None:
    with empty_store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrading_twice_is_a_no_op(empty_store: Store) -> None:
    upgrade_schema(empty_store.engine)
    upgrade_schema(empty_store.engine)


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(database_url(str(tmp_path / "wal.db")))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("postgresql://h/db", "postgresql+psycopg://h/db"),
        ("postgres://h/db", "postgresql+psycopg://h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls(target: str, url: str) -> None:
    assert database_url(target) == url


def test_a_file_path_becomes_an_absolute_sqlite_url(tmp_path: Path) -> None:
    assert database_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"


def test_unreachable_database_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open the database"):
        Store.open("postgresql+psycopg://127.0.0.1:1/none")


def test_postgres_without_its_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "psycopg" else real(name)
    )
    with pytest.raises(DatabaseError, match=r"pip install 'shoptalk\[postgres\]'"):
        Store.open(database_url("postgresql://127.0.0.1/test"))


def test_each_store_has_its_own_data_folder(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path / "var")
    one = Store.open(database_url(str(tmp_path / "one.db")))
    two = Store.open(database_url(str(tmp_path / "sub" / "one.db")))
    assert store_data_dir(one, settings).parent == tmp_path / "var" / "stores"
    assert store_data_dir(one, settings).name.startswith("one-")
    assert store_data_dir(one, settings) != store_data_dir(two, settings)
    assert store_data_dir(one, settings) == store_data_dir(
        Store.open(database_url(str(tmp_path / "one.db"))), settings
    )


def test_upgrading_from_0002_keeps_the_data_and_allows_untracked_stock(empty_store: Store) -> None:
    migrate(empty_store, "downgrade", "0002")
    with empty_store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO products (id, position, name, tags, options, revision)"
                " VALUES ('p-1', 0, 'Mug', '[]', '[]', 3)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO variants (id, product_id, position, options, price_cents, available,"
                " stock) VALUES ('v-1', 'p-1', 0, '{}', 1250, :yes, 7)"
            ),
            {"yes": True},
        )
    upgrade_schema(empty_store.engine)
    with empty_store.engine.begin() as connection:
        assert connection.execute(text("SELECT name, revision, image_url FROM products")).one() == (
            "Mug",
            3,
            None,
        )
        assert connection.execute(
            text("SELECT price_cents, stock, image_url FROM variants")
        ).one() == (1250, 7, None)
        connection.execute(text("UPDATE variants SET stock = NULL, image_url = 'https://x/1.jpg'"))
    with empty_store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
