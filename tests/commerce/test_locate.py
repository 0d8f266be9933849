"""Importing into a store named by path or URL: all or nothing, down to the file itself."""

import json
from pathlib import Path

import pytest

from shoptalk.commerce import SnapshotError, SnapshotFile, Store, export_snapshot
from shoptalk.commerce.database import database_url
from shoptalk.commerce.locate import import_into
from tests.commerce.helpers import state
from tests.conftest import DATA


def bad_snapshot(folder: Path) -> Path:
    """The small store with its last order refunding more than it was paid."""
    document = json.loads(DATA.read_text())
    document["orders"][-1]["payments"].append(
        {"type": "refund", "amount": 500.0, "method_id": "credit_card_7"}
    )
    path = folder / "bad.json"
    path.write_text(json.dumps(document))
    return path


def test_a_new_sqlite_file_appears_only_when_the_import_went_through(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "store.db"
    with pytest.raises(SnapshotError, match=r"orders\[3\]\.payments\[1\]\.amount: refunds add up"):
        import_into(str(target), SnapshotFile(bad_snapshot(tmp_path)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]
    counts = import_into(f"sqlite:///{target}", SnapshotFile(DATA))
    assert counts == {"products": 4, "variants": 5, "users": 2, "orders": 4}
    assert sorted(p.name for p in target.parent.iterdir()) == ["store.db"]
    store = Store.open(database_url(str(target)))
    assert json.loads(export_snapshot(store))["store"]["name"] == "Test Store"


def test_a_refused_replacement_changes_nothing(store: Store, tmp_path: Path) -> None:
    before = state(store)
    url = store.engine.url.render_as_string(hide_password=False)
    with pytest.raises(SnapshotError, match="refunds add up"):
        import_into(url, SnapshotFile(bad_snapshot(tmp_path)), replace=True)
    assert state(store) == before
