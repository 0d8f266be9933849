"""The index beside the store: persisted, reloaded, updated per product, rebuilt when stale."""

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete, select, update

from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.commerce.catalog import mark_changed
from shoptalk.commerce.tables import ProductRow, VariantRow
from shoptalk.search import Refresh, SearchIndex, SearchRequest, search, semantic
from shoptalk.search import index as index_module
from tests.conftest import DATA

LOCKS = {".lock", index_module.ENCODING_LOCK}


class Stages:
    """A progress callback that remembers which stages ran."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, stage: str, _done: int, _total: int | None) -> None:
        self.seen.add(stage)


def reopen(store: Store, folder: Path) -> tuple[SearchIndex, set[str]]:
    stages = Stages()
    return SearchIndex.open(store, folder=folder, progress=stages), stages.seen


def change(store: Store, product_id: str, **values: object) -> None:
    with store.transaction(write=True) as session:
        session.execute(update(ProductRow).where(ProductRow.id == product_id).values(**values))
        mark_changed(session, {product_id})


def top(index: SearchIndex, text: str) -> str | None:
    hits = search(index, text).hits
    return hits[0].product_id if hits else None


def test_built_once_then_loaded(small_store: Store, tmp_path: Path) -> None:
    _, first = reopen(small_store, tmp_path / "search")
    again, second = reopen(small_store, tmp_path / "search")
    assert {"reading", "encoding"} <= first
    assert second == set()
    assert top(again, "latte") == "p-3"


def test_lives_in_the_store_data_folder(small_store: Store, tmp_path: Path) -> None:
    from shoptalk.commerce.locate import store_data_dir
    from shoptalk.config import Settings

    settings = Settings(var_dir=tmp_path / "var")
    SearchIndex.open(small_store, settings=settings)
    assert (store_data_dir(small_store, settings) / "search" / "current.json").exists()
    assert not [p for p in (tmp_path / "var").rglob(".*") if p.name not in LOCKS]


@pytest.mark.parametrize("damage", ["truncate", "flip", "remove", "pointer"])
def test_a_damaged_index_is_rebuilt(small_store: Store, tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "search"
    reopen(small_store, folder)
    [arrays] = folder.glob("*/base.npz")
    if damage == "truncate":
        arrays.write_bytes(arrays.read_bytes()[:100])
    elif damage == "flip":
        data = bytearray(arrays.read_bytes())
        data[len(data) // 2] ^= 0xFF
        arrays.write_bytes(bytes(data))
    elif damage == "remove":
        arrays.unlink()
    else:
        (folder / "current.json").write_text("{not json")
    index, stages = reopen(small_store, folder)
    assert "reading" in stages
    assert top(index, "latte") == "p-3"


def test_a_new_import_rebuilds(small_store: Store, tmp_path: Path) -> None:
    index, _ = reopen(small_store, tmp_path / "search")
    document = DATA.read_text().replace("Catalog Only Lamp", "Brass Reading Lamp")
    import_snapshot(small_store, parse_snapshot(document.encode()), replace=True)
    assert index.refresh() == Refresh(rebuilt=True)
    assert top(index, "brass reading lamp") == "p-4"


def test_a_checkout_updates_only_that_product(store: Store, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL: stock taken at checkout reaches the index as a delta."""
    index, _ = reopen(store, tmp_path / "search")
    request = SearchRequest(text="red trail shoe size 10", in_stock=True)
    assert search(index, request).hits[0].variant_id == "v-2"
    store.call("add_to_cart", {"user_id": "u-2", "variant_id": "v-2"})
    store.call("checkout", {"user_id": "u-2", "payment_method_id": "credit_card_9"})
    assert index.refresh() == Refresh(changed=1)
    assert index.delta is not None
    assert index.delta.products.ids.tolist() == ["p-1"]
    assert search(index, request).relaxed == ["10"]
    reloaded, stages = reopen(store, tmp_path / "search")
    assert stages == set()
    assert search(reloaded, request).relaxed == ["10"]


def test_a_renamed_product_is_found_by_its_new_name(small_store: Store, tmp_path: Path) -> None:
    index, _ = reopen(small_store, tmp_path / "search")
    change(small_store, "p-2", name="Zorblax Quantum Stool", description=None, type=None)
    assert index.refresh() == Refresh(changed=1)
    assert top(index, "zorblax quantum") == "p-2"
    assert top(index, "blender") != "p-2"


def test_added_and_removed_products(small_store: Store, tmp_path: Path) -> None:
    index, _ = reopen(small_store, tmp_path / "search")
    with small_store.transaction(write=True) as session:
        session.add(ProductRow(id="p-9", position=9, name="Walnut Bookshelf", tags=[], options=[]))
        session.add(
            VariantRow(
                id="v-9", product_id="p-9", position=0, options={}, price_cents=12000,
                available=True, stock=3,
            )
        )  # fmt: skip
    assert index.refresh() == Refresh(changed=1)
    hit = search(index, "walnut bookshelf").hits[0]
    assert (hit.product_id, hit.variant_id, hit.price_cents) == ("p-9", "v-9", 12000)
    with small_store.transaction(write=True) as session:
        session.execute(delete(ProductRow).where(ProductRow.id == "p-4"))
    assert index.refresh() == Refresh(removed=1)
    assert top(index, "catalog only lamp") != "p-4"


def test_unchanged_text_is_never_encoded_again(
    small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, _ = reopen(small_store, tmp_path / "search")
    encoded: list[str] = []
    real_encode = semantic.encode

    def recording(texts: list[str], _progress: object = None, **_options: object) -> object:
        encoded.extend(texts)
        return real_encode(texts)

    monkeypatch.setattr(semantic, "encode", recording)
    with small_store.transaction(write=True) as session:
        session.execute(update(VariantRow).where(VariantRow.id == "v-5").values(stock=0))
        mark_changed(session, {"p-2"})
    index.refresh()
    change(small_store, "p-3", name="Oat Latte")
    index.refresh()
    assert encoded == ["Oat Latte. coffee drinks. House"]


def test_a_large_delta_is_folded_into_a_new_base(
    small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, _ = reopen(small_store, tmp_path / "search")
    monkeypatch.setattr(index_module, "DELTA_MIN", 1)
    monkeypatch.setattr(index_module, "DELTA_MAX", 1)
    change(small_store, "p-1", description="Now with a rock plate.")
    assert index.refresh() == Refresh(changed=1)
    change(small_store, "p-2", description="Now quieter.")
    assert index.refresh() == Refresh(changed=1, rebuilt=True)
    assert index.delta is None
    assert len(list((tmp_path / "search").glob("*/base.npz"))) == 1
    assert top(index, "rock plate") == "p-1"


def test_a_damaged_update_is_redone_from_the_store(small_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "search"
    index, _ = reopen(small_store, folder)
    change(small_store, "p-2", name="Zorblax Quantum Stool")
    index.refresh()
    [delta] = folder.glob("*/delta.npz")
    delta.write_bytes(b"garbage")
    reloaded, stages = reopen(small_store, folder)
    assert "reading" not in stages
    assert top(reloaded, "zorblax quantum") == "p-2"


def test_freshness_checks_are_spaced_out(small_store: Store, tmp_path: Path) -> None:
    index, _ = reopen(small_store, tmp_path / "search")
    change(small_store, "p-2", name="Zorblax Quantum Stool")
    index.check_interval_s = 3600
    assert top(index, "zorblax quantum") is None
    index.check_interval_s = 0
    assert top(index, "zorblax quantum") == "p-2"


def test_variants_side_by_side(small_index: SearchIndex) -> None:
    table = small_index.parts.variants
    starts = table.starts.tolist()
    assert starts == [0, 4, 5, 6, 7]
    assert table.ids.tolist() == ["v-1", "v-2", "v-3", "v-4", "v-5", "", ""]
    assert table.in_stock.tolist() == [True, True, True, False, True, True, False]
    assert np.array_equal(table.price_cents, [5999, 5999, 6450, 6450, 12000, 450, -1])


def test_revisions_are_read_from_the_store(small_store: Store, small_index: SearchIndex) -> None:
    with small_store.transaction(write=False) as session:
        rows = session.execute(select(ProductRow.id, ProductRow.revision))
        stored = dict(rows.tuples().all())
    indexed = small_index.parts.products
    assert dict(zip(indexed.ids.tolist(), indexed.revisions.tolist(), strict=True)) == stored
