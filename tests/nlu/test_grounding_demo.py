"""Grounding over the demo store: 1,200 products in 51 types with synonyms everywhere.

The store is imported once into a temporary SQLite database and indexed from there, the way
the assistant does it. Products are looked up by what they are, never by a hard-coded id."""

from collections.abc import Iterator
from typing import Any

import pytest

from shoptalk.commerce import Snapshot, Store, import_snapshot
from shoptalk.commerce.catalog_view import CatalogProduct, OptionValue
from shoptalk.commerce.demo import demo_snapshot
from shoptalk.nlu.grounding import CatalogIndex

JSON = dict[str, Any]


@pytest.fixture(scope="module")
def demo() -> JSON:
    return demo_snapshot()


@pytest.fixture(scope="module")
def index(demo: JSON, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CatalogIndex]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}")
    import_snapshot(store, Snapshot.model_validate(demo))
    yield CatalogIndex.from_store(store)
    store.close()


def named(demo: JSON, name: str) -> JSON:
    return next(p for p in demo["products"] if p["name"] == name)


def with_option(demo: JSON, kind: str, option: str, value: str) -> JSON:
    """The first product of a type that offers an option value."""
    return next(
        p
        for p in demo["products"]
        if p["type"] == kind
        and any(
            (v if isinstance(v, str) else v["value"]) == value for v in p["options"].get(option, ())
        )
    )


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("latte", "Latte"),
        ("lattes", "Latte"),
        ("a latte", "Latte"),
        ("lottie", "Latte"),
        ("lotte", "Latte"),
        ("late", "Latte"),
        ("a large dark roast latte with oat milk", "Latte"),
        ("mocha", "Mocha"),
        ("mochas", "Mocha"),
        ("moka", "Mocha"),
        ("iced mocha", "Iced Mocha"),
        ("iced mochas", "Iced Mocha"),
        ("an iced mocha with almond milk", "Iced Mocha"),
        ("chai latte", "Chai Latte"),
        ("chai", "Chai Latte"),
        ("cappuccino", "Cappuccino"),
        ("capuchino", "Cappuccino"),
        ("cappuccinos", "Cappuccino"),
        ("americano", "Americano"),
        ("americanos", "Americano"),
        ("flat white", "Flat White"),
        ("cold brew", "Cold Brew"),
        ("cold brews", "Cold Brew"),
        ("custom t-shirt", "Custom T-Shirt"),
        ("custom t shirt", "Custom T-Shirt"),
        ("custom tshirt", "Custom T-Shirt"),
        ("build your own pizza", "Build-Your-Own Pizza"),
        ("build-your-own pizza", "Build-Your-Own Pizza"),
        ("burrito bowl", "Build-Your-Own Burrito Bowl"),
        ("custom photo mug", "Custom Photo Mug"),
        ("photo mug", "Custom Photo Mug"),
    ],
)
def test_made_to_order_products(index: CatalogIndex, mention: str, name: str) -> None:
    grounded = index.ground_product(mention)
    assert grounded.product is not None, grounded
    assert grounded.product.name == name


def test_every_product_is_found_by_its_own_name(index: CatalogIndex, demo: JSON) -> None:
    missed = []
    for product in demo["products"]:
        grounded = index.ground_product(product["name"])
        found = [grounded.product] if grounded.product else grounded.tied
        if product["id"] not in {p.id for p in found} and grounded.tied_count <= len(found):
            missed.append(product["name"])
    assert missed == []


def test_a_plural_finds_the_product_too(index: CatalogIndex, demo: JSON) -> None:
    for product in demo["products"][:300]:
        name = product["name"]
        if name.endswith(("s", "y", "h", "x")) or not name[-1].isalpha():
            continue
        grounded = index.ground_product(name + "s")
        found = [grounded.product] if grounded.product else grounded.tied
        assert name in {p.name for p in found}, name


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("running shoes", "running shoes"),
        ("hiking boots", "hiking boots"),
        ("a blender", "blenders"),
        ("dog food", "dog food"),
        ("yoga mats", "yoga mats"),
        ("a smartwatch", "smartwatches"),
    ],
)
def test_a_product_type_is_a_tie_between_its_products(
    index: CatalogIndex, demo: JSON, mention: str, kind: str
) -> None:
    grounded = index.ground_product(mention, limit=100)
    assert grounded.product is None
    assert grounded.tied_count > 1
    types = {p["id"]: p["type"] for p in demo["products"]}
    assert {types[p.id] for p in grounded.tied} == {kind}


def test_a_brand_and_noun_is_a_tie_between_that_brands_products(index: CatalogIndex) -> None:
    grounded = index.ground_product("zentra smartphone", limit=50)
    assert grounded.product is None
    assert grounded.tied_count == len(grounded.tied) > 1
    assert all(p.name.startswith("Zentra") and "Smartphone" in p.name for p in grounded.tied)


@pytest.mark.parametrize(
    "mention",
    ["banana", "helicopter", "lot", "the", "please", "", "我想买咖啡", "أريد قهوة", "🍕🍕",
     "x" * 10_000, "\x00\x01\x02", "navy", "extra large", "twenty dollars"],
)  # fmt: skip
def test_unrelated_words_name_no_product(index: CatalogIndex, mention: str) -> None:
    grounded = index.ground_product(mention)
    assert grounded.product is None
    assert grounded.tied == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("large", {"size": "large"}),
        ("big", {"size": "large"}),
        ("twenty ounce", {"size": "large"}),
        ("20 oz", {"size": "large"}),
        ("a twelve ounce latte", {"size": "small"}),
        ("sixteen ounces", {"size": "medium"}),
        ("regular", {"size": "medium"}),
        ("medium", {"size": "medium"}),
        ("medium roast", {"roast": "medium roast"}),
        ("dark roast", {"roast": "dark roast"}),
        ("dark", {"roast": "dark roast"}),
        ("bold roast", {"roast": "dark roast"}),
        ("blonde roast", {"roast": "light roast"}),
        ("whole milk", {"milk": "whole milk"}),
        ("whole", {"milk": "whole milk"}),
        ("regular milk", {"milk": "whole milk"}),
        ("skim", {"milk": "skim milk"}),
        ("nonfat milk", {"milk": "skim milk"}),
        ("oat", {"milk": "oat milk"}),
        ("almond", {"milk": "almond milk"}),
        ("almand milk", {"milk": "almond milk"}),
        ("two large dark roast lattes with oat milk",
         {"size": "large", "roast": "dark roast", "milk": "oat milk"}),
        ("a big bold roast latte with soy", {"size": "large", "roast": "dark roast", "milk": "soy milk"}),
        ("small latte with almond milk, no, oat milk", {"size": "small", "milk": "oat milk"}),
        ("a latte", {}),
        ("extra hot", {}),
        ("with cinnamon", {}),
    ],
)  # fmt: skip
def test_latte_options(
    index: CatalogIndex, demo: JSON, text: str, expected: dict[str, str]
) -> None:
    assert index.ground_options(text, named(demo, "Latte")["id"]) == expected


@pytest.mark.parametrize(
    ("kind", "option", "value", "said"),
    [
        ("t-shirts", "color", "navy", "dark blue"),
        ("t-shirts", "color", "navy", "navy blue"),
        ("t-shirts", "color", "heather gray", "grey"),
        ("t-shirts", "size", "XL", "extra large"),
        ("t-shirts", "size", "XL", "x large"),
        ("t-shirts", "size", "XL", "xl"),
        ("t-shirts", "size", "L", "large"),
        ("t-shirts", "size", "XXL", "double extra large"),
        ("t-shirts", "size", "XXL", "2XL"),
        ("coffee beans", "bag size", "12 oz", "twelve ounce"),
        ("coffee beans", "bag size", "12 oz", "12 ounces"),
        ("coffee beans", "bag size", "2 lb", "two pounds"),
        ("coffee beans", "bag size", "2 lb", "2 lbs"),
        ("coffee beans", "grind", "whole bean", "whole beans"),
        ("coffee beans", "grind", "espresso grind", "fine grind"),
        ("coffee beans", "roast", "dark roast", "bold"),
        ("running shoes", "size", "7.5", "size seven and a half"),
        ("running shoes", "size", "10.5", "size ten and a half"),
        ("running shoes", "width", "wide", "wide width"),
        ("smartphones", "storage", "256 GB", "two hundred fifty six gigabytes"),
        ("smartphones", "storage", "256 GB", "256 gigs"),
        ("smartphones", "storage", "256 GB", "two fifty six gigs"),
        ("smartphones", "storage", "128 GB", "one twenty eight gigabytes"),
        ("smartphones", "storage", "1 TB", "one terabyte"),
        ("smartphones", "color", "space gray", "space grey"),
        ("jigsaw puzzles", "pieces", "1000 pieces", "a thousand pieces"),
        ("jigsaw puzzles", "pieces", "1000 pieces", "one thousand piece"),
        ("bath towels", "set", "4-piece", "set of four"),
        ("bath towels", "set", "4-piece", "four piece"),
        ("camping tents", "capacity", "2-person", "two person"),
        ("tablets", "connectivity", "Wi-Fi + Cellular", "wifi and cellular"),
        ("tablets", "connectivity", "Wi-Fi", "wi fi only"),
        ("bed sheets", "size", "california king", "cal king"),
        ("bed sheets", "size", "king", "king"),
        ("dumbbells", "weight", "25 lb", "twenty five pounds"),
        ("garden hoses", "length", "100 ft", "hundred feet"),
        ("yoga mats", "thickness", "8 mm", "extra thick"),
        ("sunscreen", "spf", "SPF 50", "spf fifty"),
        ("cordless drills", "kit", "2 battery kit", "with two batteries"),
        ("socket sets", "set size", "108-piece", "one hundred eight piece"),
    ],
)
def test_option_values_of_a_product(
    index: CatalogIndex, demo: JSON, kind: str, option: str, value: str, said: str
) -> None:
    product = with_option(demo, kind, option, value)
    assert index.ground_options(said, product["id"]) == {option: value}


def test_values_that_share_words_go_to_the_longest(index: CatalogIndex, demo: JSON) -> None:
    shirt = with_option(demo, "t-shirts", "size", "XL")
    assert index.ground_options("an extra large tee", shirt["id"]) == {"size": "XL"}
    bed = with_option(demo, "bed sheets", "size", "california king")
    assert index.ground_options("california king sheets", bed["id"]) == {"size": "california king"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("navy", {"color": "navy"}),
        ("navy blue", {"color": "navy"}),
        ("dark blue", {}),
        ("large", {"size": "large"}),
        ("dark roast", {"roast": "dark roast"}),
        ("oat milk", {"milk": "oat milk"}),
        ("whole", {}),
        ("medium", {"size": "medium"}),
        ("twelve ounce", {"size": "12 oz"}),
        ("white", {"color": "white"}),
        ("black", {"color": "black"}),
        ("helicopter", {}),
    ],
)
def test_catalog_wide_options_leave_ambiguous_values_out(
    index: CatalogIndex, text: str, expected: dict[str, str]
) -> None:
    """Different values said alike stay unread; one value several options spell alike is
    the option most products have (size, color)."""
    assert index.ground_options(text) == expected


def test_the_vocabulary_lists_the_catalog(index: CatalogIndex, demo: JSON) -> None:
    vocabulary = index.vocabulary()
    assert set(vocabulary.product_names) == {p["name"] for p in demo["products"]}
    assert set(vocabulary.types) == {p["type"] for p in demo["products"]}
    assert "Corner Cup" in vocabulary.brands
    assert OptionValue("large", ("20 oz", "twenty ounce", "big")) in vocabulary.options["size"]
    drinks = vocabulary.type_options["coffee drinks"]
    assert set(drinks) == {"milk", "roast", "size"}
    assert "Latte" in vocabulary.type_products["coffee drinks"]


def test_the_index_is_the_same_however_the_catalog_arrives(index: CatalogIndex, demo: JSON) -> None:
    again = CatalogIndex.from_snapshot(demo)
    assert again.vocabulary() == index.vocabulary()
    for mention in ("latte", "running shoes", "zentra smartphone", "lottie"):
        assert again.find_products(mention) == index.find_products(mention)


def test_products_keep_their_catalog_details(index: CatalogIndex, demo: JSON) -> None:
    latte = named(demo, "Latte")
    product = index.product(latte["id"])
    assert isinstance(product, CatalogProduct)
    assert product.brand == "Corner Cup"
    assert [o.name for o in product.options] == ["milk", "roast", "size"]
    assert index.product("no-such-product") is None


@pytest.mark.parametrize("said", ["double extra large", "double xl", "double x l", "xx large"])
def test_letter_sizes_said_any_way(index: CatalogIndex, demo: JSON, said: str) -> None:
    shirt = with_option(demo, "t-shirts", "size", "XXL")
    assert index.ground_options(said, shirt["id"]) == {"size": "XXL"}
