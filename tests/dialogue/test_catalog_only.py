"""The dialogue on stores that arrive with only a catalog (tests/data/stores), with understood
turns given directly (no model): no accounts to sign in to, products without a price or
without anything to buy at it, a store without policies, a store of one product."""

from pathlib import Path

import pytest

from shoptalk.commerce import Store
from shoptalk.dialogue.handlers.account import CLAIMED, NO_ACCOUNTS
from shoptalk.nlu.understanding import ProductMention
from tests.conftest import DATA
from tests.dialogue.test_manager import Talk, make_dialogue
from tests.stores import open_snapshot, open_store


def talk_in(store: Store, folder: Path) -> Talk:
    return Talk(make_dialogue(store, folder))


def mention(product_id: str, name: str) -> ProductMention:
    return ProductMention(id=product_id, name=name, mention=name.lower())


@pytest.fixture
def cafe(tmp_path: Path) -> Talk:
    return talk_in(open_store("cafe", tmp_path), tmp_path)


def test_a_store_without_shoppers_says_so_rather_than_ask_for_an_email(cafe: Talk) -> None:
    latte = mention("d-1", "Latte")
    replies = [
        cafe.say("add_to_cart", "add a large latte", product=latte, options={"size": "large"}),
        cafe.say("view_cart", "what's in my cart"),
        cafe.say("order_status", "where is order w1001", order_id="#W1001"),
        cafe.say("identify", "ada dot lee at example dot com", email="ada.lee@example.com"),
    ]
    assert replies == [NO_ACCOUNTS] * 4
    assert cafe.conversation.task is None


def test_the_menu_is_described_and_found(cafe: Talk) -> None:
    latte = cafe.say("product_info", "tell me about the latte", product=mention("d-1", "Latte"))
    assert latte.startswith("Latte is $4.50, made to order.")
    assert "oat milk" in latte
    assert cafe.say("product_info", product=mention("d-4", "Espresso")) == (
        "Espresso is $2.50, in stock."
    )
    found = cafe.say("search_products", "do you have cappuccino", query="cappuccino")
    assert "Cappuccino" in found


def test_a_product_with_only_a_name_has_no_price_listed(tmp_path: Path) -> None:
    talk = talk_in(open_store("names_only", tmp_path), tmp_path)
    chair = mention("f-2", "Oak Rocking Chair")
    assert talk.say("product_info", "tell me about the oak rocking chair", product=chair) == (
        "Oak Rocking Chair has no price listed, so it can't be ordered here."
    )
    [card] = talk.reply.data.products
    assert card.price is None
    assert not card.available
    assert talk.say("add_to_cart", "add the oak rocking chair", product=chair).startswith(
        "Sorry, Oak Rocking Chair has no price listed"
    )
    found = talk.say("search_products", "a rocking chair", query="rocking chair")
    assert found == "I found one: Oak Rocking Chair."


def test_a_price_with_nothing_to_buy_at_it_is_said_as_such(tmp_path: Path) -> None:
    talk = talk_in(open_store("no_policies", tmp_path), tmp_path)
    fig = mention("g-2", "Fiddle Leaf Fig")
    assert talk.say("product_info", product=fig) == (
        "Fiddle Leaf Fig is listed at $45.00, but can't be ordered here."
    )
    assert talk.say("add_to_cart", product=fig, quantity=2).startswith("Sorry, Fiddle Leaf Fig")


def test_a_store_without_policies_says_it_has_published_none_on_that(tmp_path: Path) -> None:
    talk = talk_in(open_store("no_policies", tmp_path), tmp_path)
    for topic in ("returns", None):
        reply = talk.say("store_policy", "what is your return policy", topic=topic)
        assert reply.startswith("This store has not published a policy on that.")


def test_a_store_with_policies_quotes_them(cafe: Talk) -> None:
    reply = cafe.say("store_policy", "can i get a refund if my drink is wrong", topic="refunds")
    assert reply.startswith("Our refunds policy says: If your drink is not right")


def test_a_store_of_one_product(tmp_path: Path) -> None:
    talk = talk_in(open_store("one_product", tmp_path), tmp_path)
    assert talk.say("search_products", "candles", query="candles").startswith("I found one:")
    candle = mention("c-1", "Beeswax Candle")
    assert talk.say("product_info", product=candle) == (
        "Beeswax Candle is from $18.00 to $20.00, in stock. "
        "It comes in scent: unscented, lavender or cedar."
    )
    assert talk.say("select", "the first one", ordinal=1)


def test_an_unpriced_product_is_refused_before_the_shopper_is_asked_who_they_are(
    tmp_path: Path,
) -> None:
    talk = talk_in(open_snapshot(DATA, tmp_path), tmp_path)
    lamp = mention("p-4", "Catalog Only Lamp")
    reply = talk.say("add_to_cart", "add the lamp", product=lamp)
    assert reply == "Sorry, Catalog Only Lamp has no price listed, so it can't be ordered here."
    assert talk.conversation.task is None
    assert "email" in talk.say("add_to_cart", product=mention("p-2", "Blender"))


def test_an_unknown_email_is_taken_like_a_known_one(tmp_path: Path) -> None:
    """A store with accounts never says which emails have one (dialogue/identity.py)."""
    store = open_snapshot(DATA, tmp_path)
    unknown = talk_in(store, tmp_path / "a").say("identify", email="nobody@example.com")
    known = talk_in(store, tmp_path / "b").say("identify", email="bo@example.com")
    assert unknown == known == CLAIMED
