"""Concurrent writes are serialised: no double cancellation, no oversold stock, no overdrawn
gift card — on SQLite (immediate transactions) and PostgreSQL (row locks)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from shoptalk.commerce import DatabaseError, Refused, Snapshot, Store, import_snapshot
from shoptalk.commerce.tables import OrderRow
from shoptalk.config import Settings
from tests.commerce.helpers import balance, call, stock

ADDRESS = {
    "address1": "1 Main St",
    "address2": "",
    "city": "Austin",
    "state": "TX",
    "country": "USA",
    "zip": "78701",
}
SHOPPERS = 20


def run_together(tasks: list[Callable[[], Any]]) -> tuple[list[Any], list[Exception]]:
    """Start every task at the same instant on its own thread; collect results and refusals."""
    barrier = threading.Barrier(len(tasks))
    results: list[Any] = []
    errors: list[Exception] = []
    lock = threading.Lock()

    def worker(task: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            outcome = task()
        except Refused as error:
            with lock:
                errors.append(error)
            return
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def crowded_store(store: Store) -> Store:
    """One scarce variant, twenty shoppers, and one shopper with a gift card and six orders."""
    item = {"product_id": "p-1", "variant_id": "v-1", "name": "Lamp", "options": {}, "price": 20.0}
    snapshot = {
        "format": "shoptalk-store/1",
        "store": {"name": "Crowded", "currency": "USD"},
        "products": [
            {
                "id": "p-1",
                "name": "Lamp",
                "variants": [
                    {"id": "v-1", "options": {}, "price": 20.0, "available": True, "stock": 5}
                ],
            }
        ],
        "users": [
            {
                "id": f"u-{n}",
                "name": {"first": "Shopper", "last": str(n)},
                "email": f"s{n}@example.com",
                "address": ADDRESS,
                "payment_methods": [
                    {
                        "id": f"credit_card_{n}",
                        "type": "credit_card",
                        "brand": "visa",
                        "last_four": "1111",
                    },
                    {"id": f"gift_card_{n}", "type": "gift_card", "balance": 50.0},
                ],
            }
            for n in range(SHOPPERS)
        ],
        "orders": [
            {
                "id": f"#W{1001 + n}",
                "user_id": "u-0",
                "status": "pending",
                "address": ADDRESS,
                "items": [item],
                "payments": [{"type": "payment", "amount": 20.0, "method_id": "credit_card_0"}],
            }
            for n in range(6)
        ],
    }
    import_snapshot(store, Snapshot.model_validate(snapshot))
    return store


def test_twenty_concurrent_cancels_cancel_once(store: Store) -> None:
    def cancel() -> Any:
        return store.call(
            "cancel_pending_order",
            {"user_id": "u-1", "order_id": "#W1004", "reason": "no longer needed"},
        )

    results, errors = run_together([cancel] * 20)
    assert len(results) == 1
    assert len(errors) == 19
    assert all("cancelled" in str(e) for e in errors)
    order = call(store, "get_order", user_id="u-1", order_id="#W1004")
    assert [p["type"] for p in order["payments"]] == ["payment", "refund"]
    assert balance(store, "u-1", "gift_card_1") == 104.5
    assert stock(store, "p-1", "v-3") == 4


def test_concurrent_checkouts_never_oversell(empty_store: Store) -> None:
    store = crowded_store(empty_store)
    for n in range(SHOPPERS):
        call(store, "add_to_cart", user_id=f"u-{n}", variant_id="v-1")

    def checkout(n: int) -> Callable[[], Any]:
        return lambda: store.call(
            "checkout", {"user_id": f"u-{n}", "payment_method_id": f"credit_card_{n}"}
        )

    results, errors = run_together([checkout(n) for n in range(SHOPPERS)])
    assert len(results) == 5
    assert len(errors) == SHOPPERS - 5
    assert stock(store, "p-1", "v-1") == 0
    assert len({order.id for order in results}) == 5


def test_concurrent_debits_never_overdraw_a_gift_card(empty_store: Store) -> None:
    store = crowded_store(empty_store)

    def pay_with_gift_card(n: int) -> Callable[[], Any]:
        arguments = {
            "user_id": "u-0",
            "order_id": f"#W{1001 + n}",
            "payment_method_id": "gift_card_0",
        }
        return lambda: store.call("modify_pending_order_payment", arguments)

    results, errors = run_together([pay_with_gift_card(n) for n in range(6)])
    assert len(results) == 2
    assert all("not enough" in str(e) for e in errors)
    assert balance(store, "u-0", "gift_card_0") == 10.0


def test_a_write_that_waits_too_long_fails_cleanly(store: Store) -> None:
    """A row held by another transaction past the lock timeout is one clear error, no change."""
    impatient = Store.open(
        store.engine.url.render_as_string(hide_password=False), Settings(db_lock_timeout_s=0.3)
    )
    with store.transaction(write=True) as session:
        session.execute(select(OrderRow).where(OrderRow.id == "#W1001").with_for_update())
        with pytest.raises(DatabaseError, match="cancel_pending_order: the database refused"):
            impatient.call(
                "cancel_pending_order",
                {"user_id": "u-1", "order_id": "#W1001", "reason": "no longer needed"},
            )
    impatient.close()
    assert call(store, "get_order", user_id="u-1", order_id="#W1001")["status"] == "pending"
