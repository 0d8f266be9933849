"""The demo store generator: repeatable, big enough, and consistent with the snapshot rules.

The importer rejects a whole file for one bad record, so these checks restate its rules on
the generated demo store rather than trusting the generator's construction.
"""

import json
import re
from collections import Counter
from decimal import Decimal
from typing import Any, get_args

import pytest

from shoptalk.commerce.demo import PRODUCT_TYPES, demo_snapshot, generate_snapshot
from shoptalk.commerce.records import OrderStatus

JSON = dict[str, Any]

STATUSES = set(get_args(OrderStatus))
UNSHIPPED = {"pending", "pending (item modified)", "cancelled"}
POLICY_TOPICS = {
    "returns",
    "refunds",
    "shipping",
    "payment methods",
    "cancellation",
    "exchanges",
    "warranty",
    "price match",
    "gift cards",
    "order changes",
}
TRACKING_ID = re.compile(r"^(1Z[0-9A-Z]{16}|[0-9]{12})$")
METHOD_ID = re.compile(r"^(gift_card|credit_card|paypal)_(\d+)$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@pytest.fixture(scope="module")
def demo() -> JSON:
    return demo_snapshot()


@pytest.fixture(scope="module")
def variants(demo: JSON) -> dict[str, tuple[JSON, JSON]]:
    """Every variant id with its product and itself."""
    return {v["id"]: (p, v) for p in demo["products"] for v in p["variants"]}


@pytest.fixture(scope="module")
def wallets(demo: JSON) -> dict[str, dict[str, JSON]]:
    """Every user id with that shopper's payment methods by id."""
    return {u["id"]: {m["id"]: m for m in u["payment_methods"]} for u in demo["users"]}


def cents(amount: float) -> int:
    return round(amount * 100)


def is_money(amount: object) -> bool:
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return False
    scaled = Decimal(repr(amount)) * 100
    return scaled == scaled.to_integral_value()


def canonical(value: str | JSON) -> str:
    return value if isinstance(value, str) else str(value["value"])


def sentences(text: str) -> list[str]:
    return SENTENCE_END.split(text.strip())


def configurable(product: JSON) -> bool:
    return not product["variants"]


def total(items: list[JSON]) -> int:
    return sum(cents(item["price"]) for item in items)


# --- the whole store -------------------------------------------------------------------------


def test_same_seed_gives_the_same_store() -> None:
    sizes = {"products": 300, "users": 40, "orders": 200}
    assert generate_snapshot(seed=3, **sizes) == generate_snapshot(seed=3, **sizes)
    assert generate_snapshot(seed=3, **sizes) != generate_snapshot(seed=4, **sizes)


def test_demo_is_the_default_generation(demo: JSON) -> None:
    assert demo == generate_snapshot()


def test_snapshot_is_plain_json(demo: JSON) -> None:
    assert json.loads(json.dumps(demo)) == demo
    assert demo["format"] == "shoptalk-store/1"
    assert demo["store"]["name"]
    assert demo["store"]["currency"] == "USD"


def test_demo_is_big_enough(demo: JSON) -> None:
    regular = [p for p in demo["products"] if not configurable(p)]
    statuses = Counter(order["status"] for order in demo["orders"])
    assert len(demo["products"]) >= 1000
    assert len({p["type"] for p in regular}) >= 30
    assert 8 <= len(demo["products"]) - len(regular) <= 15
    assert len(demo["users"]) >= 200
    assert len(demo["orders"]) >= 1000
    assert set(statuses) == STATUSES
    assert min(statuses.values()) >= 30
    busiest = statuses["delivered"] + statuses["processed"] + statuses["pending"]
    assert busiest > len(demo["orders"]) / 2


def test_variant_total_is_exact(demo: JSON) -> None:
    assert len([v for p in demo["products"] for v in p["variants"]]) == 3600
    big = generate_snapshot(seed=5, products=2000, users=5, orders=5, variants_per_product=5.0)
    assert sum(len(p["variants"]) for p in big["products"]) == 10_000


def test_ids_are_sequential(demo: JSON) -> None:
    products, users, orders = demo["products"], demo["users"], demo["orders"]
    variant_ids = [v["id"] for p in products for v in p["variants"]]
    assert [p["id"] for p in products] == [f"p-{1001 + i}" for i in range(len(products))]
    assert variant_ids == [f"v-{10_001 + i}" for i in range(len(variant_ids))]
    assert [u["id"] for u in users] == [f"u-{1 + i}" for i in range(len(users))]
    assert [o["id"] for o in orders] == [f"#W{1001 + i}" for i in range(len(orders))]


def test_policies_cover_every_topic(demo: JSON) -> None:
    policies = demo["store"]["policies"]
    assert {p["topic"] for p in policies} == POLICY_TOPICS
    assert len(policies) == len(POLICY_TOPICS)
    for policy in policies:
        assert 2 <= len(sentences(policy["text"])) <= 5, policy["topic"]
        assert re.search(r"\d", policy["text"]) or policy["topic"] == "payment methods"


# --- products --------------------------------------------------------------------------------


def test_products_are_described(demo: JSON) -> None:
    for product in demo["products"]:
        for key in ("name", "type", "brand", "description"):
            assert isinstance(product[key], str), (product["id"], key)
            assert product[key], (product["id"], key)
        assert 1 <= len(sentences(product["description"])) <= 2, product["id"]
        assert product["tags"]
        assert all(isinstance(t, str) for t in product["tags"])


def test_demo_product_names_are_unique(demo: JSON) -> None:
    names = [p["name"] for p in demo["products"]]
    assert len(set(names)) == len(names)


def test_tags_and_prices_fit_the_type(demo: JSON) -> None:
    kinds = {kind.type: kind for kind in PRODUCT_TYPES}
    for product in demo["products"]:
        kind = kinds.get(product["type"])
        if kind is None:
            continue
        assert set(product["tags"]) <= set(kind.tags)
        low, high = kind.price
        for variant in product["variants"]:
            assert low - 1 <= variant["price"] <= high + 1, (product["id"], variant["price"])


def test_option_values_are_strings_or_synonym_objects(demo: JSON) -> None:
    for product in demo["products"]:
        for name, values in product["options"].items():
            assert values, (product["id"], name)
            words = [canonical(value) for value in values]
            assert len({w.casefold() for w in words}) == len(words), (product["id"], name)
            for value in values:
                if not isinstance(value, str):
                    assert set(value) == {"value", "synonyms"}
                    assert value["synonyms"]
                    assert all(value["synonyms"])


def test_spoken_synonyms_are_offered(demo: JSON) -> None:
    synonyms = {
        canonical(value): set(value["synonyms"])
        for product in demo["products"]
        for values in product["options"].values()
        for value in values
        if not isinstance(value, str)
    }
    assert "extra large" in synonyms["XL"]
    assert "dark blue" in synonyms["navy"]
    assert "twelve ounce" in synonyms["12 oz"]


def test_variant_options_fit_their_product(demo: JSON) -> None:
    for product in demo["products"]:
        allowed = {n: {canonical(v) for v in vs} for n, vs in product["options"].items()}
        combinations = [tuple(sorted(v["options"].items())) for v in product["variants"]]
        assert len(set(combinations)) == len(combinations), product["id"]
        for variant in product["variants"]:
            assert set(variant["options"]) == set(allowed), variant["id"]
            for name, value in variant["options"].items():
                assert value in allowed[name], (variant["id"], name, value)
        if not product["options"]:
            assert [v["options"] for v in product["variants"]] == [{}], product["id"]


def test_variants_have_money_and_stock(demo: JSON) -> None:
    all_variants = [v for p in demo["products"] for v in p["variants"]]
    for variant in all_variants:
        assert is_money(variant["price"]), variant["id"]
        assert variant["price"] > 0, variant["id"]
        assert type(variant["stock"]) is int, variant["id"]
        assert variant["stock"] >= 0, variant["id"]
        assert isinstance(variant["available"], bool)
        assert variant["stock"] > 0 or not variant["available"], variant["id"]
    unavailable = [v for v in all_variants if not v["available"]]
    assert 0.01 < len(unavailable) / len(all_variants) < 0.1
    assert any(v["stock"] > 0 for v in unavailable)


def test_configurable_products(demo: JSON) -> None:
    made = [p for p in demo["products"] if configurable(p)]
    assert {"Latte", "Cappuccino", "Iced Mocha", "Cold Brew", "Custom T-Shirt"} <= {
        p["name"] for p in made
    }
    for product in made:
        assert product["options"]
        assert product["variants"] == []
        assert is_money(product["price"])
        assert product["price"] > 0
        assert list(product["options"]) == sorted(product["options"])
        for values in product["options"].values():
            assert not any(set(canonical(v)) & {"/", ":"} for v in values)
    assert all("price" not in p for p in demo["products"] if not configurable(p))


# --- shoppers --------------------------------------------------------------------------------


def test_users_have_unique_emails_and_us_addresses(demo: JSON) -> None:
    emails = [u["email"] for u in demo["users"]]
    assert len(set(emails)) == len(emails)
    for user in demo["users"]:
        assert re.fullmatch(r"[a-z]+\.[a-z]+\d*@example\.com", user["email"]), user["email"]
        address = user["address"]
        assert set(address) == {"address1", "address2", "city", "state", "country", "zip"}
        assert address["country"] == "USA"
        assert re.fullmatch(r"[A-Z]{2}", address["state"])
        assert re.fullmatch(r"\d{5}", address["zip"])
        assert address["address1"]


def test_some_shoppers_share_names(demo: JSON) -> None:
    firsts = Counter(u["name"]["first"] for u in demo["users"])
    full = Counter((u["name"]["first"], u["name"]["last"]) for u in demo["users"])
    assert max(firsts.values()) >= 3
    namesakes = [name for name, n in full.items() if n > 1]
    assert namesakes
    for name in namesakes:
        zips = [
            u["address"]["zip"]
            for u in demo["users"]
            if (u["name"]["first"], u["name"]["last"]) == name
        ]
        assert len(set(zips)) == len(zips), name


def test_payment_methods(demo: JSON) -> None:
    serials: list[str] = []
    kinds: Counter[str] = Counter()
    for user in demo["users"]:
        methods = user["payment_methods"]
        assert 1 <= len(methods) <= 3
        assert any(m["type"] != "gift_card" for m in methods), user["id"]
        for method in methods:
            match = METHOD_ID.fullmatch(method["id"])
            assert match, method
            assert match.group(1) == method["type"], method
            serials.append(match.group(2))
            kinds[method["type"]] += 1
            check_method_fields(method)
    assert len(set(serials)) == len(serials)
    assert set(kinds) == {"gift_card", "credit_card", "paypal"}


def check_method_fields(method: JSON) -> None:
    if method["type"] == "credit_card":
        assert method["brand"] in {"visa", "mastercard", "amex", "discover"}
        assert re.fullmatch(r"\d{4}", method["last_four"])
        assert set(method) == {"id", "type", "brand", "last_four"}
    elif method["type"] == "gift_card":
        assert is_money(method["balance"])
        assert 0 <= method["balance"] <= 500
        assert set(method) == {"id", "type", "balance"}
    else:
        assert set(method) == {"id", "type"}


# --- orders ----------------------------------------------------------------------------------


def test_items_match_the_catalog(demo: JSON, variants: dict[str, tuple[JSON, JSON]]) -> None:
    products = {p["id"]: p for p in demo["products"]}
    for order in demo["orders"]:
        assert 1 <= len(order["items"]) <= 5, order["id"]
        for item in order["items"]:
            product = products[item["product_id"]]
            assert item["name"] == product["name"]
            if configurable(product):
                check_configured_item(item, product)
            else:
                assert variants[item["variant_id"]][0] is product
                variant = variants[item["variant_id"]][1]
                assert item["price"] == variant["price"]
                assert item["options"] == variant["options"]


def check_configured_item(item: JSON, product: JSON) -> None:
    assert item["price"] == product["price"]
    assert list(item["options"]) == list(product["options"])
    for name, value in item["options"].items():
        assert value in {canonical(v) for v in product["options"][name]}
    assert item["variant_id"] == product["id"] + ":" + "/".join(item["options"].values())


def test_orders_belong_to_shoppers(demo: JSON, wallets: dict[str, dict[str, JSON]]) -> None:
    homes = {u["id"]: u["address"] for u in demo["users"]}
    at_home = sum(order["address"] == homes[order["user_id"]] for order in demo["orders"])
    assert 0.8 * len(demo["orders"]) < at_home < len(demo["orders"])
    for order in demo["orders"]:
        assert order["status"] in STATUSES
        for payment in order["payments"]:
            assert payment["method_id"] in wallets[order["user_id"]], order["id"]
            assert is_money(payment["amount"])
            assert payment["amount"] > 0


def test_same_variant_can_be_ordered_twice(demo: JSON) -> None:
    assert any(
        max(Counter(item["variant_id"] for item in order["items"]).values()) > 1
        for order in demo["orders"]
    )


def test_payments_follow_the_status(demo: JSON, wallets: dict[str, dict[str, JSON]]) -> None:
    for order in demo["orders"]:
        first, *rest = order["payments"]
        assert first["type"] == "payment"
        check_gift_card_covers(wallets[order["user_id"]], first)
        if order["status"] == "cancelled":
            assert rest == [{**first, "type": "refund"}]
            assert cents(first["amount"]) == total(order["items"])
            assert order["cancel_reason"] in {"no longer needed", "ordered by mistake"}
            continue
        assert order["cancel_reason"] is None
        if order["status"] == "pending (item modified)":
            (change,) = rest
            check_gift_card_covers(wallets[order["user_id"]], change)
            sign = 1 if change["type"] == "payment" else -1
            assert cents(first["amount"]) + sign * cents(change["amount"]) == total(order["items"])
        else:
            assert rest == [], order["id"]
            assert cents(first["amount"]) == total(order["items"]), order["id"]


def check_gift_card_covers(wallet: dict[str, JSON], payment: JSON) -> None:
    method = wallet[payment["method_id"]]
    if method["type"] == "gift_card" and payment["type"] == "payment":
        assert payment["amount"] <= method["balance"]


def test_fulfillments_follow_the_status(demo: JSON) -> None:
    tracking: list[str] = []
    for order in demo["orders"]:
        shipments = order["fulfillments"]
        if order["status"] in UNSHIPPED:
            assert shipments == [], order["id"]
            continue
        assert 1 <= len(shipments) <= 2, order["id"]
        shipped = [vid for shipment in shipments for vid in shipment["variant_ids"]]
        assert Counter(shipped) == Counter(item["variant_id"] for item in order["items"])
        for shipment in shipments:
            assert 1 <= len(shipment["tracking_ids"]) <= 2
            assert all(TRACKING_ID.fullmatch(t) for t in shipment["tracking_ids"])
            tracking.extend(shipment["tracking_ids"])
    assert len(set(tracking)) == len(tracking)


def test_return_requests(demo: JSON, wallets: dict[str, dict[str, JSON]]) -> None:
    for order in demo["orders"]:
        request = order["return"]
        if order["status"] != "return requested":
            assert request is None, order["id"]
            continue
        assert request["variant_ids"] == sorted(request["variant_ids"])
        assert Counter(request["variant_ids"]) <= Counter(i["variant_id"] for i in order["items"])
        assert request["variant_ids"]
        wallet = wallets[order["user_id"]]
        refund_to = wallet[request["refund_method_id"]]
        original = order["payments"][0]["method_id"]
        assert refund_to["id"] == original or refund_to["type"] == "gift_card"


def test_exchange_requests(
    demo: JSON, variants: dict[str, tuple[JSON, JSON]], wallets: dict[str, dict[str, JSON]]
) -> None:
    for order in demo["orders"]:
        exchange = order["exchange"]
        if order["status"] != "exchange requested":
            assert exchange is None, order["id"]
            continue
        old, new = exchange["variant_ids"], exchange["new_variant_ids"]
        assert old == sorted(old)
        assert new == sorted(new)
        assert len(old) == len(new) >= 1
        assert Counter(old) <= Counter(i["variant_id"] for i in order["items"])
        assert all(variants[vid][1]["available"] for vid in new)
        products = Counter(variants[vid][0]["id"] for vid in old)
        assert products == Counter(variants[vid][0]["id"] for vid in new)
        difference = sum(cents(variants[v][1]["price"]) for v in new) - sum(
            cents(variants[v][1]["price"]) for v in old
        )
        assert cents(exchange["price_difference"]) == difference
        method = wallets[order["user_id"]][exchange["method_id"]]
        if method["type"] == "gift_card":
            assert max(difference, 0) <= cents(method["balance"])
