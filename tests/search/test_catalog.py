"""The catalog as search reads it: what counts as in stock."""

from pathlib import Path

from shoptalk.commerce import SnapshotFile, Store, import_snapshot
from shoptalk.commerce.catalog_view import iter_products
from tests.commerce.conftest import LOOSE


def test_untracked_stock_is_in_stock_while_available(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'loose.db'}")
    import_snapshot(store, SnapshotFile(LOOSE))
    in_stock = {v.id: v.in_stock for product in iter_products(store) for v in product.variants}
    assert in_stock == {
        "3694871183": True,
        "6452271382": True,
        "2499294441": False,
        "1199058591": True,
        "7579176349": True,
        "5320792178": True,
        "8384507844": False,
    }
