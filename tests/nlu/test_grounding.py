"""Grounding over the small test store and over small hand-made catalogs."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from shoptalk.commerce import Store, import_snapshot, parse_snapshot
from shoptalk.commerce.catalog_view import CatalogProduct, OptionValue, ProductOption
from shoptalk.nlu.grounding import Catalog, CatalogIndex, load_catalog
from shoptalk.nlu.grounding.terms import phrase_terms
from shoptalk.nlu.normalize import OrderIdFormat

SMALL_STORE = Path(__file__).parents[1] / "commerce" / "small_store.json"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CatalogIndex]:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('grounding') / 'small.db'}")
    import_snapshot(store, parse_snapshot(SMALL_STORE.read_bytes()))
    yield CatalogIndex.from_store(store)
    store.close()


def test_the_catalog_loads_from_either_database(store: Store) -> None:
    catalog = load_catalog(store)
    assert [p.id for p in catalog.products] == ["p-1", "p-2", "p-3", "p-4"]
    assert catalog.order_ids == OrderIdFormat("#W", 4)
    assert catalog.catalog_id
    latte = catalog.products[2]
    assert latte.options[0] == ProductOption(
        "size", (OptionValue("small"), OptionValue("large", ("big", "twenty ounce")))
    )


@pytest.mark.parametrize(
    ("mention", "product_id"),
    [
        ("trail running shoe", "p-1"),
        ("Trail Running Shoes", "p-1"),
        ("the trail running shoes", "p-1"),
        ("running shoes", "p-1"),
        ("running shoe", "p-1"),
        ("acme shoes", "p-1"),
        ("trail shoe in navy", "p-1"),
        ("red trail running shoes size ten", "p-1"),
        ("blender", "p-2"),
        ("blenders", "p-2"),
        ("a blender", "p-2"),
        ("whirl blender", "p-2"),
        ("the kitchen appliance", "p-2"),
        ("latte", "p-3"),
        ("lattes", "p-3"),
        ("Latte", "p-3"),
        ("a latte", "p-3"),
        ("two lattes", "p-3"),
        ("lottie", "p-3"),
        ("lotte", "p-3"),
        ("latt", "p-3"),
        ("a large dark roast latte", "p-3"),
        ("big latte", "p-3"),
        ("coffee drink", "p-3"),
        ("lamp", "p-4"),
        ("catalog only lamp", "p-4"),
        ("the catalog lamp", "p-4"),
    ],
)
def test_mentions_ground_to_products(index: CatalogIndex, mention: str, product_id: str) -> None:
    grounded = index.ground_product(mention)
    assert grounded.product is not None
    assert grounded.product.id == product_id
    assert grounded.product.mention == mention.strip()
    assert grounded.tied == ()


@pytest.mark.parametrize(
    "mention",
    ["banana", "", "   ", "the", "the one", "lot", "chair", "television", "red", "size nine",
     "dark roast", "late delivery please", "我想买咖啡", "😀", "x" * 10_000],
)  # fmt: skip
def test_unrelated_words_ground_to_nothing(index: CatalogIndex, mention: str) -> None:
    grounded = index.ground_product(mention)
    assert grounded.product is None
    assert grounded.tied == ()


@pytest.mark.parametrize(
    ("text", "product_id", "expected"),
    [
        ("large", "p-3", {"size": "large"}),
        ("big", "p-3", {"size": "large"}),
        ("twenty ounce", "p-3", {"size": "large"}),
        ("twenty ounces", "p-3", {"size": "large"}),
        ("20 oz", "p-3", {"size": "large"}),
        ("20oz", "p-3", {"size": "large"}),
        ("small", "p-3", {"size": "small"}),
        ("dark roast", "p-3", {"roast": "dark roast"}),
        ("medium roast", "p-3", {"roast": "medium roast"}),
        ("a big dark roast latte", "p-3", {"size": "large", "roast": "dark roast"}),
        ("two large medium roast lattes", "p-3", {"size": "large", "roast": "medium roast"}),
        ("large, no, small", "p-3", {"size": "small"}),
        ("medium", "p-3", {}),
        ("dark", "p-3", {}),
        ("extra hot", "p-3", {}),
        ("a latte", "p-3", {}),
        ("red", "p-1", {"color": "red"}),
        ("navy", "p-1", {"color": "navy"}),
        ("navy blue", "p-1", {"color": "navy"}),
        ("dark blue", "p-1", {"color": "navy"}),
        ("size nine", "p-1", {"size": "9"}),
        ("size 10", "p-1", {"size": "10"}),
        ("a size ten", "p-1", {"size": "10"}),
        ("red size ten", "p-1", {"color": "red", "size": "10"}),
        ("in dark blue, size nine", "p-1", {"color": "navy", "size": "9"}),
        ("reds", "p-1", {"color": "red"}),
        ("nine", "p-1", {}),
        ("two shoes", "p-1", {}),
        ("large", "p-1", {}),
        ("large", "p-2", {}),
        ("large", "p-4", {}),
        ("large", "no-such-product", {}),
        ("", "p-3", {}),
    ],
)
def test_option_values_ground_for_a_product(
    index: CatalogIndex, text: str, product_id: str, expected: dict[str, str]
) -> None:
    assert index.ground_options(text, product_id) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("navy", {"color": "navy"}),
        ("dark blue", {"color": "navy"}),
        ("large", {"size": "large"}),
        ("dark roast", {"roast": "dark roast"}),
        ("size nine", {"size": "9"}),
        ("nine", {}),
        ("purple", {}),
    ],
)
def test_option_values_ground_for_the_catalog(
    index: CatalogIndex, text: str, expected: dict[str, str]
) -> None:
    assert index.ground_options(text) == expected


def test_a_value_span_from_the_model_may_be_a_bare_number(index: CatalogIndex) -> None:
    assert index.ground_options("nine", "p-1", one_span=True) == {"size": "9"}
    assert index.ground_options("two nine", "p-1", one_span=True) == {}


def test_option_mentions_say_which_words_named_them(index: CatalogIndex) -> None:
    (color, size) = index.find_options("Add the Dark Blue ones in size ten", "p-1")
    assert (color.said, color.choice and color.choice.value) == ("Dark Blue", "navy")
    assert (size.said, size.choice and size.choice.value) == ("size ten", "10")


def _product(pid: str, name: str, brand: str = "", *options: ProductOption) -> CatalogProduct:
    return CatalogProduct(pid, name, "phones", brand, tuple(options))


def test_equally_good_products_are_a_tie_not_a_choice() -> None:
    index = CatalogIndex(
        Catalog(
            (
                _product("a", "Aurora Phone", "Zentra"),
                _product("b", "Aurora Phone", "Lumio"),
                _product("c", "Aurora Phone Case", "Lumio"),
            )
        )
    )
    grounded = index.ground_product("aurora phone")
    assert grounded.product is None
    assert [p.id for p in grounded.tied] == ["a", "b"]
    assert grounded.tied_count == 2
    assert index.ground_product("lumio aurora phone").product is not None
    assert [m.id for m in index.find_products("aurora", limit=3)] == ["a", "b", "c"]


def test_the_product_whose_name_was_said_beats_one_whose_type_explains_the_rest() -> None:
    index = CatalogIndex(
        Catalog(
            (
                CatalogProduct("oat", "Trailmix Oat Bars", "snack bars", "Trailmix", ()),
                CatalogProduct("snack", "Trailmix Oat Snack Bars", "snack bars", "Trailmix", ()),
            )
        )
    )
    said = index.ground_product("trailmix oat snack bars")
    assert said.product is not None
    assert said.product.id == "snack"
    shorter = index.ground_product("trailmix oat bars")
    assert shorter.product is not None
    assert shorter.product.id == "oat"


def test_options_said_with_the_product_break_a_tie() -> None:
    red = ProductOption("color", (OptionValue("red"),))
    blue = ProductOption("color", (OptionValue("blue"),))
    index = CatalogIndex(
        Catalog(
            (
                _product("a", "Aurora Phone", "Zentra", red),
                _product("b", "Aurora Phone", "Zentra", blue),
            )
        )
    )
    grounded = index.ground_product("blue aurora phone")
    assert grounded.product is not None
    assert grounded.product.id == "b"


def test_a_value_that_names_two_options_equally_is_left_out() -> None:
    finish = ProductOption("finish", (OptionValue("white"), OptionValue("brass", ("gold",))))
    shade = ProductOption("shade", (OptionValue("linen", ("white",)), OptionValue("ivory")))
    color = ProductOption("color", (OptionValue("white"),))
    index = CatalogIndex(Catalog((_product("l", "Lamp", "", finish, shade, color),)))
    (mention,) = index.find_options("white", "l")
    assert mention.choice is None
    assert [(c.name, c.value) for c in mention.choices[:2]] == [
        ("color", "white"),
        ("finish", "white"),
    ]
    assert index.ground_options("white", "l") == {}
    assert index.ground_options("white finish", "l") == {"finish": "white"}
    assert index.ground_options("gold", "l") == {"finish": "brass"}


def test_an_empty_catalog_grounds_nothing() -> None:
    index = CatalogIndex(Catalog(()))
    assert index.ground_product("latte").product is None
    assert index.ground_options("large") == {}
    assert index.vocabulary().product_names == ()


@pytest.mark.parametrize(
    ("said", "terms"),
    [
        ("two fifty six gigs", ("256", "gb")),
        ("five twelve gigabytes", ("512", "gb")),
        ("one twenty eight gb", ("128", "gb")),
        ("two fifty", ("2", "50")),
        ("two fifty dollars", ("2", "50", "dollar")),
        ("two hundred fifty six gigs", ("256", "gb")),
        ("two twelve ounce lattes", ("2", "12", "oz", "latt")),
    ],
)
def test_hundreds_said_as_a_digit_and_tens_before_a_unit(said: str, terms: tuple[str, ...]) -> None:
    assert phrase_terms(said) == terms
