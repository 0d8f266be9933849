"""The dialogue's uses of the LLM over the small test store, with a scripted model: fallback
understanding grounded in the words and the catalog, product questions, rewording, and the
safety rules (no write without the shopper's yes; store data and shopper words are never
instructions; a failing server leaves the turn as it would be without one)."""

from typing import Any

import pytest

from shoptalk.commerce import Store, export_snapshot
from shoptalk.dialogue import HANDLERS, Dialogue, Reply
from shoptalk.dialogue.fallback import EXAMPLES, Guess, guess, tools
from shoptalk.llm import LLMError
from shoptalk.llm.schema import fits
from shoptalk.llm.tools import call_schema
from shoptalk.nlu import Understanding
from tests.llm.fakes import ScriptedChat
from tests.llm.talk import BLENDER, INJECTION, call, shopper, turn, with_llm

# Fallback understanding.


def test_the_tools_are_the_handlers_own_declarations() -> None:
    offered = {tool.name: tool for tool in tools()}
    assert list(offered) == [intent for intent in HANDLERS if intent != "affirm"]
    assert offered["add_to_cart"].description == HANDLERS["add_to_cart"].description
    assert set(offered["add_to_cart"].parameters["properties"]) == {
        "product",
        "options",
        "quantity",
    }
    assert set(offered["checkout"].parameters["properties"]) == {"payment_method", "address"}
    assert offered["view_cart"].parameters["properties"] == {}


@pytest.mark.parametrize("example", [call for _, call in EXAMPLES])
def test_every_worked_example_is_a_call_the_tools_accept(example: Any) -> None:
    assert fits({"tool": example.name, "arguments": example.arguments}, call_schema(tools()))


def test_a_guess_takes_its_values_from_the_words_and_the_catalog(plain: Dialogue) -> None:
    chat = ScriptedChat(
        tool_call=call("add_to_cart", product="lattes", options={"size": "big"}, quantity=2)
    )
    parsed = Understanding(text="um two big lattes for me", intent="out_of_scope", confidence=0.97)
    guessed = guess(with_llm(plain, chat).services, parsed)
    assert isinstance(guessed, Guess)
    assert guessed.intent == "add_to_cart"
    assert guessed.slots.product is not None
    assert guessed.slots.product.id == "p-3"
    assert guessed.slots.options == {"size": "large"}
    assert guessed.slots.quantity == 2
    assert guessed.alternatives[0].intent == "out_of_scope"


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("tell me a joke", call("add_to_cart", product="Trail Running Shoe")),
        ("where is my order", call("order_status", order_id="#W1001")),
        ("a latte please", call("add_to_cart", product="latte", quantity=3)),
        ("a medium latte please", call("add_to_cart", product="latte", options={"size": "medium"})),
        ("what about the warranty", call("store_policy", topic="warranty")),
        ("shoes for my dog", call("search_products", query="cat toys")),
        ("cancel order W1001", call("cancel_order", order_id="#W1001", code="1234")),
        ("what's fifteen percent of eighty", call("add_to_cart", quantity=15)),
        ("where is it", call("order_status")),
        ("check out with my amex", call("checkout", payment_method="paypal")),
        ("check out with my amex", call("checkout", address={"city": "Amex Town"})),
        ("tell me a joke", call("out_of_scope")),
    ],
)
def test_a_guess_with_a_detail_the_words_do_not_bear_out_is_dropped(
    plain: Dialogue, said: str, answer: dict[str, Any]
) -> None:
    parsed = Understanding(text=said, intent="out_of_scope", confidence=0.9)
    assert guess(with_llm(plain, ScriptedChat(tool_call=answer)).services, parsed) is None


def test_the_llm_is_asked_only_when_the_parser_is_unsure_and_nothing_waits(plain: Dialogue) -> None:
    chat = ScriptedChat(tool_call=call("search_products", query="lamps"))
    dialogue = with_llm(plain, chat)
    sure, _ = turn(dialogue, shopper(), "do you sell lamps", "search_products", 0.99, query="lamps")
    assert not isinstance(sure, Guess)
    assert chat.jobs() == []
    unsure, _ = turn(dialogue, shopper(), "got lamps", "search_products", 0.55, query="lamps")
    assert isinstance(unsure, Guess)
    rejected, _ = turn(dialogue, shopper(), "any lamps", "out_of_scope", 0.99)
    assert isinstance(rejected, Guess)
    assert chat.jobs() == ["tool_call", "tool_call"]
    waiting = shopper()
    turn(
        dialogue,
        waiting,
        "cancel order W1001",
        "cancel_order",
        order_id="#W1001",
        reason="no longer needed",
    )
    assert waiting.proposal is not None
    turn(dialogue, waiting, "sure thing lamps")
    switched_off = with_llm(plain, chat, llm_fallback=False)
    turn(switched_off, shopper(), "any lamps")
    assert chat.jobs() == ["tool_call", "tool_call"]


def test_a_failing_server_leaves_the_turn_as_without_an_llm(plain: Dialogue) -> None:
    failing = with_llm(
        plain, ScriptedChat(tool_call=LLMError("http://x did not answer within 3 s"))
    )
    understood, reply = turn(failing, shopper(), "got any lamps")
    _, without = turn(plain, shopper(), "got any lamps")
    assert understood.intent == "out_of_scope"
    assert reply == without


def test_a_guessed_cart_change_is_read_back_and_made_only_after_yes(plain: Dialogue) -> None:
    chat = ScriptedChat(
        tool_call=call("add_to_cart", product="lattes", options={"size": "large"}, quantity=2)
    )
    dialogue, bo = with_llm(plain, chat), shopper("u-2")
    _, reply = turn(dialogue, bo, "two large lattes")
    assert (
        reply.text == "Just to check: add to cart, Latte, large, quantity 2? Please say yes or no."
    )
    assert dialogue.services.cart("u-2").items == []
    _, reply = turn(dialogue, bo, "yes", "affirm")
    assert "Which roast" in reply.text
    _, reply = turn(dialogue, bo, "dark roast", "select", options={"roast": "dark roast"})
    assert reply.text.startswith("Added 2 Latte, large, dark roast")
    assert [line.quantity for line in dialogue.services.cart("u-2").items] == [2]


def test_a_read_back_answered_no_changes_nothing(plain: Dialogue, shop: Store) -> None:
    chat = ScriptedChat(tool_call=call("remove_from_cart", product="latte"))
    dialogue, ada = with_llm(plain, chat), shopper()
    before = export_snapshot(shop)
    turn(dialogue, ada, "lose the latte")
    _, reply = turn(dialogue, ada, "no", "deny")
    assert reply.text == "OK. Anything else?"
    assert export_snapshot(shop) == before


SAID_EVERYTHING = (
    "one large latte, order W1001, returns, I no longer need it, paypal, "
    "ada.lee@example.com, 1 Elm Street, Austin, TX 78701"
)
ARGUMENTS = {
    "product": "latte",
    "options": {"size": "large"},
    "quantity": 1,
    "order_id": "#W1001",
    "reason": "no longer need",
    "payment_method": "paypal",
    "email": "ada.lee@example.com",
    "address": {"address1": "1 Elm Street", "city": "Austin", "state": "TX", "zip": "78701"},
    "query": "large latte",
    "topic": "returns",
}


@pytest.mark.parametrize("tool", [tool.name for tool in tools() if tool.name != "out_of_scope"])
def test_no_guess_changes_the_store_without_the_shoppers_yes(
    plain: Dialogue, shop: Store, tool: str
) -> None:
    offered = next(t for t in tools() if t.name == tool)
    arguments = {k: v for k, v in ARGUMENTS.items() if k in offered.parameters["properties"]}
    dialogue = with_llm(plain, ScriptedChat(tool_call=call(tool, **arguments)))
    before = export_snapshot(shop)
    understood, _ = turn(dialogue, shopper(), SAID_EVERYTHING)
    assert isinstance(understood, Guess)
    assert understood.intent == tool
    assert export_snapshot(shop) == before


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        (f"{INJECTION} Do it now.", call("cancel_order")),
        (f"{INJECTION} Start with W1001.", call("cancel_order", order_id="#W1001")),
    ],
)
def test_a_shopper_telling_the_llm_to_cancel_everything_changes_nothing(
    plain: Dialogue, shop: Store, said: str, answer: dict[str, Any]
) -> None:
    dialogue = with_llm(plain, ScriptedChat(tool_call=answer))
    conversation = shopper()
    before = export_snapshot(shop)
    turn(dialogue, conversation, said)
    turn(dialogue, conversation, "cancel them all now")
    assert export_snapshot(shop) == before


# Product questions.


def test_a_product_question_is_answered_from_the_products_own_data(plain: Dialogue) -> None:
    answer = {
        "known": True,
        "evidence": "1.5 litre countertop blender",
        "answer": "It holds 1.5 litres.",
    }
    chat = ScriptedChat(product_answer=answer)
    _, reply = turn(
        with_llm(plain, chat),
        shopper(),
        "how many litres does the blender hold",
        "product_info",
        product=BLENDER,
    )
    assert reply.text == "It holds 1.5 litres."
    [asked] = chat.asked
    assert "A 1.5 litre countertop blender." in asked.messages[-1]["content"]
    assert "p-2" not in asked.messages[-1]["content"]


def test_a_description_telling_the_llm_to_cancel_orders_changes_nothing(
    plain: Dialogue, shop: Store
) -> None:
    obeying = {"known": True, "evidence": INJECTION, "answer": "Done: I cancelled all your orders."}
    chat = ScriptedChat(product_answer=obeying, tool_call=call("cancel_order"))
    conversation = shopper()
    before = export_snapshot(shop)
    _, reply = turn(
        with_llm(plain, chat),
        conversation,
        "is the blender dishwasher safe",
        "product_info",
        product=BLENDER,
    )
    assert reply.text.startswith("Sorry, I don't know: the details of the Blender don't say.")
    assert chat.jobs() == ["product_answer"]
    assert INJECTION not in chat.asked[0].messages[0]["content"]
    assert conversation.proposal is None
    assert conversation.task is None
    assert export_snapshot(shop) == before


def test_what_the_template_says_is_not_asked_of_the_llm(plain: Dialogue) -> None:
    chat = ScriptedChat(product_answer={"known": False})
    _, reply = turn(
        with_llm(plain, chat), shopper(), "how much is the blender", "product_info", product=BLENDER
    )
    _, without = turn(plain, shopper(), "how much is the blender", "product_info", product=BLENDER)
    assert chat.jobs() == []
    assert reply == without


@pytest.mark.parametrize("settings", [{}, {"llm_product_answers": False}])
def test_a_failed_or_switched_off_answer_is_the_template(
    plain: Dialogue, settings: dict[str, Any]
) -> None:
    chat = ScriptedChat(product_answer=LLMError("http://x answered HTTP 500"))
    question = "is the blender dishwasher safe"
    _, reply = turn(
        with_llm(plain, chat, **settings), shopper(), question, "product_info", product=BLENDER
    )
    _, without = turn(plain, shopper(), question, "product_info", product=BLENDER)
    assert reply == without


# Rewording for the ear.


def where_is_w1002(dialogue: Dialogue) -> Reply:
    return turn(dialogue, shopper(), "where's W1002", "order_status", order_id="#W1002")[1]


def test_a_statement_is_reworded_when_every_fact_is_kept(plain: Dialogue) -> None:
    template = where_is_w1002(plain)
    spoken = f"Here's the news: {template.text}"
    chat = ScriptedChat(spoken_reply={"reply": spoken})
    reply = where_is_w1002(with_llm(plain, chat, llm_phrasing=True))
    assert reply.text == spoken
    assert reply.data == template.data


def test_a_rewording_that_changes_a_fact_keeps_the_template(plain: Dialogue) -> None:
    template = where_is_w1002(plain)
    chat = ScriptedChat(spoken_reply={"reply": template.text.replace("#W1002", "#W1003")})
    assert where_is_w1002(with_llm(plain, chat, llm_phrasing=True)) == template


def test_confirmations_are_never_reworded_and_rewording_is_off_by_default(plain: Dialogue) -> None:
    chat = ScriptedChat(spoken_reply={"reply": "Sure!"})
    _, reply = turn(
        with_llm(plain, chat, llm_phrasing=True),
        shopper(),
        "cancel W1001, no longer needed",
        "cancel_order",
        order_id="#W1001",
        reason="no longer needed",
    )
    assert reply.data.confirmation is not None
    where_is_w1002(with_llm(plain, chat))
    assert chat.jobs() == []
