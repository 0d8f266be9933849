"""Hits carry an image: the offered variant's, else the product's, else none."""

import json
from pathlib import Path

from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.search import SearchIndex, SearchRequest, search
from tests.conftest import DATA

SHOE = "https://img.example.com/trail-shoe.jpg"
NAVY = "https://img.example.com/trail-shoe-navy.jpg"


def test_a_hit_shows_its_variants_image_else_its_products(tmp_path: Path) -> None:
    document = json.loads(DATA.read_text())
    shoe = document["products"][0]
    shoe["image_url"] = SHOE
    shoe["variants"][2]["image_url"] = NAVY
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    import_snapshot(store, parse_snapshot(json.dumps(document)))
    index = SearchIndex.open(store, folder=tmp_path / "search")

    def first(text: str) -> tuple[str | None, str | None]:
        hit = search(index, SearchRequest(text=text, limit=1)).hits[0]
        return hit.variant_id, hit.image_url

    assert first("trail running shoe red") == ("v-1", SHOE)
    assert first("trail running shoe navy") == ("v-3", NAVY)
    assert first("blender") == ("v-5", None)
