"""Every write rule on orders, on SQLite and PostgreSQL, with each refusal path."""

import pytest
from sqlalchemy import select, update

from shoptalk.commerce import Refused, Store
from shoptalk.commerce.tables import AuditRow, VariantRow
from tests.commerce.helpers import balance, call, refused, stock

ADDRESS = {
    "address1": "5 Elm St",
    "address2": "Suite 9",
    "city": "Denver",
    "state": "CO",
    "country": "USA",
    "zip": "80202",
}


class TestCancel:
    def test_refunds_every_payment_to_its_method(self, store: Store) -> None:
        order = call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1001",
            reason="ordered by mistake",
        )
        assert order["status"] == "cancelled"
        assert order["cancel_reason"] == "ordered by mistake"
        assert order["payments"] == [
            {"type": "payment", "amount": 179.99, "method_id": "credit_card_7"},
            {"type": "refund", "amount": 179.99, "method_id": "credit_card_7"},
        ]

    def test_gift_card_refund_raises_the_balance_at_once(self, store: Store) -> None:
        call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1004",
            reason="no longer needed",
        )
        assert balance(store, "u-1", "gift_card_1") == 104.5

    def test_restocks_the_items(self, store: Store) -> None:
        before = stock(store, "p-1", "v-1")
        call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1001",
            reason="no longer needed",
        )
        assert stock(store, "p-1", "v-1") == before + 1

    def test_refuses_an_order_that_is_not_pending(self, store: Store) -> None:
        refused(
            store,
            "cancel_pending_order",
            "delivered",
            user_id="u-1",
            order_id="#W1002",
            reason="no longer needed",
        )

    def test_refuses_other_reasons(self, store: Store) -> None:
        refused(
            store,
            "cancel_pending_order",
            "reason",
            user_id="u-1",
            order_id="#W1001",
            reason="too slow",
        )

    def test_someone_elses_order_looks_missing(self, store: Store) -> None:
        refused(
            store,
            "cancel_pending_order",
            "^order not found$",
            user_id="u-1",
            order_id="#W1003",
            reason="no longer needed",
        )
        refused(
            store,
            "cancel_pending_order",
            "^order not found$",
            user_id="u-1",
            order_id="#W9999",
            reason="no longer needed",
        )

    def test_cannot_cancel_twice(self, store: Store) -> None:
        call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1001",
            reason="no longer needed",
        )
        refused(
            store,
            "cancel_pending_order",
            "cancelled",
            user_id="u-1",
            order_id="#W1001",
            reason="no longer needed",
        )


class TestModifyAddress:
    def test_replaces_the_shipping_address(self, store: Store) -> None:
        order = call(
            store, "modify_pending_order_address", user_id="u-1", order_id="#W1001", address=ADDRESS
        )
        assert order["address"] == ADDRESS
        assert order["status"] == "pending"

    def test_refuses_non_pending_and_foreign_orders(self, store: Store) -> None:
        refused(
            store,
            "modify_pending_order_address",
            "delivered",
            user_id="u-1",
            order_id="#W1002",
            address=ADDRESS,
        )
        refused(
            store,
            "modify_pending_order_address",
            "order not found",
            user_id="u-2",
            order_id="#W1001",
            address=ADDRESS,
        )

    def test_refuses_an_incomplete_address(self, store: Store) -> None:
        partial = {k: v for k, v in ADDRESS.items() if k != "zip"}
        refused(
            store,
            "modify_pending_order_address",
            "zip",
            user_id="u-1",
            order_id="#W1001",
            address=partial,
        )


class TestModifyPayment:
    def test_pays_with_the_new_method_and_refunds_the_old(self, store: Store) -> None:
        order = call(
            store,
            "modify_pending_order_payment",
            user_id="u-1",
            order_id="#W1001",
            payment_method_id="paypal_3",
        )
        assert order["payments"] == [
            {"type": "payment", "amount": 179.99, "method_id": "credit_card_7"},
            {"type": "payment", "amount": 179.99, "method_id": "paypal_3"},
            {"type": "refund", "amount": 179.99, "method_id": "credit_card_7"},
        ]
        assert order["status"] == "pending"

    def test_gift_cards_move_both_ways(self, store: Store) -> None:
        call(
            store,
            "modify_pending_order_payment",
            user_id="u-1",
            order_id="#W1004",
            payment_method_id="credit_card_7",
        )
        assert balance(store, "u-1", "gift_card_1") == 104.5
        call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1004",
            reason="no longer needed",
        )
        assert balance(store, "u-1", "gift_card_1") == 104.5

    def test_new_gift_card_is_debited_and_must_cover_the_amount(self, store: Store) -> None:
        refused(
            store,
            "modify_pending_order_payment",
            "not enough",
            user_id="u-1",
            order_id="#W1001",
            payment_method_id="gift_card_1",
        )
        call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1004",
            reason="no longer needed",
        )
        call(store, "add_to_cart", user_id="u-1", variant_id="v-3")
        placed = call(store, "checkout", user_id="u-1", payment_method_id="credit_card_7")
        call(
            store,
            "modify_pending_order_payment",
            user_id="u-1",
            order_id=placed["id"],
            payment_method_id="gift_card_1",
        )
        assert balance(store, "u-1", "gift_card_1") == 40.0

    def test_refuses_same_method_foreign_method_and_second_change(self, store: Store) -> None:
        refused(
            store,
            "modify_pending_order_payment",
            "already paid",
            user_id="u-1",
            order_id="#W1001",
            payment_method_id="credit_card_7",
        )
        refused(
            store,
            "modify_pending_order_payment",
            "not found",
            user_id="u-1",
            order_id="#W1001",
            payment_method_id="credit_card_9",
        )
        call(
            store,
            "modify_pending_order_payment",
            user_id="u-1",
            order_id="#W1001",
            payment_method_id="paypal_3",
        )
        refused(
            store,
            "modify_pending_order_payment",
            "more than one payment",
            user_id="u-1",
            order_id="#W1001",
            payment_method_id="credit_card_7",
        )

    def test_refuses_non_pending(self, store: Store) -> None:
        refused(
            store,
            "modify_pending_order_payment",
            "delivered",
            user_id="u-1",
            order_id="#W1002",
            payment_method_id="credit_card_7",
        )


class TestModifyItems:
    def test_swaps_variants_and_charges_the_difference(self, store: Store) -> None:
        order = call(
            store,
            "modify_pending_order_items",
            user_id="u-1",
            order_id="#W1001",
            variant_ids=["v-1"],
            new_variant_ids=["v-3"],
            payment_method_id="paypal_3",
        )
        assert order["status"] == "pending (item modified)"
        assert order["items"][0] == {
            "product_id": "p-1",
            "variant_id": "v-3",
            "name": "Trail Running Shoe",
            "options": {"color": "navy", "size": "9"},
            "price": 64.5,
        }
        assert order["payments"][-1] == {"type": "payment", "amount": 4.51, "method_id": "paypal_3"}

    def test_a_cheaper_variant_is_refunded_to_a_gift_card(self, store: Store) -> None:
        order = call(
            store,
            "modify_pending_order_items",
            user_id="u-1",
            order_id="#W1004",
            variant_ids=["v-3"],
            new_variant_ids=["v-1"],
            payment_method_id="gift_card_1",
        )
        assert order["payments"][-1] == {
            "type": "refund",
            "amount": 4.51,
            "method_id": "gift_card_1",
        }
        assert balance(store, "u-1", "gift_card_1") == 44.51

    def test_a_gift_card_must_cover_a_positive_difference(self, store: Store) -> None:
        call(
            store,
            "add_to_cart",
            user_id="u-1",
            product_id="p-3",
            options={"size": "small", "roast": "dark roast"},
            quantity=8,
        )
        call(store, "checkout", user_id="u-1", payment_method_id="gift_card_1")
        assert balance(store, "u-1", "gift_card_1") == 4.0
        arguments = {
            "variant_ids": ["v-1"],
            "new_variant_ids": ["v-3"],
            "payment_method_id": "gift_card_1",
        }
        refused(
            store,
            "modify_pending_order_items",
            "has \\$4.00, not enough for \\$4.51",
            user_id="u-1",
            order_id="#W1001",
            **arguments,
        )

    def test_then_the_order_can_no_longer_change(self, store: Store) -> None:
        call(
            store,
            "modify_pending_order_items",
            user_id="u-1",
            order_id="#W1001",
            variant_ids=["v-1"],
            new_variant_ids=["v-3"],
            payment_method_id="paypal_3",
        )
        refused(
            store,
            "cancel_pending_order",
            "pending \\(item modified\\)",
            user_id="u-1",
            order_id="#W1001",
            reason="no longer needed",
        )
        refused(
            store,
            "modify_pending_order_items",
            "pending \\(item modified\\)",
            user_id="u-1",
            order_id="#W1001",
            variant_ids=["v-3"],
            new_variant_ids=["v-1"],
            payment_method_id="paypal_3",
        )

    @pytest.mark.parametrize(
        ("old", "new", "match"),
        [
            (["v-1"], ["v-5"], "not a variant of"),
            (["v-1"], ["v-4"], "not available"),
            (["v-1"], ["v-404"], "not found"),
            (["v-2"], ["v-3"], "has no item v-2"),
            (["v-1", "v-1"], ["v-3", "v-3"], "fewer than 2"),
            (["v-1"], ["v-3", "v-2"], "same length"),
            ([], [], "at least 1"),
        ],
    )
    def test_refusals(self, store: Store, old: list[str], new: list[str], match: str) -> None:
        refused(
            store,
            "modify_pending_order_items",
            match,
            user_id="u-1",
            order_id="#W1001",
            variant_ids=old,
            new_variant_ids=new,
            payment_method_id="paypal_3",
        )

    def test_refuses_someone_elses_method(self, store: Store) -> None:
        refused(
            store,
            "modify_pending_order_items",
            "payment method gift_card_2 not found",
            user_id="u-1",
            order_id="#W1001",
            variant_ids=["v-1"],
            new_variant_ids=["v-3"],
            payment_method_id="gift_card_2",
        )


class TestLikeForLike:
    """The same variant as its own replacement (a faulty item replaced by the same one): the
    rules of any swap, at the price paid, so no money moves (docs/design.md §6)."""

    def test_an_item_modified_into_itself(self, store: Store) -> None:
        order = call(
            store,
            "modify_pending_order_items",
            user_id="u-1",
            order_id="#W1001",
            variant_ids=["v-1"],
            new_variant_ids=["v-1"],
            payment_method_id="paypal_3",
        )
        assert order["status"] == "pending (item modified)"
        assert [(i["variant_id"], i["price"]) for i in order["items"]] == [
            ("v-1", 59.99),
            ("v-5", 120.0),
        ]
        assert order["payments"][-1] == {"type": "refund", "amount": 0.0, "method_id": "paypal_3"}

    def test_an_exchange_at_the_price_paid_after_a_price_change(self, store: Store) -> None:
        with store.transaction(write=True) as session:
            session.execute(
                update(VariantRow).where(VariantRow.id == "v-1").values(price_cents=7000)
            )
        order = call(
            store,
            "exchange_delivered_order_items",
            user_id="u-1",
            order_id="#W1002",
            variant_ids=["v-1", "v-1"],
            new_variant_ids=["v-1", "v-1"],
            payment_method_id="gift_card_1",
        )
        assert order["exchange"] == {
            "variant_ids": ["v-1", "v-1"],
            "new_variant_ids": ["v-1", "v-1"],
            "method_id": "gift_card_1",
            "price_difference": 0.0,
        }
        assert balance(store, "u-1", "gift_card_1") == 40.0

    def test_still_needs_the_shoppers_own_method_and_an_available_variant(
        self, store: Store
    ) -> None:
        arguments = {"user_id": "u-1", "variant_ids": ["v-1"], "new_variant_ids": ["v-1"]}
        refused(
            store,
            "modify_pending_order_items",
            "payment method gift_card_2 not found",
            order_id="#W1001",
            payment_method_id="gift_card_2",
            **arguments,
        )
        with store.transaction(write=True) as session:
            session.execute(
                update(VariantRow).where(VariantRow.id == "v-1").values(available=False)
            )
        refused(
            store,
            "exchange_delivered_order_items",
            "variant v-1 is not available",
            order_id="#W1002",
            payment_method_id="paypal_3",
            **arguments,
        )


class TestReturn:
    def test_records_the_sorted_items_and_the_method(self, store: Store) -> None:
        order = call(
            store,
            "return_delivered_order_items",
            user_id="u-1",
            order_id="#W1002",
            variant_ids=["v-1", "p-3:dark roast/large"],
            payment_method_id="paypal_3",
        )
        assert order["status"] == "return requested"
        assert order["return"] == {
            "variant_ids": ["p-3:dark roast/large", "v-1"],
            "refund_method_id": "paypal_3",
        }
        assert len(order["payments"]) == 1

    def test_a_gift_card_may_take_the_refund(self, store: Store) -> None:
        order = call(
            store,
            "return_delivered_order_items",
            user_id="u-1",
            order_id="#W1002",
            variant_ids=["v-1", "v-1"],
            payment_method_id="gift_card_1",
        )
        assert order["return"]["variant_ids"] == ["v-1", "v-1"]
        assert balance(store, "u-1", "gift_card_1") == 40.0

    @pytest.mark.parametrize(
        ("user", "order", "items", "method", "match"),
        [
            ("u-1", "#W1002", ["v-1"], "credit_card_7", "original payment method"),
            ("u-1", "#W1001", ["v-1"], "credit_card_7", "pending"),
            ("u-1", "#W1002", ["v-1", "v-1", "v-1"], "paypal_3", "fewer than 3"),
            ("u-1", "#W1002", ["v-5"], "paypal_3", "has no item v-5"),
            ("u-2", "#W1002", ["v-1"], "credit_card_9", "order not found"),
        ],
    )
    def test_refusals(
        self, store: Store, user: str, order: str, items: list[str], method: str, match: str
    ) -> None:
        refused(
            store,
            "return_delivered_order_items",
            match,
            user_id=user,
            order_id=order,
            variant_ids=items,
            payment_method_id=method,
        )


class TestExchange:
    def test_records_sorted_items_method_and_difference(self, store: Store) -> None:
        order = call(
            store,
            "exchange_delivered_order_items",
            user_id="u-1",
            order_id="#W1002",
            variant_ids=["v-1", "p-3:dark roast/large"],
            new_variant_ids=["v-3", "p-3:medium roast/small"],
            payment_method_id="credit_card_7",
        )
        assert order["status"] == "exchange requested"
        assert order["exchange"] == {
            "variant_ids": ["p-3:dark roast/large", "v-1"],
            "new_variant_ids": ["p-3:medium roast/small", "v-3"],
            "method_id": "credit_card_7",
            "price_difference": 4.51,
        }
        assert len(order["payments"]) == 1

    def test_negative_difference(self, store: Store) -> None:
        call(
            store,
            "modify_pending_order_items",
            user_id="u-1",
            order_id="#W1004",
            variant_ids=["v-3"],
            new_variant_ids=["v-1"],
            payment_method_id="gift_card_1",
        )
        order = call(
            store,
            "exchange_delivered_order_items",
            user_id="u-1",
            order_id="#W1002",
            variant_ids=["v-1"],
            new_variant_ids=["v-2"],
            payment_method_id="gift_card_1",
        )
        assert order["exchange"]["price_difference"] == 0.0

    def test_gift_card_must_cover_a_positive_difference(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-5")
        call(store, "checkout", user_id="u-1", payment_method_id="credit_card_7")
        refused(
            store,
            "modify_pending_order_payment",
            "not enough",
            user_id="u-1",
            order_id="#W1005",
            payment_method_id="gift_card_1",
        )
        order = call(
            store,
            "exchange_delivered_order_items",
            user_id="u-1",
            order_id="#W1002",
            variant_ids=["v-1"],
            new_variant_ids=["v-3"],
            payment_method_id="gift_card_1",
        )
        assert order["exchange"]["price_difference"] == 4.51

    @pytest.mark.parametrize(
        ("user", "order", "old", "new", "match"),
        [
            ("u-1", "#W1001", ["v-1"], ["v-3"], "pending"),
            ("u-1", "#W1002", ["v-1"], ["v-4"], "not available"),
            ("u-1", "#W1002", ["v-1"], ["p-3:medium roast/small"], "not a variant of"),
            ("u-1", "#W1002", ["v-1"], ["v-3", "v-2"], "same length"),
            ("u-2", "#W1002", ["v-1"], ["v-3"], "order not found"),
        ],
    )
    def test_refusals(
        self, store: Store, user: str, order: str, old: list[str], new: list[str], match: str
    ) -> None:
        method = {"u-1": "paypal_3", "u-2": "credit_card_9"}[user]
        refused(
            store,
            "exchange_delivered_order_items",
            match,
            user_id=user,
            order_id=order,
            variant_ids=old,
            new_variant_ids=new,
            payment_method_id=method,
        )


class TestUserAddress:
    def test_replaces_the_default_address(self, store: Store) -> None:
        user = call(store, "modify_user_address", user_id="u-2", address=ADDRESS)
        assert user["address"] == ADDRESS
        assert (
            call(store, "get_order", user_id="u-2", order_id="#W1003")["address"]["city"]
            == "Boston"
        )

    def test_unknown_user(self, store: Store) -> None:
        refused(
            store, "modify_user_address", "user u-404 not found", user_id="u-404", address=ADDRESS
        )


class TestAudit:
    def test_every_write_is_logged_with_status_before_and_after(self, store: Store) -> None:
        call(store, "get_order", user_id="u-1", order_id="#W1001")
        call(
            store,
            "cancel_pending_order",
            user_id="u-1",
            order_id="#W1001",
            reason="no longer needed",
        )
        call(store, "add_to_cart", user_id="u-2", variant_id="v-5")
        placed = call(store, "checkout", user_id="u-2", payment_method_id="credit_card_9")
        with pytest.raises(Refused):
            store.call(
                "cancel_pending_order",
                {"user_id": "u-1", "order_id": "#W1002", "reason": "no longer needed"},
            )
        with store.transaction(write=False) as session:
            rows = list(session.scalars(select(AuditRow).order_by(AuditRow.id)))
        logged = [
            (r.user_id, r.operation, r.order_id, r.status_before, r.status_after) for r in rows
        ]
        assert logged == [
            ("u-1", "cancel_pending_order", "#W1001", "pending", "cancelled"),
            ("u-2", "add_to_cart", None, None, None),
            ("u-2", "checkout", placed["id"], None, "pending"),
        ]
        assert rows[0].arguments == {
            "user_id": "u-1",
            "order_id": "#W1001",
            "reason": "no longer needed",
        }
        assert rows[0].at.year >= 2026
