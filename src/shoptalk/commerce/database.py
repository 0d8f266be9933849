"""Connections, transactions and schema migrations for SQLite and PostgreSQL.

Writes to the same rows must be serialised. PostgreSQL does it with row locks
(`SELECT … FOR UPDATE`, taken by the operations); SQLite locks the whole database, so a write
transaction starts with `BEGIN IMMEDIATE` and waits its turn instead of failing half-way.
"""

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from shoptalk.commerce.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
WRITE_OPTION = "shoptalk_write"


def database_url(target: str) -> str:
    """Accept a database URL or a SQLite file path; name PostgreSQL's driver explicitly."""
    if "://" not in target:
        return f"sqlite:///{Path(target).expanduser().resolve()}"
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    return target


def create_store_engine(url: str, *, lock_timeout_s: float = 30.0, pool_size: int = 10) -> Engine:
    """An engine configured for ShopTalk's transactions on either database."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(f"not a database URL: {url!r}") from error
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, lock_timeout_s)
    if parsed.get_backend_name() == "postgresql":
        _require_driver(parsed.get_driver_name())
        timeout_ms = int(lock_timeout_s * 1000)
        return create_engine(
            url,
            pool_size=pool_size,
            pool_pre_ping=True,
            connect_args={"options": f"-c lock_timeout={timeout_ms}", "connect_timeout": 10},
        )
    raise DatabaseError(
        f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
    )


POSTGRES_EXTRA = "PostgreSQL needs its driver, the postgres extra: pip install 'shoptalk[postgres]'"


def _require_driver(driver: str) -> None:
    """A PostgreSQL URL on an installation without its driver: one line that says what to
    install, not SQLAlchemy's ModuleNotFoundError."""
    if importlib.util.find_spec(driver) is None:
        raise DatabaseError(POSTGRES_EXTRA)


def _sqlite_engine(url: str, lock_timeout_s: float) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": lock_timeout_s})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_s * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        session.connection(execution_options={WRITE_OPTION: write})
        yield session


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_schema(engine: Engine) -> None:
    """Bring the database to the newest schema; a no-op when it is already there."""
    config = _alembic_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    try:
        with engine.connect() as connection:
            if MigrationContext.configure(connection).get_current_revision() == head:
                return
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as error:  # unreachable, refused, or a damaged SQLite file
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseError(f"cannot open the database {where}: {error.orig}") from error
