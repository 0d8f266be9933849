"""Attacks on identity through the dialogue, over the small test store: an email alone opens no
account data and no write, guessed emails hear what real ones hear, codes expire, work once and
lock the account after a few wrong tries; a voice purchase code or the store's token prove too."""

from pathlib import Path
from typing import Any

import pytest

from shoptalk.commerce import Store
from shoptalk.dialogue import Conversation
from tests.dialogue.test_manager import Talk, make_dialogue

ADA, NOBODY = "ada.lee@example.com", "ada.lee@example.org"
"""A real shopper's email, and one a guesser might try."""


def talk_in(store: Store, folder: Path, **settings: Any) -> Talk:
    return Talk(make_dialogue(store, folder, **settings))


@pytest.fixture
def talk(store: Store, tmp_path: Path) -> Talk:
    return talk_in(store, tmp_path)


def test_an_email_alone_opens_no_account_data_and_no_write(talk: Talk) -> None:
    asked = talk.say("cancel_order", "cancel my order")
    reply = talk.say("identify", email=ADA)
    assert "sent a code to the email on file" in reply
    for secret in ("Ada", "#W1001", "#W1004", "$", "gift card"):
        assert secret not in reply
    assert "don't" not in asked
    for intent in ("list_orders", "view_cart", "refund_status", "checkout"):
        said = talk.say(intent, intent.replace("_", " "))
        assert "sent a code" in said, said
        assert "#W" not in said
    assert "doesn't match" in talk.say("out_of_scope", "123456")
    assert talk.conversation.user_id is None
    assert talk.conversation.proposal is None
    order = talk.services.order("u-1", "#W1001")
    assert order is not None
    assert order.status == "pending"


def test_a_wrong_code_never_reaches_the_request(talk: Talk) -> None:
    talk.say("cancel_order", "cancel order W1001", order_id="#W1001", reason="no longer needed")
    talk.say("identify", email=ADA)
    right = talk.outbox.last("u-1")
    wrong = "000000" if right != "000000" else "111111"
    assert "doesn't match" in talk.say("out_of_scope", wrong)
    assert talk.conversation.proposal is None
    reply = talk.say("out_of_scope", " ".join(right))
    assert reply.startswith("Thanks, Ada.")
    assert "Shall I go ahead" in reply


def _replies(talk: Talk, email: str) -> list[str]:
    return [
        talk.say("cancel_order", "cancel my order"),
        talk.say("identify", email=email),
        talk.say("out_of_scope", "my code is 4 4 4 4 4 4"),
        talk.say("order_status", "where is order W1001", order_id="#W1001"),
        talk.say("order_status", "where is order W1003", order_id="#W1003"),
    ]


def test_a_guessed_email_hears_what_a_real_one_hears(store: Store, tmp_path: Path) -> None:
    real = _replies(talk_in(store, tmp_path / "a"), "bo@example.com")
    guessed = _replies(talk_in(store, tmp_path / "b"), "bo@example.net")
    assert real[:4] == guessed[:4]
    assert "I can't find order #W1001 on your account." in real[3]
    assert "#W1003 is pending" in real[4]
    assert "I can't find order #W1003 on your account." in guessed[4]


def test_a_claimed_shopper_reads_an_order_status_by_number_only(talk: Talk) -> None:
    talk.say("identify", email=ADA)
    reply = talk.say("order_status", "where is my order")
    assert "What's the order number?" in reply
    assert "#W" not in reply
    reply = talk.say("out_of_scope", "W1002", order_id="#W1002")
    assert "#W1002 was delivered" in reply
    shown = talk.reply.data
    assert shown.order is None
    assert [card.order_id for card in shown.orders] == ["#W1002"]


def test_another_shoppers_order_reads_as_missing(talk: Talk) -> None:
    talk.say("identify", email=ADA)
    theirs = talk.say("order_status", "where is W1003", order_id="#W1003")
    missing = talk.say("order_status", "where is W9999", order_id="#W9999")
    assert theirs == missing.replace("#W9999", "#W1003")
    talk.say("list_orders", "list my orders")
    talk.say("out_of_scope", talk.outbox.last("u-1"))
    assert talk.conversation.user_id == "u-1"
    theirs = talk.say("order_status", "where is W1003", order_id="#W1003")
    assert theirs == missing.replace("#W9999", "#W1003")


def test_the_store_may_ask_the_second_factor_even_for_an_order_status(
    store: Store, tmp_path: Path
) -> None:
    talk = talk_in(store, tmp_path, identity_known_reads=False)
    talk.say("identify", email=ADA)
    reply = talk.say("order_status", "where is W1002", order_id="#W1002")
    assert "sent a code" in reply
    assert "delivered" not in reply
    assert "#W1002 was delivered" in talk.say("out_of_scope", talk.outbox.last("u-1"))


def test_a_code_expires(talk: Talk, monkeypatch: pytest.MonkeyPatch) -> None:
    talk.say("list_orders", "list my orders")
    talk.say("identify", email=ADA)
    first = talk.outbox.last("u-1")
    monkeypatch.setattr("shoptalk.dialogue.verification.time.time", lambda: 10**12)
    reply = talk.say("out_of_scope", first)
    assert "expired" in reply
    assert "sent a new one" in reply
    monkeypatch.undo()
    second = talk.outbox.last("u-1")
    assert len(talk.outbox.sent) == 2
    if second != first:
        assert "doesn't match" in talk.say("out_of_scope", first)
    assert talk.say("out_of_scope", second).startswith("Thanks, Ada.")


def test_a_code_works_once_and_in_its_own_conversation(store: Store, tmp_path: Path) -> None:
    dialogue = make_dialogue(store, tmp_path)
    first = Talk(dialogue)
    first.say("list_orders", "list my orders")
    first.say("identify", email=ADA)
    code = first.outbox.last("u-1")
    assert first.say("out_of_scope", code).startswith("Thanks, Ada.")
    assert first.conversation.challenge is None
    replay = Talk(dialogue)
    replay.say("list_orders", "list my orders")
    replay.say("identify", email=ADA)
    if replay.outbox.last("u-1") != code:
        assert "doesn't match" in replay.say("out_of_scope", code)
    assert replay.conversation.user_id is None


def _lock_out(talk: Talk, email: str) -> list[str]:
    said = [talk.say("list_orders", "list my orders"), talk.say("identify", email=email)]
    return said + [talk.say("out_of_scope", "my code is 9 9 9 9 9 9") for _ in range(3)]


@pytest.mark.parametrize("email", [ADA, NOBODY])
def test_wrong_codes_lock_the_account_for_a_while(store: Store, tmp_path: Path, email: str) -> None:
    dialogue = make_dialogue(store, tmp_path, identity_code_tries=3)
    talk = Talk(dialogue)
    replies = _lock_out(talk, email)
    assert "doesn't match" in replies[2]
    assert "too many tries" in replies[4]
    assert talk.conversation.handoff
    assert talk.conversation.challenge is None
    again = Talk(dialogue)
    again.say("list_orders", "list my orders")
    sent = len(again.outbox.sent)
    assert "too many tries" in again.say("identify", email=email)
    assert len(again.outbox.sent) == sent
    assert again.conversation.user_id is None


def test_a_lock_out_reads_the_same_for_a_real_and_a_guessed_email(
    store: Store, tmp_path: Path
) -> None:
    real = _lock_out(talk_in(store, tmp_path / "a", identity_code_tries=3), ADA)
    guessed = _lock_out(talk_in(store, tmp_path / "b", identity_code_tries=3), NOBODY)
    assert real == guessed


def test_identification_attempts_are_limited_per_address(store: Store, tmp_path: Path) -> None:
    dialogue = make_dialogue(store, tmp_path, identity_claims_per_address=2)
    for _ in range(2):
        assert "Thanks" in Talk(dialogue).say("identify", email=ADA)
    assert "can't check those details" in Talk(dialogue).say("identify", email=ADA)
    assert "Thanks" in Talk(dialogue).say("identify", email="bo@example.com")


def test_identification_attempts_are_limited_per_session(store: Store, tmp_path: Path) -> None:
    talk = talk_in(store, tmp_path, identity_claims_per_session=2)
    talk.say("identify", email="one@example.com")
    talk.say("identify", email="two@example.com")
    assert "too many tries" in talk.say("identify", email=ADA)
    assert talk.conversation.claim is not None
    assert talk.conversation.claim.user_id is None


def test_name_and_zip_claim_like_an_email(talk: Talk) -> None:
    talk.say("cancel_order", "cancel my order")
    reply = talk.say("identify", first_name="Bo", last_name="Chan", zip="02108")
    assert "sent a code" in reply
    assert talk.outbox.sent == [("u-2", talk.outbox.last("u-2"))]
    assert talk.say("out_of_scope", talk.outbox.last("u-2")).startswith("Thanks, Bo.")


def test_a_voice_purchase_code_proves_the_shopper(store: Store, tmp_path: Path) -> None:
    store.call("set_voice_code", {"user_id": "u-1", "code": "4321"})
    talk = talk_in(store, tmp_path, voice_codes=True)
    talk.say("list_orders", "list my orders")
    reply = talk.say("identify", email=ADA)
    assert "You can also say your voice purchase code" in reply
    assert talk.say("out_of_scope", "four three two one").startswith("Thanks, Ada.")


def test_voice_codes_are_ignored_unless_the_store_takes_them(talk: Talk, store: Store) -> None:
    store.call("set_voice_code", {"user_id": "u-1", "code": "4321"})
    talk.say("list_orders", "list my orders")
    talk.say("identify", email=ADA)
    assert "doesn't match" in talk.say("out_of_scope", "4321")


def test_without_codes_or_voice_codes_only_a_token_proves(store: Store, tmp_path: Path) -> None:
    talk = talk_in(store, tmp_path, identity_verifier="none")
    talk.say("list_orders", "list my orders")
    assert "sign in on the store's website" in talk.say("identify", email=ADA)
    assert talk.conversation.task is None
    token = Talk(talk.dialogue, Conversation(user_id="u-1", user_name="Ada", authenticated=True))
    assert "#W1001" in token.say("list_orders", "list my orders")


def test_asking_again_while_a_code_is_pending_sends_no_other(talk: Talk) -> None:
    talk.say("list_orders", "list my orders")
    talk.say("identify", email=ADA)
    for intent in ("view_cart", "refund_status", "list_orders"):
        assert "sent a code" in talk.say(intent, intent.replace("_", " "))
    assert len(talk.outbox.sent) == 1


def test_codes_sent_per_account_are_limited(store: Store, tmp_path: Path) -> None:
    dialogue = make_dialogue(store, tmp_path, identity_code_sends=2)
    for _ in range(2):
        talk = Talk(dialogue)
        talk.say("list_orders", "list my orders")
        assert "sent a code" in talk.say("identify", email=ADA)
    third = Talk(dialogue)
    third.say("list_orders", "list my orders")
    assert "can't send another" in third.say("identify", email=ADA)
    assert len(third.outbox.sent) == 2


def test_an_overlong_code_is_only_a_wrong_one(store: Store, tmp_path: Path) -> None:
    store.call("set_voice_code", {"user_id": "u-1", "code": "4321"})
    talk = talk_in(store, tmp_path, voice_codes=True)
    talk.say("list_orders", "list my orders")
    talk.say("identify", email=ADA)
    assert "doesn't match" in talk.say("out_of_scope", "my code is " + "7" * 40)


def test_guessed_order_numbers_lock_the_claim(store: Store, tmp_path: Path) -> None:
    talk = talk_in(store, tmp_path, identity_code_tries=3)
    talk.say("identify", email=ADA)
    guesses = [
        talk.say("order_status", f"where is order W{n}", order_id=f"#W{n}")
        for n in (1901, 1902, 1903)
    ]
    assert "can't find order #W1901" in guesses[0]
    assert "too many tries" in guesses[2]
    assert "too many tries" in talk.say("order_status", "order W1001", order_id="#W1001")
