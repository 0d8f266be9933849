"""Snapshot import and export: byte-identical round trips, and bad files refused whole."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from shoptalk.commerce import (
    SnapshotError,
    SnapshotFile,
    Store,
    export_snapshot,
    import_snapshot,
    parse_snapshot,
)
from shoptalk.commerce.demo import demo_snapshot
from shoptalk.commerce.records import Snapshot, SnapshotHeader
from shoptalk.commerce.tables import StoreRow
from tests.commerce.helpers import state
from tests.conftest import DATA

GOOD: dict[str, Any] = json.loads(DATA.read_text())


def test_export_import_export_is_byte_identical(store: Store, tmp_path: Path) -> None:
    first = export_snapshot(store)
    copy_store = Store.open(f"sqlite:///{tmp_path / 'copy.db'}")
    import_snapshot(copy_store, parse_snapshot(first))
    assert export_snapshot(copy_store) == first
    assert json.loads(first)["products"][0]["options"]["color"][1] == {
        "value": "navy",
        "synonyms": ["dark blue"],
    }


def test_every_import_gets_a_new_catalog_id(store: Store) -> None:
    def catalog_id() -> str:
        with store.transaction(write=False) as session:
            return session.scalar(select(StoreRow.catalog_id)) or ""

    first = catalog_id()
    import_snapshot(store, parse_snapshot(DATA.read_bytes()), replace=True)
    assert len(first) == 32
    assert catalog_id() != first


def test_export_keeps_money_to_two_decimals_and_order_of_records(store: Store) -> None:
    exported = json.loads(export_snapshot(store))
    assert [o["id"] for o in exported["orders"]] == ["#W1001", "#W1002", "#W1003", "#W1004"]
    assert exported["orders"][1]["payments"][0]["amount"] == 124.48
    assert exported["users"][0]["payment_methods"][0] == {
        "id": "gift_card_1",
        "type": "gift_card",
        "balance": 40.0,
    }


def test_a_catalog_of_names_only_is_accepted(empty_store: Store) -> None:
    document = {
        "format": "shoptalk-store/1",
        "store": {"name": "Names", "currency": "EUR"},
        "products": [{"id": "a", "name": "Blue mug"}, {"id": "b", "name": "Tea pot"}],
    }
    import_snapshot(empty_store, parse_snapshot(json.dumps(document)))
    exported = json.loads(export_snapshot(empty_store))
    assert [p["name"] for p in exported["products"]] == ["Blue mug", "Tea pot"]
    assert exported["products"][0]["variants"] == []


def test_import_refuses_a_store_already_there_unless_replacing(store: Store) -> None:
    before = state(store)
    with pytest.raises(SnapshotError, match="--replace"):
        import_snapshot(store, parse_snapshot(DATA.read_bytes()))
    assert state(store) == before
    names_only = {"format": "shoptalk-store/1", "store": {"name": "New", "currency": "USD"}}
    import_snapshot(store, parse_snapshot(json.dumps(names_only)), replace=True)
    assert json.loads(export_snapshot(store))["products"] == []


def mutated(path: str, value: Any) -> dict[str, Any]:
    """The good snapshot with the value at a dotted path (list indexes as numbers) replaced."""
    document = copy.deepcopy(GOOD)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target: Any = document
    for part in parents:
        target = target[part]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return document


DELETE = object()

BAD_SNAPSHOTS = [
    ("format", "shoptalk-store/2", "format: Input should be 'shoptalk-store/1'"),
    ("store.currency", "dollars", "store.currency: String should match pattern"),
    (
        "products.0.variants.0.price",
        -1.0,
        "products[0].variants[0].price: Input should be greater than or equal to 0",
    ),
    ("products.0.variants.0.price", "59.99", "products[0].variants[0].price: must be a number"),
    (
        "products.0.variants.0.price",
        1e300,
        "products[0].variants[0].price: must be at most 10000000",
    ),
    (
        "users.0.payment_methods.0.balance",
        1e30,
        "users[0].payment_methods[0].balance: must be at most 10000000.00",
    ),
    (
        "products.0.variants.0.stock",
        10**12,
        "products[0].variants[0].stock: Input should be less than or equal to 1000000000",
    ),
    (
        "products.0.variants.0.price",
        59.999,
        "products[0].variants[0].price: 59.999 has more than 2 decimals",
    ),
    (
        "products.0.variants.0.stock",
        1.5,
        "products[0].variants[0].stock: Input should be a valid integer",
    ),
    (
        "products.0.variants.0.available",
        "yes",
        "products[0].variants[0].available: Input should be a valid boolean",
    ),
    (
        "products.0.variants.0.colour",
        "red",
        "products[0].variants[0].colour: Extra inputs are not permitted",
    ),
    ("products.0.name", DELETE, "products[0].name: Field required"),
    ("products.1.id", "p-1", 'products[1].id: duplicate product id "p-1"'),
    ("products.1.variants.0.id", "v-1", 'products[1].variants[0].id: duplicate variant id "v-1"'),
    (
        "products.0.variants.1.options",
        {"color": "red", "size": "9"},
        "products[0].variants[1].options: another variant has the same options",
    ),
    (
        "products.0.variants.0.options",
        {"color": "green", "size": "9"},
        'products[0].variants[0].options.color: "green" is not one of',
    ),
    (
        "products.0.variants.0.options",
        {"color": "red"},
        'products[0].variants[0].options: missing option "size"',
    ),
    ("products.0.options.size", [], "products[0].options.size: an option needs at least one value"),
    (
        "products.2.price",
        DELETE,
        "products[2].price: a product with options and no variants needs a price",
    ),
    ("products.1.price", 3.0, "products[1].price: only a configurable product"),
    (
        "products.0.options.color.1",
        {"value": "", "synonyms": []},
        "products[0].options.color[1].value: String should have at least 1 character",
    ),
    ("users.1.id", "u-1", 'users[1].id: duplicate user id "u-1"'),
    (
        "users.1.email",
        "ada.lee@EXAMPLE.com",
        'users[1].email: duplicate email "ada.lee@EXAMPLE.com"',
    ),
    (
        "users.0.payment_methods.0.balance",
        -5.0,
        "users[0].payment_methods[0].balance: Input should be greater than or equal to 0",
    ),
    (
        "users.0.payment_methods.0.balance",
        DELETE,
        "users[0].payment_methods[0]: a gift card needs a balance",
    ),
    (
        "users.0.payment_methods.1.id",
        "gift_card_1",
        'users[0].payment_methods: duplicate id "gift_card_1"',
    ),
    (
        "users.0.payment_methods.2.type",
        "bitcoin",
        "users[0].payment_methods[2].type: Input should be 'gift_card', 'credit_card' or 'paypal'",
    ),
    ("orders.1.id", "#W1001", 'orders[1].id: duplicate order id "#W1001"'),
    ("orders.0.user_id", "u-9", 'orders[0].user_id: unknown user "u-9"'),
    ("orders.0.status", "shipped", "orders[0].status: Input should be 'pending'"),
    ("orders.0.items.0.variant_id", "v-9", 'orders[0].items[0].variant_id: unknown variant "v-9"'),
    (
        "orders.0.items.0.variant_id",
        "v-5",
        'orders[0].items[0].variant_id: not a variant of the product "v-5"',
    ),
    ("orders.0.items.0.product_id", "p-9", 'orders[0].items[0].product_id: unknown product "p-9"'),
    (
        "orders.0.items.0.options",
        {"color": "navy", "size": "9"},
        'orders[0].items[0].options: differ from the options of variant "v-1"',
    ),
    (
        "orders.1.items.2.variant_id",
        "p-3:large/dark roast",
        'orders[1].items[2].variant_id: a configured item\'s id is "p-3:dark roast/large"',
    ),
    ("orders.0.items", [], "orders[0].items: List should have at least 1 item"),
    (
        "orders.0.payments.0.method_id",
        "credit_card_9",
        'orders[0].payments[0].method_id: "credit_card_9" is not a payment method of u-1',
    ),
    (
        "orders.0.cancel_reason",
        "no longer needed",
        "orders[0].cancel_reason: only an order with status 'cancelled' has one",
    ),
    (
        "orders.1.return",
        {"variant_ids": ["v-1"], "refund_method_id": "paypal_3"},
        "orders[1].return: only an order with status 'return requested' has one",
    ),
    (
        "orders.1.status",
        "exchange requested",
        "orders[1].exchange: an order with status 'exchange requested' needs one",
    ),
    (
        "orders.0.payments",
        [
            {"type": "payment", "amount": 179.99, "method_id": "credit_card_7"},
            {"type": "refund", "amount": 100.0, "method_id": "credit_card_7"},
            {"type": "refund", "amount": 80.0, "method_id": "gift_card_1"},
        ],
        "orders[0].payments[2].amount: refunds add up to $180.00, more than the $179.99 paid",
    ),
    (
        "orders.1.fulfillments.0.variant_ids",
        ["v-5"],
        'orders[1].fulfillments[0].variant_ids: "v-5" is not an item of the order',
    ),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_SNAPSHOTS, ids=[b[0] for b in BAD_SNAPSHOTS]
)
def test_bad_snapshot_is_refused_with_its_path(path: str, value: Any, message: str) -> None:
    with pytest.raises(SnapshotError) as refusal:
        parse_snapshot(json.dumps(mutated(path, value)))
    assert str(refusal.value).startswith(message)
    assert "\n" not in str(refusal.value)


@pytest.mark.parametrize(
    ("path", "value", "message"), BAD_SNAPSHOTS, ids=[b[0] for b in BAD_SNAPSHOTS]
)
def test_bad_snapshot_file_is_refused_and_nothing_written(
    tmp_path: Path, path: str, value: Any, message: str
) -> None:
    """The streaming reader used for files finds the same problem at the same path."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(mutated(path, value)))
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    with pytest.raises(SnapshotError) as refusal:
        import_snapshot(store, SnapshotFile(bad))
    assert str(refusal.value).startswith(message)
    assert not store.has_data()


HISTORY_AS_IT_IS = [
    ("orders.0.status", "cancelled"),
    (
        "orders.1.payments",
        [
            {"type": "payment", "amount": 124.48, "method_id": "paypal_3"},
            {"type": "refund", "amount": 24.48, "method_id": "gift_card_1"},
            {"type": "refund", "amount": 100.0, "method_id": "paypal_3"},
        ],
    ),
    ("orders.0.address.address2", ""),
    ("users.0.address.address2", DELETE),
]


@pytest.mark.parametrize(
    ("path", "value"), HISTORY_AS_IT_IS, ids=["cancelled-without-reason", "refunds", "a2", "no-a2"]
)
def test_history_is_imported_as_it_is(tmp_path: Path, path: str, value: Any) -> None:
    """A cancelled order without its reason, refunds without a return behind them, empty
    address lines: the rules bind new writes, not the past (docs/design.md §5)."""
    document = json.dumps(mutated(path, value))
    (tmp_path / "history.json").write_text(document)
    for source in (parse_snapshot(document), SnapshotFile(tmp_path / "history.json")):
        store = Store.open(f"sqlite:///{tmp_path / f'{type(source).__name__}.db'}")
        import_snapshot(store, source)
        exported = export_snapshot(store)
        again = Store.open(f"sqlite:///{tmp_path / f'{type(source).__name__}-again.db'}")
        import_snapshot(again, parse_snapshot(exported))
        assert export_snapshot(again) == exported


def test_the_order_history_keeps_its_payments(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    import_snapshot(store, parse_snapshot(json.dumps(mutated(*HISTORY_AS_IT_IS[1]))))
    assert json.loads(export_snapshot(store))["orders"][1]["payments"] == HISTORY_AS_IT_IS[1][1]


def test_a_whole_number_beyond_64_bits_is_one_line_in_a_file(tmp_path: Path) -> None:
    bad = tmp_path / "huge.json"
    bad.write_text(json.dumps(mutated("products.0.variants.0.stock", 10**30)))
    with pytest.raises(SnapshotError) as refusal:
        SnapshotFile(bad).header()
    assert str(refusal.value) == "products: a whole number too large for any count or amount"


def nested(depth: int) -> str:
    """The good snapshot with a product's tags nested `depth` lists deep."""
    document = json.dumps(GOOD)
    return document.replace('"tags": ["outdoor"]', f'"tags": {"[" * depth}{"]" * depth}', 1)


def test_deeply_nested_json_is_one_line_in_memory() -> None:
    with pytest.raises(SnapshotError) as refusal:
        parse_snapshot(nested(3000))
    assert str(refusal.value).startswith("malformed JSON: recursion limit exceeded")


def test_deeply_nested_json_is_refused_before_the_file_is_walked(tmp_path: Path) -> None:
    """A streaming parser keeps a path per level: 20,000 levels took a gigabyte."""
    bad = tmp_path / "deep.json"
    bad.write_text(nested(3000))
    with pytest.raises(SnapshotError) as refusal:
        SnapshotFile(bad).header()
    assert str(refusal.value) == "products: nested more than 32 levels deep"


MALFORMED = [
    ('{"format": ', "malformed JSON"),
    ("[]", "(document): Input should be an object"),
    ("", "malformed JSON"),
    (b"\xff\xfe", "malformed JSON"),
    (
        '{"format": "shoptalk-store/1", "store": {"name": "S", "currency": "USD"}, "products": {}}',
        "products: Input should be a valid array",
    ),
    (
        '{"format": "shoptalk-store/1", "store": {"name": "S", "currency": "USD"}, "product": []}',
        "product: Extra inputs are not permitted",
    ),
    ('{"store": {"name": "S", "currency": "USD"}}', "format: Field required"),
]


@pytest.mark.parametrize(("document", "message"), MALFORMED)
def test_malformed_documents(document: str | bytes, message: str) -> None:
    with pytest.raises(SnapshotError) as refusal:
        parse_snapshot(document)
    assert str(refusal.value).startswith(message)


@pytest.mark.parametrize(("document", "message"), MALFORMED)
def test_malformed_files(tmp_path: Path, document: str | bytes, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(document if isinstance(document, bytes) else document.encode())
    with pytest.raises(SnapshotError) as refusal:
        SnapshotFile(bad).header()
    assert str(refusal.value).startswith(message)


def test_a_file_streams_the_same_records_as_memory() -> None:
    in_memory = parse_snapshot(DATA.read_bytes())
    streamed = SnapshotFile(DATA)
    assert streamed.header() == SnapshotHeader(format=in_memory.format, store=in_memory.store)
    assert list(streamed.iter_products()) == in_memory.products
    assert list(streamed.iter_users()) == in_memory.users
    assert list(streamed.iter_orders()) == in_memory.orders


def test_a_failed_import_writes_nothing(empty_store: Store) -> None:
    bad = mutated("orders.3.id", "#W1001")
    with pytest.raises(SnapshotError):
        import_snapshot(empty_store, parse_snapshot(json.dumps(bad)))
    assert not empty_store.has_data()


def test_a_database_failure_mid_import_rolls_everything_back(empty_store: Store) -> None:
    snapshot = parse_snapshot(DATA.read_bytes())
    calls = 0

    def explode(stage: str, _done: int, _total: int | None) -> None:
        nonlocal calls
        calls += 1
        if stage == "orders":
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        import_snapshot(empty_store, snapshot, progress=explode)
    assert calls >= 2
    assert not empty_store.has_data()


def test_the_demo_store_imports_and_round_trips(empty_store: Store, tmp_path: Path) -> None:
    counts = import_snapshot(empty_store, Snapshot.model_validate(demo_snapshot()))
    assert counts == {"products": 1200, "variants": 3600, "users": 250, "orders": 1500}
    exported = export_snapshot(empty_store)
    again = Store.open(f"sqlite:///{tmp_path / 'again.db'}")
    import_snapshot(again, parse_snapshot(exported))
    assert export_snapshot(again) == exported
