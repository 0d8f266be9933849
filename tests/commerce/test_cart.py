"""Cart and checkout on both databases: options, stock, payment methods, all-or-nothing."""

from sqlalchemy import select, update

from shoptalk.commerce import Store
from shoptalk.commerce.tables import ProductRow, VariantRow
from tests.commerce.helpers import balance, call, refused, stock

LATTE = {"size": "large", "roast": "dark roast"}


class TestCart:
    def test_add_a_variant_then_more_of_it(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-1")
        cart = call(store, "add_to_cart", user_id="u-1", variant_id="v-1", quantity=2)
        assert [(i["variant_id"], i["quantity"]) for i in cart["items"]] == [("v-1", 3)]
        assert cart["total"] == 179.97

    def test_add_a_configured_product(self, store: Store) -> None:
        cart = call(
            store, "add_to_cart", user_id="u-1", product_id="p-3", options=LATTE, quantity=2
        )
        assert cart["items"][0]["variant_id"] == "p-3:dark roast/large"
        assert cart["items"][0]["options"] == LATTE
        assert cart["total"] == 9.0

    def test_a_product_with_options_naming_one_variant(self, store: Store) -> None:
        cart = call(
            store,
            "add_to_cart",
            user_id="u-1",
            product_id="p-1",
            options={"color": "navy", "size": "9"},
        )
        assert cart["items"][0]["variant_id"] == "v-3"

    def test_configuration_needs_every_option_with_a_valid_value(self, store: Store) -> None:
        refused(
            store,
            "add_to_cart",
            "choose a roast",
            user_id="u-1",
            product_id="p-3",
            options={"size": "large"},
        )
        refused(
            store,
            "add_to_cart",
            "'huge' is not a size",
            user_id="u-1",
            product_id="p-3",
            options={"size": "huge", "roast": "dark roast"},
        )
        refused(
            store,
            "add_to_cart",
            "no option 'milk'",
            user_id="u-1",
            product_id="p-3",
            options={**LATTE, "milk": "oat"},
        )

    def test_refusals(self, store: Store) -> None:
        refused(store, "add_to_cart", "not available", user_id="u-1", variant_id="v-4")
        refused(store, "add_to_cart", "only 1 of", user_id="u-1", variant_id="v-2", quantity=2)
        refused(store, "add_to_cart", "variant v-404 not found", user_id="u-1", variant_id="v-404")
        refused(store, "add_to_cart", "either variant_id or product_id", user_id="u-1")
        refused(
            store,
            "add_to_cart",
            "2 variants",
            user_id="u-1",
            product_id="p-1",
            options={"color": "red"},
        )
        refused(
            store, "add_to_cart", "not configurable|no variant", user_id="u-1", product_id="p-4"
        )
        refused(store, "add_to_cart", "user u-9 not found", user_id="u-9", variant_id="v-1")
        refused(store, "add_to_cart", "quantity", user_id="u-1", variant_id="v-1", quantity=0)

    def test_remove_part_or_all(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-1", quantity=3)
        call(store, "add_to_cart", user_id="u-1", variant_id="v-5")
        cart = call(store, "remove_from_cart", user_id="u-1", variant_id="v-1", quantity=2)
        assert [(i["variant_id"], i["quantity"]) for i in cart["items"]] == [("v-1", 1), ("v-5", 1)]
        cart = call(store, "remove_from_cart", user_id="u-1", variant_id="v-1")
        assert [i["variant_id"] for i in cart["items"]] == ["v-5"]
        refused(store, "remove_from_cart", "not in the cart", user_id="u-1", variant_id="v-1")

    def test_carts_are_per_shopper(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-1")
        assert call(store, "view_cart", user_id="u-2") == {
            "user_id": "u-2",
            "items": [],
            "total": 0.0,
        }


class TestCheckout:
    def test_places_a_pending_order_paid_once(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-1", quantity=2)
        call(store, "add_to_cart", user_id="u-1", product_id="p-3", options=LATTE)
        order = call(store, "checkout", user_id="u-1", payment_method_id="credit_card_7")
        assert order["id"] == "#W1005"
        assert order["status"] == "pending"
        assert [i["variant_id"] for i in order["items"]] == ["v-1", "v-1", "p-3:dark roast/large"]
        assert order["payments"] == [
            {"type": "payment", "amount": 124.48, "method_id": "credit_card_7"}
        ]
        assert order["address"]["city"] == "Austin"
        assert call(store, "view_cart", user_id="u-1")["items"] == []
        assert stock(store, "p-1", "v-1") == 3

    def test_to_another_address_and_numbering_continues(self, store: Store) -> None:
        address = {
            "address1": "2 Bay Rd",
            "address2": "",
            "city": "Miami",
            "state": "FL",
            "country": "USA",
            "zip": "33101",
        }
        call(store, "add_to_cart", user_id="u-2", variant_id="v-5")
        first = call(
            store, "checkout", user_id="u-2", payment_method_id="credit_card_9", address=address
        )
        call(store, "add_to_cart", user_id="u-2", variant_id="v-5")
        second = call(store, "checkout", user_id="u-2", payment_method_id="credit_card_9")
        assert (first["id"], second["id"]) == ("#W1005", "#W1006")
        assert first["address"] == address

    def test_gift_card_is_debited_and_must_cover_the_total(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-1")
        refused(
            store,
            "checkout",
            "gift card gift_card_1 has \\$40.00, not enough for \\$59.99",
            user_id="u-1",
            payment_method_id="gift_card_1",
        )
        call(store, "remove_from_cart", user_id="u-1", variant_id="v-1")
        call(store, "add_to_cart", user_id="u-1", product_id="p-3", options=LATTE, quantity=3)
        call(store, "checkout", user_id="u-1", payment_method_id="gift_card_1")
        assert balance(store, "u-1", "gift_card_1") == 26.5

    def test_all_or_nothing_when_stock_ran_out(self, store: Store) -> None:
        call(store, "add_to_cart", user_id="u-1", variant_id="v-5")
        call(store, "add_to_cart", user_id="u-1", variant_id="v-2")
        call(store, "add_to_cart", user_id="u-2", variant_id="v-2")
        call(store, "checkout", user_id="u-2", payment_method_id="credit_card_9")
        refused(
            store,
            "checkout",
            "only 0 of Trail Running Shoe, red, 10 left",
            user_id="u-1",
            payment_method_id="credit_card_7",
        )
        assert stock(store, "p-2", "v-5") == 10

    def test_an_order_above_ten_million_is_refused(self, store: Store) -> None:
        """Past the amounts a snapshot may hold (and PostgreSQL's 32-bit money columns)."""
        with store.transaction(write=True) as session:
            session.execute(
                update(VariantRow).where(VariantRow.id == "v-5").values(price_cents=600_000_000)
            )
        call(store, "add_to_cart", user_id="u-1", variant_id="v-5", quantity=4)
        refused(
            store,
            "checkout",
            "an order above \\$10000000.00 can't be placed",
            user_id="u-1",
            payment_method_id="credit_card_7",
        )

    def test_refusals(self, store: Store) -> None:
        refused(
            store, "checkout", "the cart is empty", user_id="u-1", payment_method_id="credit_card_7"
        )
        call(store, "add_to_cart", user_id="u-1", variant_id="v-5")
        refused(
            store,
            "checkout",
            "payment method credit_card_9 not found",
            user_id="u-1",
            payment_method_id="credit_card_9",
        )
        refused(
            store,
            "checkout",
            "address.city: Field required",
            user_id="u-1",
            payment_method_id="credit_card_7",
            address={"address1": "x"},
        )


def test_stock_changes_raise_the_product_revision(store: Store) -> None:
    def revisions() -> dict[str, int]:
        with store.transaction(write=False) as session:
            rows = session.execute(select(ProductRow.id, ProductRow.revision)).all()
            return {row[0]: row[1] for row in rows}

    before = revisions()
    call(store, "add_to_cart", user_id="u-1", variant_id="v-1")
    assert revisions() == before
    order = call(store, "checkout", user_id="u-1", payment_method_id="credit_card_7")
    assert revisions() == {**before, "p-1": before["p-1"] + 1}
    call(
        store,
        "cancel_pending_order",
        user_id="u-1",
        order_id=order["id"],
        reason="no longer needed",
    )
    assert revisions()["p-1"] == before["p-1"] + 2


class TestUntrackedStock:
    """Variants without a stock count (tests/commerce/data/loose_store.json) sell while they
    are available, in any quantity, and their count is never touched."""

    EARBUDS = ("4760268021", "3694871183")

    def test_checkout_never_refuses_for_stock_nor_counts_it(self, loose_store: Store) -> None:
        user = "nadia_okafor_3051"
        for _ in range(3):
            call(loose_store, "add_to_cart", user_id=user, variant_id="3694871183", quantity=99)
            order = call(loose_store, "checkout", user_id=user, payment_method_id="paypal_2240913")
            assert len(order["items"]) == 99
            assert stock(loose_store, *self.EARBUDS) is None

    def test_cancelling_puts_nothing_back(self, loose_store: Store) -> None:
        call(
            loose_store,
            "cancel_pending_order",
            user_id="nadia_okafor_3051",
            order_id="#W4038826",
            reason="no longer needed",
        )
        assert stock(loose_store, *self.EARBUDS) is None

    def test_availability_and_counted_stock_still_refuse(self, loose_store: Store) -> None:
        user = "nadia_okafor_3051"
        refused(loose_store, "add_to_cart", "not available", user_id=user, variant_id="2499294441")
        refused(loose_store, "add_to_cart", "only 0 of", user_id=user, variant_id="8384507844")
        call(loose_store, "add_to_cart", user_id=user, variant_id="5320792178", quantity=4)
        call(loose_store, "checkout", user_id=user, payment_method_id="credit_card_5513204")
        assert stock(loose_store, "9523456873", "5320792178") == 0
