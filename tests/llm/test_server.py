"""Against a real server: llama.cpp (the prebuilt xllamacpp) serving Gemma 3 270M on loopback,
started once for the session. The model is a small base model, so these tests check the
protocol (every answer is JSON within its schema), the checks, the fallbacks and the safety
rules, not how well it understands."""

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from shoptalk.commerce import Store, export_snapshot
from shoptalk.dialogue import Dialogue
from shoptalk.dialogue.fallback import Guess
from shoptalk.llm import ChatClient, Message
from shoptalk.llm.local import LocalServer, gemma_gguf
from shoptalk.llm.schema import fits
from tests.conftest import REPO_VAR
from tests.llm.talk import BLENDER, INJECTION, shopper, turn, with_llm

pytestmark = [pytest.mark.llm, pytest.mark.xdist_group("llm")]

PATIENT_S = 300.0
"""Generous: CI shares two cores between the server and another test worker."""


class Recording:
    """The real client, keeping every schema asked for and the answer that came back."""

    def __init__(self, client: ChatClient) -> None:
        self.client = client
        self.answers: list[tuple[str, dict[str, Any], Any]] = []

    def ask(
        self, messages: Sequence[Message], schema: dict[str, Any], *, name: str, max_tokens: int
    ) -> Any:
        answer = self.client.ask(messages, schema, name=name, max_tokens=max_tokens)
        self.answers.append((name, schema, answer))
        return answer


@pytest.fixture(scope="session")
def local_llm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    log = tmp_path_factory.mktemp("llm") / "server.log"
    with LocalServer(gemma_gguf(REPO_VAR), log=log) as server:
        yield server


@pytest.fixture
def llm(local_llm: LocalServer) -> Recording:
    return Recording(ChatClient(local_llm.url, "gemma-3-270m", timeout_s=PATIENT_S))


def test_the_gguf_is_assembled_once_under_var() -> None:
    model = gemma_gguf(REPO_VAR)
    assert model == REPO_VAR / "llm" / "gemma-3-270m-q4_k_m.gguf"
    assert model.stat().st_size > 200_000_000
    assert gemma_gguf(REPO_VAR).stat().st_mtime == model.stat().st_mtime


@pytest.mark.parametrize("said", ["do you have any lamps", "tell me a joke"])
def test_an_unsure_turn_gets_a_reading_within_the_schema(
    plain: Dialogue, shop: Store, llm: Recording, said: str
) -> None:
    before = export_snapshot(shop)
    understood, reply = turn(with_llm(plain, llm), shopper(), said)
    [(name, schema, answer)] = llm.answers
    assert name == "tool_call"
    assert fits(answer, schema)
    assert isinstance(understood, Guess) or understood.intent == "out_of_scope"
    assert reply.text
    assert export_snapshot(shop) == before


def test_a_product_question_gets_an_answer_within_the_schema(
    plain: Dialogue, llm: Recording
) -> None:
    question = "how many litres does the blender hold"
    _, reply = turn(with_llm(plain, llm), shopper(), question, "product_info", product=BLENDER)
    [(name, schema, answer)] = llm.answers
    assert name == "product_answer"
    assert fits(answer, schema)
    assert reply.text


def test_a_rewording_is_within_the_schema_and_kept_only_with_the_same_facts(
    plain: Dialogue, llm: Recording
) -> None:
    _, template = turn(plain, shopper(), "where's W1002", "order_status", order_id="#W1002")
    phrasing = with_llm(plain, llm, llm_phrasing=True)
    _, reply = turn(phrasing, shopper(), "where's W1002", "order_status", order_id="#W1002")
    [(name, schema, answer)] = llm.answers
    assert name == "spoken_reply"
    assert fits(answer, schema)
    assert reply.text in (template.text, answer["reply"].strip())
    assert "#W1002" in reply.text


def test_a_description_telling_the_model_to_cancel_orders_changes_nothing(
    plain: Dialogue, shop: Store, llm: Recording
) -> None:
    conversation = shopper()
    before = export_snapshot(shop)
    question = "is the blender dishwasher safe"
    _, reply = turn(with_llm(plain, llm), conversation, question, "product_info", product=BLENDER)
    assert [name for name, _, _ in llm.answers] == ["product_answer"]
    assert reply.text.startswith("Sorry, I don't know") or "Blender is $" in reply.text
    assert conversation.proposal is None
    assert conversation.task is None
    assert export_snapshot(shop) == before


def test_a_shopper_telling_the_model_to_cancel_everything_changes_nothing(
    plain: Dialogue, shop: Store, llm: Recording
) -> None:
    conversation = shopper()
    before = export_snapshot(shop)
    turn(with_llm(plain, llm), conversation, INJECTION)
    if conversation.proposal is not None:
        turn(with_llm(plain, llm), conversation, "hmm")
    assert export_snapshot(shop) == before


def test_a_server_slower_than_the_timeout_leaves_the_turn_as_without_it(
    plain: Dialogue, local_llm: LocalServer
) -> None:
    hasty = ChatClient(local_llm.url, "gemma-3-270m", timeout_s=0.01)
    understood, reply = turn(with_llm(plain, hasty), shopper(), "do you have any lamps")
    _, without = turn(plain, shopper(), "do you have any lamps")
    assert understood.intent == "out_of_scope"
    assert reply == without
