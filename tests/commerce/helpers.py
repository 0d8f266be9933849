"""Calling operations in tests, and proving that a refused one changed nothing."""

from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import func, select

from shoptalk.commerce import Refused, Store, export_snapshot
from shoptalk.commerce.database import MIGRATIONS_DIR
from shoptalk.commerce.tables import AuditRow, CartItemRow


def call(store: Store, op: str, **arguments: Any) -> dict[str, Any]:
    result: dict[str, Any] = store.call(op, arguments).model_dump(mode="json", by_alias=True)
    return result


def state(store: Store) -> tuple[str, int, list[tuple[str, str, int]]]:
    """Everything an operation could change: the snapshot, the audit log, the carts."""
    with store.transaction(write=False) as session:
        audits = session.scalar(select(func.count()).select_from(AuditRow)) or 0
        carts = [
            (row.user_id, row.variant_id, row.quantity)
            for row in session.scalars(
                select(CartItemRow).order_by(CartItemRow.user_id, CartItemRow.line)
            )
        ]
    return export_snapshot(store), audits, carts


def refused(store: Store, op: str, match: str, **arguments: Any) -> None:
    before = state(store)
    with pytest.raises(Refused, match=match):
        store.call(op, arguments)
    assert state(store) == before


def balance(store: Store, user_id: str, method_id: str) -> float:
    user = call(store, "get_user", user_id=user_id)
    return next(m["balance"] for m in user["payment_methods"] if m["id"] == method_id)


def stock(store: Store, product_id: str, variant_id: str) -> int | None:
    """The variant's stock count; None when the store does not track it."""
    product = call(store, "get_product", product_id=product_id)
    return next(v.get("stock") for v in product["variants"] if v["id"] == variant_id)


def migrate(store: Store, direction: str, revision: str) -> None:
    """Run Alembic's `upgrade` or `downgrade` to `revision` on the store's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)
