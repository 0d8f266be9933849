"""From tagged spans to slot values, without the model: each kind read and grounded."""

import pytest

from shoptalk.commerce import SnapshotFile, Store, import_snapshot
from shoptalk.commerce.catalog_view import CatalogProduct, OptionValue, ProductOption
from shoptalk.nlu.grounding import Catalog, CatalogIndex
from shoptalk.nlu.normalize import prepare
from shoptalk.nlu.slot_reading import SlotReader
from shoptalk.nlu.topics import TopicMatcher
from tests.conftest import DATA


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> SlotReader:
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('slots') / 'store.db'}")
    import_snapshot(store, SnapshotFile(DATA))
    policies = [
        ("returns", "Items can be returned within 30 days."),
        ("shipping", "We ship to the USA and Canada."),
    ]
    return SlotReader(CatalogIndex.from_store(store), TopicMatcher(policies))


def read(reader: SlotReader, intent: str, tagged: str) -> dict[str, object]:
    """`tagged` marks spans as word/kind, e.g. "add two/quantity large/option lattes/product"."""
    words, tags, previous = [], [], ""
    for token in tagged.split():
        word, _, kind = token.partition("/")
        words.append(word)
        tags.append("O" if not kind else ("I-" if kind == previous else "B-") + kind)
        previous = kind
    reading = reader.read(intent, prepare(" ".join(words)), tags)
    return reading.slots().model_dump(mode="json", exclude_none=True)


def test_product_options_and_quantity(reader: SlotReader) -> None:
    slots = read(
        reader,
        "add_to_cart",
        "add two/quantity large/option dark/option roast/option lattes/product",
    )
    assert slots == {
        "product": {"id": "p-3", "name": "Latte", "mention": "lattes"},
        "options": {"size": "large", "roast": "dark roast"},
        "quantity": 2,
    }


def test_option_synonyms_become_canonical_values(reader: SlotReader) -> None:
    slots = read(
        reader,
        "add_to_cart",
        "the trail/product running/product shoe/product in dark/option blue/option",
    )
    assert slots["options"] == {"color": "navy"}


@pytest.mark.parametrize(
    ("intent", "tagged", "expected"),
    [
        (
            "order_status",
            "where is w/order_id one/order_id zero/order_id zero/order_id two/order_id",
            {"order_id": "#W1002"},
        ),
        (
            "cancel_order",
            "cancel it i/reason ordered/reason it/reason by/reason mistake/reason",
            {"reason": "ordered by mistake"},
        ),
        (
            "cancel_order",
            "cancel it i/reason don't/reason need/reason it/reason",
            {"reason": "no longer needed"},
        ),
        (
            "identify",
            "ada/email dot/email lee/email at/email example/email dot/email com/email",
            {"email": "ada.lee@example.com"},
        ),
        (
            "identify",
            "m i a/email dot/email l/email e/email e/email at/email example/email dot/email com/email",
            {"email": "mia.lee@example.com"},
        ),
        (
            "identify",
            "i'm ada/first_name lee/last_name zip seven/zip eight/zip seven/zip zero/zip one/zip",
            {"first_name": "Ada", "last_name": "Lee", "zip": "78701"},
        ),
        (
            "search_products",
            "shoes/query under/price fifty/price bucks/price",
            {"query": "shoes", "price_max": 50.0},
        ),
        (
            "search_products",
            "shoes/query between/price 20/price and/price 30/price dollars/price",
            {"query": "shoes", "price_min": 20.0, "price_max": 30.0},
        ),
        (
            "search_products",
            "the cheapest/sort blenders/query",
            {"query": "blenders", "sort": "price_asc"},
        ),
        (
            "search_products",
            "the best/sort rated/sort blenders/query",
            {"query": "blenders", "sort": "rating"},
        ),
        ("select", "the second/ordinal one", {"ordinal": 2}),
        ("select", "the last/ordinal one", {"ordinal": -1}),
        (
            "checkout",
            "pay with my gift/payment_method card/payment_method",
            {"payment_method": "gift_card"},
        ),
        ("checkout", "pay with my visa/payment_method", {"payment_method": "credit_card"}),
        ("checkout", "use paypal/payment_method", {"payment_method": "paypal"}),
        ("store_policy", "do you ship to canada", {"topic": "shipping"}),
        ("store_policy", "how long do i have to return something", {"topic": "returns"}),
    ],
)
def test_each_kind_of_span(
    reader: SlotReader, intent: str, tagged: str, expected: dict[str, object]
) -> None:
    assert read(reader, intent, tagged) == expected


def test_values_that_do_not_read_are_left_out(reader: SlotReader) -> None:
    assert read(reader, "order_status", "where is banana/order_id") == {}
    assert (
        read(reader, "add_to_cart", "add lots/quantity of lattes/product")["product"]["id"] == "p-3"
    )


def test_an_address(reader: SlotReader) -> None:
    slots = read(
        reader,
        "change_default_address",
        "move me to 5/address elm/address street/address denver/address colorado/address 80202/address",
    )
    assert slots["address"] == {
        "address1": "5 Elm St",
        "city": "Denver",
        "state": "CO",
        "zip": "80202",
    }


@pytest.mark.parametrize(
    ("intent", "tagged", "expected"),
    [
        (
            "search_products",
            "shoes/query sorted by price/sort low/sort to/sort high/sort",
            {"query": "shoes", "sort": "price_asc"},
        ),
        (
            "search_products",
            "blenders/query from high/sort to/sort low/sort",
            {"query": "blenders", "sort": "price_desc"},
        ),
        (
            "search_products",
            "i need a/query trail/query running/query shoe/query in/query dark/option blue/option",
            {"query": "trail running shoe in dark blue"},
        ),
        (
            "search_products",
            "shoes/query nothing over/price fifty/price",
            {"query": "shoes", "price_max": 50.0},
        ),
        (
            "cancel_order",
            "i ordered it by accident so cancel w/order_id one/order_id zero/order_id zero/order_id two/order_id",
            {"order_id": "#W1002", "reason": "ordered by mistake"},
        ),
        ("cancel_order", "cancel my order i changed my mind", {"reason": "no longer needed"}),
        ("cancel_order", "i need to cancel my order", {}),
        (
            "return_items",
            "return it the/reason wrong/reason size/reason",
            {"reason": "the wrong size"},
        ),
        (
            "change_order_payment",
            "pay with my credit/payment_method card/payment_method not paypal/payment_method",
            {"payment_method": "credit_card"},
        ),
        (
            "change_order_payment",
            "use paypal/payment_method instead of my visa/payment_method",
            {"payment_method": "paypal"},
        ),
        ("checkout", "pay with the card ending in 4539", {"payment_method": "credit_card"}),
        ("checkout", "use my gift card/payment_method", {"payment_method": "gift_card"}),
        ("cancel_order", "cancel the one with the/reason coffee/reason", {}),
        ("change_order_payment", "my card got cancelled", {}),
        ("change_default_address", "my zip is now 80202/zip", {"address": {"zip": "80202"}}),
        (
            "identify",
            "ada/first_name from 5/address elm/address st/address 80202/address",
            {"first_name": "Ada", "zip": "80202"},
        ),
    ],
)
def test_slots_read_with_the_rest_of_the_sentence(
    reader: SlotReader, intent: str, tagged: str, expected: dict[str, object]
) -> None:
    assert read(reader, intent, tagged) == expected


def test_a_value_being_replaced_loses_to_the_new_one(reader: SlotReader) -> None:
    slots = read(reader, "modify_order_items", "the lattes/product large/option not small/option")
    assert slots["options"] == {"size": "large"}
    slots = read(
        reader, "modify_order_items", "the lattes/product instead of small/option large/option"
    )
    assert slots["options"] == {"size": "large"}


def test_options_said_inside_the_product_mention(reader: SlotReader) -> None:
    slots = read(
        reader, "add_to_cart", "add two/quantity dark/product roast/product lattes/product"
    )
    assert slots["product"]["id"] == "p-3"
    assert slots["options"] == {"roast": "dark roast"}


def test_an_option_span_that_names_a_product_is_the_product(reader: SlotReader) -> None:
    assert read(reader, "add_to_cart", "add a latte/option")["product"]["id"] == "p-3"


@pytest.mark.parametrize(("said", "ordinal"), [("first", 1), ("number two", 2), ("item 3", 3)])
def test_a_choice_said_as_a_bare_number(reader: SlotReader, said: str, ordinal: int) -> None:
    assert read(reader, "select", said) == {"ordinal": ordinal}
    assert read(reader, "select", "the white one") == {}


@pytest.mark.parametrize(
    ("intent", "said", "ordinal"),
    [
        ("select", "let's do option two", 2),
        ("select", "that first one you said", 1),
        ("select", "go with the last one", -1),
        ("repeat", "wait what was the second one again", 2),
    ],
)
def test_a_position_said_anywhere_in_a_choice(
    reader: SlotReader, intent: str, said: str, ordinal: int
) -> None:
    assert read(reader, intent, said) == {"ordinal": ordinal}


def test_two_positions_said_are_no_choice(reader: SlotReader) -> None:
    assert read(reader, "select", "the first or the second") == {}


def test_touching_spans_of_one_kind_read_as_one(reader: SlotReader) -> None:
    text = prepare("show me hoodies sorted by price low to high")
    tags = ["O", "O", "B-query", "B-sort", "I-sort", "I-sort", "I-sort", "B-sort", "I-sort"]
    assert reader.read("search_products", text, tags).values["sort"] == "price_asc"


@pytest.mark.parametrize(
    ("text", "tags", "reason"),
    [
        (
            "return the lattes, my dog won't eat it",
            "O O O O O reason reason reason",
            "my dog won't eat it",
        ),
        ("the lattes are too small, can i return them", "O O O O reason O O O O", "too small"),
        ("return the lattes they are broken", "O O O O reason reason", "broken"),
        (
            "this isn't what i ordered, i'd like to return it",
            "reason reason reason reason O O O O O O",
            "this isn't what i ordered",
        ),
        (
            "return the lipstick, wrong shade for me",
            "O O O reason reason O O",
            "wrong shade for me",
        ),
        (
            "it's broken so i want to return it",
            "O reason O O O O O O",
            "broken",
        ),
    ],
)
def test_a_return_reason_is_the_whole_clause(
    reader: SlotReader, text: str, tags: str, reason: str
) -> None:
    bio = [
        t if t == "O" else ("I-" if i and tags.split()[i - 1] == t else "B-") + t
        for i, t in enumerate(tags.split())
    ]
    reading = reader.read("return_items", prepare(text), bio)
    assert reading.values["reason"] == reason


def test_a_product_named_at_the_end_though_not_tagged(reader: SlotReader) -> None:
    assert read(reader, "product_info", "how much is the latte")["product"]["id"] == "p-3"
    assert read(reader, "add_to_cart", "i'd like a latte please")["product"]["id"] == "p-3"
    assert read(reader, "product_info", "how much is it") == {}
    assert read(reader, "add_to_cart", "add the second one") == {}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("anything cheaper", {"sort": "price_asc"}),
        ("what's new in blenders/query", {"query": "blenders", "sort": "newest"}),
        ("i need a new/query blender/query", {"query": "new blender"}),
    ],
)
def test_a_search_sorted_in_words_the_model_left(
    reader: SlotReader, said: str, expected: dict[str, object]
) -> None:
    assert read(reader, "search_products", said) == expected


@pytest.mark.parametrize(
    ("intent", "tagged", "expected"),
    [
        ("search_products", "a sheet set nothing scratchy/reason", {}),
        ("remove_from_cart", "minus one/quantity card/payment_method", {"quantity": 1}),
        ("return_items", "return it it's broken/reason", {"reason": "broken"}),
    ],
)
def test_a_reason_or_payment_only_where_the_intent_takes_one(
    reader: SlotReader, intent: str, tagged: str, expected: dict[str, object]
) -> None:
    slots = read(reader, intent, tagged)
    assert {k: v for k, v in slots.items() if k != "query"} == expected


def test_a_query_in_a_request_about_one_product_names_it(reader: SlotReader) -> None:
    assert read(reader, "add_to_cart", "add a latte/query")["product"]["id"] == "p-3"


def test_an_option_after_a_search_query_stays_in_the_query(reader: SlotReader) -> None:
    slots = read(reader, "search_products", "a rain/query jacket/query in navy/option")
    assert slots == {"query": "rain jacket in navy"}


def test_a_tagged_part_of_a_position_is_read_whole(reader: SlotReader) -> None:
    assert read(reader, "select", "second to last/ordinal") == {"ordinal": -2}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("sure i'll take two", {"quantity": 2}),
        ("add three more please", {"quantity": 3}),
        ("add the pulse 8 case", {}),
        ("add the twelve ounce one", {}),
        ("remove one of the lattes/product", {"quantity": 1}),
        ("just two large/option lattes/product for me", {"quantity": 2}),
        ("add three of those lattes/product", {"quantity": 3}),
        ("add the twelve/option ounce/option latte/product", {}),
        ("one more thing add a latte/product", {}),
    ],
)
def test_a_count_said_last_or_before_what_it_counts_in_a_cart_request(
    reader: SlotReader, said: str, expected: dict[str, object]
) -> None:
    slots = read(reader, "add_to_cart", said)
    assert {k: v for k, v in slots.items() if k == "quantity"} == expected


def test_a_product_found_in_an_option_span_takes_only_its_own_options() -> None:
    milk = ProductOption("milk", (OptionValue("soy milk"), OptionValue("oat milk")))
    color = ProductOption("color", (OptionValue("white"), OptionValue("black")))
    catalog = Catalog(
        (
            CatalogProduct("fw", "Flat White", "coffee drinks", "", (milk,)),
            CatalogProduct("tee", "Tee", "t-shirts", "", (color,)),
        )
    )
    reader = SlotReader(CatalogIndex(catalog), TopicMatcher([]))
    slots = read(
        reader, "add_to_cart", "add a flat/option white/option with soy/option milk/option"
    )
    assert slots["product"]["id"] == "fw"
    assert slots["options"] == {"milk": "soy milk"}


@pytest.mark.parametrize(
    ("intent", "said", "product"),
    [
        ("product_info", "how much does the latte cost", "p-3"),
        ("product_info", "take the blender out of my cart", "p-2"),
        ("product_info", "how much is the latte please", "p-3"),
        ("product_info", "how much is the shipping", None),
        ("add_to_cart", "add two/quantity lattes", "p-3"),
        ("remove_from_cart", "remove two/quantity blenders please", "p-2"),
        ("add_to_cart", "add two/quantity", None),
    ],
)
def test_a_product_named_after_the_last_article_or_count_though_not_tagged(
    reader: SlotReader, intent: str, said: str, product: str | None
) -> None:
    assert read(reader, intent, said).get("product", {}).get("id") == product


def test_a_product_name_the_model_ended_early_is_read_on() -> None:
    beds = Catalog(
        (
            CatalogProduct("pet", "Hearth & Oak Memory Foam Pet Bed", "pet beds", "", ()),
            CatalogProduct("dog", "Hearth & Oak Memory Foam Dog Bed", "pet beds", "", ()),
        )
    )
    reader = SlotReader(CatalogIndex(beds), TopicMatcher([]))
    tagged = "is the hearth/product and/product oak/product memory/product foam/product"
    assert read(reader, "product_info", f"{tagged} pet bed washable")["product"]["id"] == "pet"
    tied = read(reader, "product_info", f"{tagged} washable")
    assert "product" not in tied


@pytest.mark.parametrize(
    ("said", "options"),
    [
        ("add a latte/product with dark roast", {"roast": "dark roast"}),
        ("add a latte/product the big one", {"size": "large"}),
        ("add a large/option latte/product not a small", {"size": "large"}),
        ("add a latte/product", {}),
        ("add a latte/product with a dark rost", {}),
    ],
)
def test_the_named_products_own_options_are_read_where_the_model_missed_them(
    reader: SlotReader, said: str, options: dict[str, str]
) -> None:
    assert read(reader, "add_to_cart", said).get("options", {}) == options


@pytest.mark.parametrize(
    ("intent", "tagged", "slots"),
    [
        ("add_to_cart", "i'd like size 9", {"options": {"size": "9"}}),
        (
            "add_to_cart",
            "size 10/quantity in navy/option please",
            {"options": {"color": "navy", "size": "10"}},
        ),
        ("select", "the one in size ten", {"options": {"size": "10"}}),
        (
            "add_to_cart",
            "two/quantity in size 10",
            {"options": {"size": "10"}, "quantity": 2},
        ),
        ("search_products", "trail/query shoes/query in size 9", {"query": "trail shoes"}),
    ],
)
def test_an_option_said_with_its_name_is_read_without_the_model(
    reader: SlotReader, intent: str, tagged: str, slots: dict[str, object]
) -> None:
    assert read(reader, intent, tagged) == slots
