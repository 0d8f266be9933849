"""Search over titles written the way hardware retailers write them (data/hardware_store.json,
written for these tests): model numbers, sizes in any spelling, and "X for Y" requests."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.search import SearchIndex, search

HARDWARE = Path(__file__).parent / "data" / "hardware_store.json"


@pytest.fixture(scope="module")
def hardware_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    folder = tmp_path_factory.mktemp("hardware")
    store = Store.open(f"sqlite:///{folder / 'hardware.db'}")
    import_snapshot(store, parse_snapshot(HARDWARE.read_bytes()))
    yield SearchIndex.open(store, folder=folder / "search")
    store.close()


def first(index: SearchIndex, query: str) -> str:
    hits = search(index, query).hits
    assert hits, query
    return hits[0].product_id


@pytest.mark.parametrize(
    ("query", "product"),
    [
        ("DWE7491RS", "h-6"),
        ("dwe7491rs table saw", "h-6"),
        ("D5981-GHU", "h-7"),
        ("d5981ghu", "h-7"),
        ("D5981G", "h-7"),
        ("CH6244", "h-8"),
        ("ch-6244", "h-8"),
        ("EB-11210", "h-3"),
    ],
)
def test_a_model_number_finds_its_product_however_it_is_typed(
    hardware_index: SearchIndex, query: str, product: str
) -> None:
    assert first(hardware_index, query) == product


def test_a_code_too_short_to_tell_stands_for_nothing(hardware_index: SearchIndex) -> None:
    """ "EB-1" begins three model numbers: no product is singled out by it."""
    assert hardware_index.parts.lexical.codes_meant("#eb1") == []
    assert hardware_index.parts.lexical.codes_meant("#eb112") == ["#eb11210"]


@pytest.mark.parametrize(
    ("query", "product"),
    [
        ("3/4 inch pvc pipe", "h-1"),
        ("three quarter inch pvc pipe", "h-1"),
        ('1/2" pvc', "h-2"),
        ("one and a half inch pvc pipe", "h-3"),
        ("2x4 stud", "h-4"),
        ("2 by 6", "h-5"),
        ("five gallon bucket", "h-8"),
    ],
)
def test_a_size_matches_however_it_is_written(
    hardware_index: SearchIndex, query: str, product: str
) -> None:
    assert first(hardware_index, query) == product


@pytest.mark.parametrize(
    ("query", "wanted_type"),
    [
        ("bulbs for a chandelier", "Light Bulbs"),
        ("screws for composite decking", "Deck Screws"),
    ],
)
def test_the_product_named_before_for_is_what_is_wanted(
    hardware_index: SearchIndex, query: str, wanted_type: str
) -> None:
    hits = search(hardware_index, query).hits
    assert hits[0].type == wanted_type


def test_a_price_after_for_is_still_a_price(hardware_index: SearchIndex) -> None:
    result = search(hardware_index, "chandelier for under 200 dollars")
    assert result.constraints.price_max_cents == 20000
    assert result.hits[0].product_id == "h-11"
