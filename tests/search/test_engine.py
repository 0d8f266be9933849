"""Searching: each retrieval path, variant-level filters, sorting, summaries, bad input."""

from pathlib import Path
from typing import Any

import pytest

from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.commerce.catalog import configured_variant_id
from shoptalk.commerce.demo import demo_snapshot
from shoptalk.search import SearchIndex, SearchRequest, SearchResult, search

CATALOG = {p["id"]: p for p in demo_snapshot()["products"]}


def variant(hit_variant_id: str | None, product_id: str) -> dict[str, Any]:
    [found] = [v for v in CATALOG[product_id]["variants"] if v["id"] == hit_variant_id]
    return found


def types(result: SearchResult) -> list[str | None]:
    return [hit.type for hit in result.hits]


# --- retrieval paths ---------------------------------------------------------------------------


def test_lexical_match_on_a_product_name(demo_index: SearchIndex) -> None:
    result = search(demo_index, "Snoozy Pup Washable Dog Bed")
    assert result.hits[0].product_id == "p-1001"


def test_semantic_match_where_no_word_matches(demo_index: SearchIndex) -> None:
    """No product says "sneakers"; the sentence embeddings know they are running shoes."""
    assert demo_index.parts.lexical.scores({"sneaker": 1.0}).max() == 0
    assert set(types(search(demo_index, "sneakers"))[:5]) == {"running shoes"}


def test_misheard_words_are_repaired(demo_index: SearchIndex) -> None:
    assert set(types(search(demo_index, "blu tooth speeker"))[:10]) == {"bluetooth speakers"}
    assert set(types(search(demo_index, "sandles"))[:10]) == {"sandals"}


def test_a_named_type_comes_first(demo_index: SearchIndex) -> None:
    assert set(types(search(demo_index, "hiking boots"))[:10]) == {"hiking boots"}


# --- filters at the variant level -------------------------------------------------------------


def test_blue_size_m_returns_the_matching_variant(demo_index: SearchIndex) -> None:
    request = SearchRequest(text="hoodie", options={"color": "royal blue", "size": "M"})
    result = search(demo_index, request)
    assert result.hits
    for hit in result.hits:
        assert variant(hit.variant_id, hit.product_id)["options"] == hit.options
        assert hit.options["color"] == "royal blue"
        assert hit.options["size"] == "M"


def test_said_options_filter_variants_too(demo_index: SearchIndex) -> None:
    result = search(demo_index, "navy hoodie size M")
    assert result.hits[0].type == "hoodies"
    for hit in result.hits:
        if hit.variant_id is not None:
            assert variant(hit.variant_id, hit.product_id)["options"] == hit.options
        assert (hit.options["color"], hit.options["size"]) == ("navy", "M")
    assert "navy" in result.hits[0].summary


def test_price_range_applies_to_the_offered_variant(demo_index: SearchIndex) -> None:
    result = search(demo_index, "running shoes under 80 dollars")
    assert result.constraints.price_max_cents == 8000
    assert result.hits[0].type == "running shoes"
    for hit in result.hits:
        assert hit.price_cents is not None
        assert hit.price_cents <= 8000
        assert round(variant(hit.variant_id, hit.product_id)["price"] * 100) == hit.price_cents


def test_in_stock_only(demo_index: SearchIndex) -> None:
    result = search(demo_index, SearchRequest(text="office chair", in_stock=True, limit=30))
    assert result.hits
    assert all(hit.available for hit in result.hits)


def test_brand_constraint(demo_index: SearchIndex) -> None:
    result = search(demo_index, "acme running shoes")
    assert result.constraints.brand == "Acme"
    assert {hit.brand for hit in result.hits} == {"Acme"}
    assert result.hits[0].type == "running shoes"


def test_made_to_order_with_every_option_named_gets_its_configured_id(
    demo_index: SearchIndex,
) -> None:
    hit = search(demo_index, "large dark roast oat milk latte").hits[0]
    assert hit.name == "Latte"
    assert hit.options == {"size": "large", "roast": "dark roast", "milk": "oat milk"}
    assert hit.variant_id == configured_variant_id(hit.product_id, hit.options)
    assert hit.summary == "Latte, large, dark roast, oat milk, 4 dollars 50"


def test_made_to_order_with_options_missing_has_no_variant(demo_index: SearchIndex) -> None:
    hit = search(demo_index, "large oat milk latte").hits[0]
    assert (hit.name, hit.variant_id) == ("Latte", None)
    assert hit.options == {"size": "large", "milk": "oat milk"}


def test_an_option_the_named_type_never_has_is_relaxed(demo_index: SearchIndex) -> None:
    result = search(demo_index, "red water bottle")
    assert result.relaxed == ["red"]
    assert set(types(result)[:10]) == {"water bottles"}


def test_constraints_nothing_meets_are_relaxed_in_order(demo_index: SearchIndex) -> None:
    result = search(
        demo_index, SearchRequest(text="tent", price_max=1, options={"color": "orange"})
    )
    assert result.relaxed == ["orange", "price"]
    assert result.constraints.options == ()
    assert set(types(result)[:5]) == {"camping tents"}


def test_an_option_word_that_is_not_an_option_stays_a_word(demo_index: SearchIndex) -> None:
    coffee = search(demo_index, "something to keep coffee hot")
    assert coffee.constraints.options == ()
    assert "burrito bowls" not in types(coffee)
    chair = search(demo_index, "leather office chair")
    assert chair.constraints.options == ()
    assert chair.relaxed == []
    assert set(types(chair)[:10]) == {"office chairs"}


# --- sorting -----------------------------------------------------------------------------------


def prices(result: SearchResult) -> list[int]:
    return [hit.price_cents or 0 for hit in result.hits]


def test_cheapest_first(demo_index: SearchIndex) -> None:
    result = search(demo_index, "cheapest yoga mat")
    assert result.sort == "price_asc"
    assert set(types(result)) == {"yoga mats"}
    assert prices(result) == sorted(prices(result))


def test_most_expensive_first(demo_index: SearchIndex) -> None:
    result = search(demo_index, "most expensive office chair")
    assert set(types(result)) == {"office chairs"}
    assert prices(result) == sorted(prices(result), reverse=True)


def test_newest_first_by_catalog_position(demo_index: SearchIndex) -> None:
    result = search(demo_index, "newest sandals")
    positions = [int(hit.product_id.removeprefix("p-")) for hit in result.hits]
    assert set(types(result)) == {"sandals"}
    assert positions == sorted(positions, reverse=True)


def test_best_rated_says_the_catalog_has_no_ratings(demo_index: SearchIndex) -> None:
    result = search(demo_index, "best rated blender")
    assert result.notes == ["this catalog has no ratings: sorted by relevance"]
    assert result.hits[0].type == "blenders"


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("said", ["", "   ", "!!! ???", "😀🎉", "\x00\x01", "the"])
def test_nothing_to_look_for_is_an_empty_result(demo_index: SearchIndex, said: str) -> None:
    result = search(demo_index, said)
    assert (result.hits, result.notes) == ([], ["nothing to look for"])


@pytest.mark.parametrize("said", ["日本語のテキスト", "Привет, как дела", "مرحبا", "asdfghjkl"])
def test_words_from_elsewhere_find_nothing(demo_index: SearchIndex, said: str) -> None:
    assert search(demo_index, said).hits == []


def test_ten_thousand_characters(demo_index: SearchIndex) -> None:
    result = search(demo_index, "waterproof hiking boots " * 420)
    assert result.hits[0].type == "hiking boots"
    assert result.notes == ["only the first 500 characters were read"]


def test_quotes_and_sql_are_just_words(demo_index: SearchIndex) -> None:
    assert search(demo_index, "' OR 1=1; DROP TABLE products; --").hits is not None
    assert search(demo_index, "shoes").hits


# --- other catalogs ----------------------------------------------------------------------------


def names_only_store(folder: Path) -> Store:
    document = {
        "format": "shoptalk-store/1",
        "store": {"name": "Imported", "currency": "EUR"},
        "products": [
            {"id": "a", "name": "Stainless Steel Chef Knife"},
            {"id": "b", "name": "Bamboo Cutting Board"},
            {"id": "c", "name": "Cast Iron Dutch Oven"},
        ],
    }
    store = Store.open(f"sqlite:///{folder / 'names.db'}")
    import_snapshot(store, parse_snapshot(__import__("json").dumps(document).encode()))
    return store


def test_a_catalog_of_names_only(tmp_path: Path) -> None:
    store = names_only_store(tmp_path)
    index = SearchIndex.open(store, folder=tmp_path / "search")
    hit = search(index, "a knife for the kitchen").hits[0]
    assert (hit.product_id, hit.variant_id, hit.price_cents) == ("a", None, None)
    assert hit.summary == "Stainless Steel Chef Knife"
    assert search(index, "cutting bord").hits[0].product_id == "b"
    unpriced = search(index, "something under 20 euros")
    assert (unpriced.hits, unpriced.relaxed) == ([], [])
    store.close()


def test_an_empty_database(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'empty.db'}")
    index = SearchIndex.open(store, folder=tmp_path / "search")
    assert search(index, "anything at all").hits == []
    store.close()


def test_both_databases(store: Store, tmp_path: Path) -> None:
    """The small store on SQLite and PostgreSQL: the index reads either the same way."""
    index = SearchIndex.open(store, folder=tmp_path / "search")
    hit = search(index, "red trail shoe size 10").hits[0]
    assert (hit.product_id, hit.variant_id) == ("p-1", "v-2")
    assert hit.summary == "Trail Running Shoe, red, size 10, 59 dollars 99"
