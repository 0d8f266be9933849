"""`sync_catalog`: a store's catalog brought up to date from a file, in one transaction."""

import copy
import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from shoptalk.commerce import SnapshotError, SnapshotFile, Store, export_snapshot, import_snapshot
from shoptalk.commerce.importers import open_catalog
from shoptalk.commerce.records import Product
from shoptalk.commerce.sync import SyncReport, sync_catalog
from shoptalk.commerce.tables import ProductRow
from tests.commerce.helpers import call, state
from tests.conftest import DATA

JSON = dict[str, Any]


@pytest.fixture
def snapshot() -> JSON:
    document: JSON = json.loads(DATA.read_text())
    return document


def sync(store: Store, document: JSON, tmp_path: Path, **options: bool) -> SyncReport:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document))
    return sync_catalog(store, SnapshotFile(path), **options)


def product(document: JSON, product_id: str) -> JSON:
    return next(p for p in document["products"] if p["id"] == product_id)


def revisions(store: Store) -> dict[str, int]:
    with store.transaction(write=False) as session:
        rows = session.execute(select(ProductRow.id, ProductRow.revision)).tuples()
        return dict(rows.all())


def variants(store: Store, product_id: str) -> list[tuple[str, float, bool, int | None]]:
    found = call(store, "get_product", product_id=product_id)
    return [(v["id"], v["price"], v["available"], v.get("stock")) for v in found["variants"]]


def test_the_same_catalog_changes_nothing(store: Store, snapshot: JSON, tmp_path: Path) -> None:
    before = state(store), revisions(store)
    report = sync(store, snapshot, tmp_path)
    assert report == SyncReport(products_unchanged=4)
    assert (state(store), revisions(store)) == before


def test_added_updated_and_unchanged(store: Store, snapshot: JSON, tmp_path: Path) -> None:
    shoe = product(snapshot, "p-1")
    shoe["options"]["size"].append("11")
    shoe["variants"][1]["price"] = 54.99
    shoe["variants"][2]["stock"] = 9
    shoe["variants"].append(
        {"id": "v-6", "options": {"color": "red", "size": "11"}, "price": 59.99, "available": True}
    )
    product(snapshot, "p-2")["variants"][0]["image_url"] = "https://img.example.com/blender.jpg"
    snapshot["products"].append({"id": "p-5", "name": "Kettle", "type": "kitchen appliances"})
    report = sync(store, snapshot, tmp_path)
    assert report == SyncReport(
        products_added=1,
        products_updated=2,
        products_unchanged=2,
        variants_added=1,
        variants_updated=3,
        price_changes=1,
        stock_changes=1,
        image_changes=1,
        words_changed=True,
    )
    assert variants(store, "p-1") == [
        ("v-1", 59.99, True, 5),
        ("v-2", 54.99, True, 1),
        ("v-3", 64.5, True, 9),
        ("v-4", 64.5, False, 0),
        ("v-6", 59.99, True, None),
    ]
    assert call(store, "get_product", product_id="p-5")["name"] == "Kettle"
    assert {k: v for k, v in revisions(store).items() if v} == {"p-1": 1, "p-2": 1}
    exported = json.loads(export_snapshot(store))["products"]
    assert exported == [
        Product.model_validate(p).model_dump(mode="json") for p in snapshot["products"]
    ]


def test_prices_and_stock_alone_leave_the_models_current(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    product(snapshot, "p-2")["variants"][0]["price"] = 99.0
    report = sync(store, snapshot, tmp_path)
    assert (report.products_updated, report.price_changes, report.words_changed) == (1, 1, False)


def test_a_product_gone_from_the_file_becomes_unavailable(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    snapshot["products"] = [p for p in snapshot["products"] if p["id"] not in ("p-2", "p-4")]
    report = sync(store, snapshot, tmp_path)
    assert (report.products_missing, report.variants_made_unavailable) == (2, 1)
    assert report.missing_examples == ["p-2", "p-4"]
    assert variants(store, "p-2") == [("v-5", 120.0, False, 10)]
    assert call(store, "get_product", product_id="p-4")["name"] == "Catalog Only Lamp"
    assert revisions(store)["p-2"] == 1


def test_remove_missing_deletes_only_what_no_order_refers_to(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    snapshot["products"] = [p for p in snapshot["products"] if p["id"] not in ("p-2", "p-4")]
    report = sync(store, snapshot, tmp_path, remove_missing=True)
    assert (report.products_removed, report.variants_made_unavailable) == (1, 1)
    assert "p-4" not in revisions(store)
    assert variants(store, "p-2") == [("v-5", 120.0, False, 10)]
    assert call(store, "get_order", user_id="u-1", order_id="#W1001")["items"][1]["name"]


def test_partial_leaves_unlisted_products_alone(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    product(snapshot, "p-2")["name"] = "Pro Blender"
    snapshot["products"] = [product(snapshot, "p-2")]
    report = sync(store, snapshot, tmp_path, partial=True)
    assert report == SyncReport(products_updated=1, words_changed=True)
    assert variants(store, "p-1")[0] == ("v-1", 59.99, True, 5)


def test_a_variant_gone_is_deleted_or_kept_unavailable_for_its_orders(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    shoe = product(snapshot, "p-1")
    shoe["variants"] = [v for v in shoe["variants"] if v["id"] not in ("v-1", "v-2")]
    shoe["options"]["color"] = [{"value": "navy", "synonyms": ["dark blue"]}]
    report = sync(store, snapshot, tmp_path)
    assert (report.variants_removed, report.variants_made_unavailable) == (1, 1)
    assert variants(store, "p-1") == [
        ("v-3", 64.5, True, 3),
        ("v-4", 64.5, False, 0),
        ("v-1", 59.99, False, 5),
    ]
    options = call(store, "get_product", product_id="p-1")["options"]
    assert options["color"] == [{"value": "navy", "synonyms": ["dark blue"]}, "red"]
    round_trip = tmp_path / "again.json"
    round_trip.write_text(export_snapshot(store))
    assert sync_catalog(store, SnapshotFile(round_trip)).products_unchanged == 4


def test_a_variant_back_under_a_new_id_keeps_the_id_its_orders_use(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    shoe = product(snapshot, "p-1")
    shoe["variants"][2] |= {"id": "ACME-NAVY-9", "price": 61.0}
    report = sync(store, snapshot, tmp_path)
    assert (report.variants_added, report.variants_updated, report.price_changes) == (0, 1, 1)
    assert variants(store, "p-1")[2] == ("v-3", 61.0, True, 3)


def test_a_variant_moves_to_another_product_unless_orders_refer_to_it(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    shoe = product(snapshot, "p-1")
    moved = shoe["variants"].pop(1)
    product(snapshot, "p-4")["variants"] = [{**moved, "options": {}}]
    report = sync(store, snapshot, tmp_path)
    assert (report.products_updated, report.variants_added) == (2, 1)
    assert [v[0] for v in variants(store, "p-1")] == ["v-1", "v-3", "v-4"]
    assert variants(store, "p-4") == [("v-2", 59.99, True, 1)]
    product(snapshot, "p-1")["variants"].pop(1)
    product(snapshot, "p-4")["variants"] = [
        {"id": "v-3", "options": {}, "price": 1.0, "available": True}
    ]
    with pytest.raises(SnapshotError, match='variant "v-3" belongs to product "p-1"'):
        sync(store, snapshot, tmp_path)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda s: product(s, "p-1")["variants"][0].update(
                options={"color": "navy", "size": "10"}
            ),
            "products[0].variants[3].options: another variant has the same options",
        ),
        (
            lambda s: (
                product(s, "p-1")["variants"][0]["options"].update(size="10")
                or product(s, "p-1")["variants"].pop(1)
            ),
            'product "p-1": variant "v-1" is in orders with the options',
        ),
        (
            lambda s: s["store"].update(currency="EUR"),
            "the file's prices are in EUR, the store's in USD",
        ),
        (
            lambda s: s["products"].append({"id": "p-9", "name": ""}),
            "products[4].name: String should have at least 1 character",
        ),
    ],
)
def test_a_bad_file_changes_nothing(
    store: Store, snapshot: JSON, tmp_path: Path, edit: Any, message: str
) -> None:
    product(snapshot, "p-2")["name"] = "Pro Blender"
    edit(snapshot)
    before = state(store), revisions(store)
    with pytest.raises(SnapshotError, match=message.replace("(", r"\(").replace("[", r"\[")):
        sync(store, snapshot, tmp_path)
    assert (state(store), revisions(store)) == before


def test_a_store_is_needed(empty_store: Store, snapshot: JSON, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="the database holds no store yet"):
        sync(empty_store, copy.deepcopy(snapshot), tmp_path)


# --- what follows a sync: the search index, the trained models --------------------------------


def test_the_search_index_follows_incrementally(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    from shoptalk.search import SearchIndex, search

    index = SearchIndex.open(store, folder=tmp_path / "search")
    product(snapshot, "p-2")["name"] = "Smoothie Maker"
    product(snapshot, "p-1")["variants"][0]["stock"] = 0
    sync(store, snapshot, tmp_path)
    refresh = index.refresh()
    assert (refresh.changed, refresh.rebuilt) == (2, False)
    assert [hit.product_id for hit in search(index, "smoothie maker").hits][:1] == ["p-2"]


def test_trained_models_are_flagged_stale_when_the_words_change(
    store: Store, snapshot: JSON, tmp_path: Path
) -> None:
    from shoptalk.config import Settings
    from shoptalk.lm import runtime as lm_runtime
    from shoptalk.lm import service as lm_service
    from shoptalk.nlu import runtime, service
    from shoptalk.nlu.vocabulary import load_vocabulary

    trained_on = load_vocabulary(store).fingerprint()
    for folder, meta in (
        (tmp_path / "nlu", runtime.META_FILE),
        (tmp_path / "lm", lm_runtime.META_FILE),
    ):
        folder.mkdir()
        (folder / runtime.MODEL_FILE).write_bytes(b"")
        (folder / meta).write_text(json.dumps({"fingerprint": trained_on}))
    settings = Settings(understanding_model=tmp_path / "nlu", language_model=tmp_path / "lm")

    def said(ensure: Any) -> list[str]:
        told: list[str] = []
        ensure(store, settings, lambda *_: None, told.append)
        return told

    product(snapshot, "p-2")["variants"][0]["price"] = 99.0
    sync(store, snapshot, tmp_path)
    assert said(service.ensure_model) == said(lm_service.ensure_lm) == []
    product(snapshot, "p-2")["name"] = "Smoothie Maker"
    assert sync(store, snapshot, tmp_path).words_changed
    assert said(service.ensure_model) == [
        "The catalog changed since the understanding model was trained: run `shoptalk train`"
    ]
    assert said(lm_service.ensure_lm) == [
        "The catalog changed since the language model was trained: run `shoptalk train-lm`"
    ]


# --- from a platform's export ----------------------------------------------------------------

SHOPIFY = Path(__file__).parent / "importers" / "data" / "shopify_products.csv"


def edited_export(tmp_path: Path, edit: Any) -> Path:
    """The sample Shopify export with `edit(rows)` applied to its rows (dicts)."""
    with SHOPIFY.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = list(reader.fieldnames or [])
    edit(rows)
    path = tmp_path / "products_export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def shop(empty_store: Store) -> Store:
    import_snapshot(empty_store, open_catalog(SHOPIFY, "shopify"))
    return empty_store


def row(rows: list[dict[str, str]], sku: str) -> dict[str, str]:
    return next(r for r in rows if r["Variant SKU"] == sku)


def test_a_shopify_export_syncs_prices_stock_and_drafts(shop: Store, tmp_path: Path) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        row(rows, "NW-MCS-CH-L")["Variant Inventory Qty"] = "15"
        row(rows, "ACME-TR2-8")["Variant Price"] = "119.99"
        row(rows, "KC-POUR-01")["Status"] = "draft"

    report = sync_catalog(shop, open_catalog(edited_export(tmp_path, edit), "shopify"))
    assert report == SyncReport(
        products_updated=2,
        products_unchanged=5,
        products_missing=1,
        variants_updated=2,
        variants_made_unavailable=1,
        price_changes=1,
        stock_changes=1,
        missing_examples=["ceramic-pour-over"],
    )
    assert variants(shop, "ceramic-pour-over") == [("KC-POUR-01", 34.5, False, None)]
    assert variants(shop, "trail-runner-2")[0] == ("ACME-TR2-8", 119.99, True, 4)


def test_a_bad_row_at_the_end_of_an_export_changes_nothing(shop: Store, tmp_path: Path) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        row(rows, "ACME-TR2-8")["Variant Price"] = "119.99"
        [*_, last_variant] = (r for r in rows if r["Variant Price"])
        last_variant["Variant Price"] = "-4.00"

    before = state(shop), revisions(shop)
    with pytest.raises(SnapshotError, match=r'line \d+, column "Variant Price": -4.00 is negative'):
        sync_catalog(shop, open_catalog(edited_export(tmp_path, edit), "shopify"))
    assert (state(shop), revisions(shop)) == before
