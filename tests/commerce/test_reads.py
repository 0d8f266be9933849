"""Read operations: lookups that identify shoppers and never leak another shopper's orders."""

from shoptalk.commerce import OPERATIONS, Store
from tests.commerce.helpers import call, refused


def test_find_user_by_email_ignores_case_and_spaces(store: Store) -> None:
    assert call(store, "find_user_by_email", email=" ADA.lee@Example.COM ") == {"user_id": "u-1"}
    refused(store, "find_user_by_email", "no shopper with that email", email="nobody@example.com")


def test_find_user_by_name_and_zip(store: Store) -> None:
    assert call(store, "find_user_by_name_zip", first_name="ada", last_name="LEE", zip="78701") == {
        "user_id": "u-1"
    }
    refused(
        store, "find_user_by_name_zip", "no shopper", first_name="Ada", last_name="Lee", zip="02108"
    )


def test_get_user_has_payment_methods_of_each_kind(store: Store) -> None:
    user = call(store, "get_user", user_id="u-1")
    assert user["payment_methods"] == [
        {"id": "gift_card_1", "type": "gift_card", "balance": 40.0},
        {"id": "credit_card_7", "type": "credit_card", "brand": "visa", "last_four": "4242"},
        {"id": "paypal_3", "type": "paypal"},
    ]


def test_get_order_only_for_its_shopper(store: Store) -> None:
    assert call(store, "get_order", user_id="u-1", order_id="#W1002")["fulfillments"][0][
        "tracking_ids"
    ] == ["1Z999AA10123456784"]
    refused(store, "get_order", "^order not found$", user_id="u-2", order_id="#W1002")


def test_list_user_orders(store: Store) -> None:
    orders = call(store, "list_user_orders", user_id="u-1")["orders"]
    assert [o["id"] for o in orders] == ["#W1001", "#W1002", "#W1004"]


def test_get_product_and_types(store: Store) -> None:
    latte = call(store, "get_product", product_id="p-3")
    assert latte["price"] == 4.5
    assert latte["options"]["size"][1] == {"value": "large", "synonyms": ["big", "twenty ounce"]}
    assert call(store, "list_product_types")["types"] == [
        {"type": "coffee drinks", "products": 1},
        {"type": "kitchen appliances", "products": 1},
        {"type": "running shoes", "products": 1},
    ]
    refused(store, "get_product", "product p-9 not found", product_id="p-9")


def test_unknown_operation_and_arguments(store: Store) -> None:
    refused(store, "drop_tables", "unknown operation 'drop_tables'")
    refused(store, "get_user", "user_id", user="u-1")
    refused(store, "get_user", "user_id: Input should be a valid string", user_id=7)


def test_every_operation_is_declared_once_with_a_tool_schema() -> None:
    names = {
        "find_user_by_email",
        "find_user_by_name_zip",
        "get_user",
        "get_order",
        "list_user_orders",
        "get_product",
        "list_product_types",
        "add_to_cart",
        "remove_from_cart",
        "view_cart",
        "checkout",
        "cancel_pending_order",
        "modify_pending_order_address",
        "modify_pending_order_payment",
        "modify_pending_order_items",
        "return_delivered_order_items",
        "exchange_delivered_order_items",
        "modify_user_address",
        "set_voice_code",
        "check_voice_code",
    }
    assert set(OPERATIONS) == names
    schema = OPERATIONS["cancel_pending_order"].tool_schema()
    assert schema["parameters"]["properties"]["reason"]["enum"] == [
        "no longer needed",
        "ordered by mistake",
    ]
    assert OPERATIONS["cancel_pending_order"].writes
    assert not OPERATIONS["get_order"].writes
