"""The `Store`: one database, and the one way operations run against it.

Each operation runs in its own transaction. A write first locks the order it names (so writes
to one order are serialised), runs its rules, and records itself in the audit log in the same
transaction; a refusal rolls everything back.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from shoptalk.commerce.database import create_store_engine, transaction, upgrade_schema
from shoptalk.commerce.errors import DatabaseError, Refused
from shoptalk.commerce.operations.registry import OPERATIONS, Arguments, Operation
from shoptalk.commerce.records import Order
from shoptalk.commerce.tables import AuditRow, OrderRow, StoreRow
from shoptalk.config import Settings, get_settings


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, settings: Settings | None = None) -> "Store":
        """Connect and bring the schema up to date."""
        settings = settings or get_settings()
        engine = create_store_engine(
            url, lock_timeout_s=settings.db_lock_timeout_s, pool_size=settings.db_pool_size
        )
        upgrade_schema(engine)
        return cls(engine)

    def has_data(self) -> bool:
        """Whether a store (a snapshot or the demo) has been imported into this database."""
        with self.transaction(write=False) as session:
            return session.scalar(select(StoreRow.id)) is not None

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[Session]:
        with transaction(self.engine, write=write) as session:
            yield session

    def call(self, name: str, arguments: Mapping[str, Any]) -> BaseModel:
        """Run the operation `name` with raw (e.g. JSON) arguments."""
        declared = OPERATIONS.get(name)
        if declared is None:
            raise Refused(f"unknown operation {name!r}")
        return self.run(declared, declared.parse(arguments))

    def run(self, declared: Operation[Any], arguments: Arguments) -> BaseModel:
        try:
            with self.transaction(write=declared.writes) as session:
                status_before = _lock_named_order(session, arguments) if declared.writes else None
                result = declared.handler(session, arguments)
                if declared.writes:
                    _audit(session, declared.name, arguments, status_before, result)
        except OperationalError as error:
            raise DatabaseError(f"{declared.name}: the database refused: {error.orig}") from error
        return result


def _lock_named_order(session: Session, arguments: Arguments) -> str | None:
    order_id = getattr(arguments, "order_id", None)
    if order_id is None:
        return None
    query = select(OrderRow.status).where(OrderRow.id == order_id).with_for_update()
    return session.scalar(query)


def _audit(
    session: Session,
    operation: str,
    arguments: Arguments,
    status_before: str | None,
    result: BaseModel,
) -> None:
    order = result if isinstance(result, Order) else None
    session.add(
        AuditRow(
            at=datetime.now(UTC),
            user_id=getattr(arguments, "user_id", None),
            operation=operation,
            arguments=arguments.model_dump(mode="json"),
            order_id=order.id if order else getattr(arguments, "order_id", None),
            status_before=status_before,
            status_after=order.status if order else None,
        )
    )
