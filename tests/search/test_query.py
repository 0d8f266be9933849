"""Reading constraints out of what shoppers say, with the demo catalog's vocabulary."""

import pytest

from shoptalk.nlu.understanding import ProductMention, Slots
from shoptalk.search import SearchIndex, SearchRequest, interpret
from shoptalk.search.query import MAX_QUERY_CHARS, Query


def read(index: SearchIndex, text: str, **explicit: object) -> Query:
    parts = index.parts
    return interpret(SearchRequest(text=text, **explicit), parts.vocabulary, parts.speller)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "low", "high"),
    [
        ("headphones under 50 dollars", None, 5000),
        ("running shoes under a hundred dollars", None, 10000),
        ("red running shoes under fifty dollars", None, 5000),
        ("laptop under 800", None, 80000),
        ("a tablet between 200 and 400 dollars", 20000, 40000),
        ("laptops between one thousand and fifteen hundred dollars", 100000, 150000),
        ("a backpack from 50 to 80 dollars", 5000, 8000),
        ("$20 to $40 candles", 2000, 4000),
        ("smartwatch over 300 dollars", 30000, None),
        ("speaker 100 dollars or more", 10000, None),
        ("jeans 60 dollars or less", None, 6000),
        ("coffee beans less than $15", None, 1500),
        ("yoga mat around 50 dollars", 4000, 6000),
        ("a 30 dollar puzzle", 2400, 3600),
        ("hoodie under 40 in stock", None, 4000),
        ("candles for 12 dollars 99", 1039, 1559),
        ("25 pound dumbbells", None, None),
        ("under 10 lb dumbbells", None, None),
        ("size 10 running shoes", None, None),
    ],
)
def test_prices(demo_index: SearchIndex, said: str, low: int | None, high: int | None) -> None:
    constraints = read(demo_index, said).constraints
    assert (constraints.price_min_cents, constraints.price_max_cents) == (low, high)


@pytest.mark.parametrize(
    ("said", "sort"),
    [
        ("cheapest yoga mat", "price_asc"),
        ("cheap headphones", "price_asc"),
        ("least expensive tablet", "price_asc"),
        ("most expensive office chair", "price_desc"),
        ("best rated blender", "rating"),
        ("newest sandals", "newest"),
        ("yoga mat", None),
    ],
)
def test_sort_words(demo_index: SearchIndex, said: str, sort: str | None) -> None:
    query = read(demo_index, said)
    assert query.sort == sort
    assert "cheap" not in query.text.split()


def test_stock_price_and_sort_words_leave_the_text(demo_index: SearchIndex) -> None:
    query = read(demo_index, "cheapest hoodie under 40 dollars in stock")
    assert query.text == "hoodie"
    assert query.constraints.in_stock
    assert query.type_hints == ("hoodies",)


@pytest.mark.parametrize(
    ("said", "brand"),
    [
        ("hearth and oak towels", "Hearth & Oak"),
        ("acme running shoes", "Acme"),
        ("sonic headphones", "Sonique"),
        ("sentra phone", "Zentra"),
        ("lego style building set", None),
    ],
)
def test_brands(demo_index: SearchIndex, said: str, brand: str | None) -> None:
    assert read(demo_index, said).constraints.brand == brand


@pytest.mark.parametrize(
    ("said", "types"),
    [
        ("running shoes", ("running shoes",)),
        ("t shirt", ("t-shirts",)),
        ("tshirt", ("t-shirts",)),
        ("dog bed", ("dog beds",)),
        ("something to keep coffee hot", ()),
    ],
)
def test_product_types(demo_index: SearchIndex, said: str, types: tuple[str, ...]) -> None:
    assert read(demo_index, said).type_hints == types


def options(query: Query) -> list[tuple[str, set[tuple[str, str]]]]:
    return [(option.said, set(option.choices)) for option in query.said_options]


def test_option_values_and_synonyms(demo_index: SearchIndex) -> None:
    query = read(demo_index, "navy hoodie size M")
    said = dict(options(query))
    assert ("color", "navy") in said["navy"]
    assert said["m"] == {("size", "M")}
    dark_blue = dict(options(read(demo_index, "dark blue phone case")))["dark blue"]
    assert {("color", "navy"), ("color", "midnight blue")} <= dark_blue


def test_an_option_name_after_the_value_narrows_it(demo_index: SearchIndex) -> None:
    said = dict(options(read(demo_index, "black jeans 32 waist")))
    assert said["32"] == {("waist", "32")}


def test_either_value_satisfies_an_or(demo_index: SearchIndex) -> None:
    [(said, choices)] = options(read(demo_index, "black or navy backpack"))
    assert said == "black or navy"
    assert {("color", "black"), ("color", "navy")} <= choices


def test_a_product_name_is_not_an_option(demo_index: SearchIndex) -> None:
    assert options(read(demo_index, "flat white")) == []
    assert options(read(demo_index, "the silver lighthouse")) == []


def test_explicit_constraints_win_over_the_words(demo_index: SearchIndex) -> None:
    query = read(
        demo_index, "red hoodie under 50 dollars", options={"Color": "dark blue"}, price_max=80
    )
    assert query.said_options == ()
    [color] = query.constraints.options
    assert set(color.choices) == {("color", "navy"), ("color", "midnight blue")}
    assert query.constraints.price_max_cents == 8000


def test_request_from_understanding_slots(demo_index: SearchIndex) -> None:
    slots = Slots(
        product=ProductMention(id="p-1001", name="Snoozy Pup Washable Dog Bed", mention="it"),
        options={"size": "small"},
        price_max=60,
        sort="price_asc",
        query="dog bed",
    )
    request = SearchRequest.from_slots(slots, limit=5)
    assert request == SearchRequest(
        text="dog bed",
        product_id="p-1001",
        options={"size": "small"},
        price_max=60,
        sort="price_asc",
        limit=5,
    )
    query = interpret(request, demo_index.parts.vocabulary, demo_index.parts.speller)
    assert query.constraints.product_id == "p-1001"
    assert query.sort == "price_asc"


def test_a_very_long_query_is_cut_and_says_so(demo_index: SearchIndex) -> None:
    query = read(demo_index, "red shoes " * 1000)
    assert len(query.text) <= MAX_QUERY_CHARS
    assert query.notes == (f"only the first {MAX_QUERY_CHARS} characters were read",)


@pytest.mark.parametrize("said", ["", "   ", "!!! ???", "😀🎉", "the", "please"])
def test_nothing_to_look_for(demo_index: SearchIndex, said: str) -> None:
    assert read(demo_index, said).empty
