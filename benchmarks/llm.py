"""LLM benchmark: fallback understanding on the held-out utterances the parser rejects, the
latency the LLM adds to a turn, product answers and rewordings, and which server and model.

    python benchmarks/llm.py                     # llama.cpp (xllamacpp) serving Gemma 3 270M
    python benchmarks/llm.py --url http://127.0.0.1:8000/v1 --model NAME   # any other server

The fallback set is every utterance of the hand-written held-out set (tests/nlu/data/
heldout.jsonl) that the parser rejects — out of scope, or below `llm_fallback_below` — each
taken as the first turn of a fresh conversation, as the Assistant would take it. The product
questions and the replies to reword are written here, not taken from the held-out set. Each
request gets the configured timeout (`SHOPTALK_LLM_TIMEOUT_S`, default 3 s) after one warm-up
request per job, as a server that has been up a while would have its prompts cached;
`--timeout 30` measures what the model does with all the time it needs.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))

from dialogue import demo_assistant
from shoptalk.assistant import Assistant
from shoptalk.config import get_settings
from shoptalk.console import progress_bar
from shoptalk.dialogue import Conversation, Dialogue, Reply
from shoptalk.dialogue.fallback import Guess
from shoptalk.llm import ChatClient, LLMError, Message, reword
from shoptalk.llm.local import LocalServer, gemma_gguf
from shoptalk.nlu import Slots, Understanding
from shoptalk.nlu.evaluate import labelled, score

HELD_OUT = Path("tests/nlu/data/heldout.jsonl")
WARM_UP_S = 300.0
PRODUCT_QUESTIONS = (
    ("p-1047", "is the Ridgeline Timber Hiking Boot waterproof", True),
    ("p-1086", "how long does the battery last on the Northpeak Pulse speaker", True),
    ("p-1078", "how big is the screen on the Lumio Nimbus 5G", True),
    ("p-1160", "does the Pocketfold case come with a warranty", True),
    ("p-1139", "are the seams taped on the Northpeak Alpine Rain Jacket", True),
    ("p-1086", "is the Northpeak Pulse speaker dishwasher safe", False),
    ("p-1047", "are the Ridgeline Timber boots vegan", False),
    ("p-1078", "does the Lumio Nimbus 5G come with a charger", False),
)
"""(product, question, whether its catalog data answers it)."""
SEARCHES = ("tents", "running shoes", "coffee", "headphones", "yoga mat", "blender")
SHOPPER = "u-19"


class Timed:
    """The client, timing every request and counting failures, per job."""

    def __init__(self, client: ChatClient) -> None:
        self.client = client
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.failed: Counter[str] = Counter()

    def ask(
        self, messages: Sequence[Message], schema: dict[str, Any], *, name: str, max_tokens: int
    ) -> Any:
        begin = time.perf_counter()
        try:
            return self.client.ask(messages, schema, name=name, max_tokens=max_tokens)
        except LLMError:
            self.failed[name] += 1
            raise
        finally:
            self.ms[name].append((time.perf_counter() - begin) * 1000)


@contextmanager
def llm_server(url: str | None, model: str) -> Iterator[tuple[str, str, str]]:
    """(url, model, description): the given server, or the local one started here."""
    if url is not None:
        yield url, model, f"{url} ({model})"
        return
    gguf = gemma_gguf(get_settings().var_dir)
    with LocalServer(gguf) as server:
        told = f"llama.cpp (xllamacpp, {server.threads} thread) serving {gguf.name}; "
        told += f"up in {server.startup_s:.1f} s"
        yield server.url, gguf.stem, told


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return f"{values[0]:.0f} ms" if values else "-"
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    return f"{statistics.median(values):.0f} / {cuts[18]:.0f} ms"


def fallback(assistant: Assistant, dialogue: Dialogue, timed: Timed) -> dict[str, str]:
    settings = dialogue.services.settings
    frames = labelled(HELD_OUT)
    parsed = [(frame, assistant.parser.parse(frame.text)) for frame in frames]
    rejected = [
        (frame, p)
        for frame, p in parsed
        if p.intent == "out_of_scope" or p.confidence < settings.llm_fallback_below
    ]
    results: list[tuple[Understanding, Understanding, Understanding]] = []
    added: list[float] = []
    with progress_bar() as report:
        for done, (frame, understood) in enumerate(rejected, 1):
            begin = time.perf_counter()
            final = dialogue.second_opinion(Conversation(), understood)
            added.append((time.perf_counter() - begin) * 1000)
            results.append((frame, understood, final))
            report("fallback", done, len(rejected))
    in_scope = [r for r in results if r[0].intent != "out_of_scope"]
    outside = [r for r in results if r[0].intent == "out_of_scope"]
    rescued = sum(final.intent == frame.intent for frame, _, final in in_scope)
    kept_out = sum(final.intent == "out_of_scope" for _, _, final in outside)
    guesses = [(frame, final) for frame, _, final in results if isinstance(final, Guess)]
    right = sum(final.intent == frame.intent for frame, final in guesses)
    read_back = sum(final.intent in ("add_to_cart", "remove_from_cart") for _, final in guesses)
    alone = score((frame, understood) for frame, understood, _ in results)
    helped = score((frame, final) for frame, _, final in results)
    return {
        "held-out utterances the parser rejects": f"{len(results)} of {len(frames)} "
        f"({len(in_scope)} in scope, {len(outside)} out of scope)",
        "intent right, parser alone": f"{alone['intent_accuracy']:.1%}",
        "intent right, with the LLM fallback": f"{helped['intent_accuracy']:.1%}",
        "exact frame, parser alone / with the LLM": f"{alone['exact_frame']:.1%} / "
        f"{helped['exact_frame']:.1%}",
        "in-scope utterances rescued": f"{rescued} of {len(in_scope)}",
        "out-of-scope utterances kept out": f"{kept_out} of {len(outside)}",
        "LLM readings acted on: right intent / cart changes read back": f"{len(guesses)}: "
        f"{right} / {read_back}",
        "tool calls failed (timeout, bad JSON)": f"{timed.failed['tool_call']} of "
        f"{len(timed.ms['tool_call'])}",
        "tool call latency p50 / p95": percentiles(timed.ms["tool_call"]),
        "added per rejected turn p50 / p95": percentiles(added),
        "turns that ask the LLM": f"{len(results) / len(frames):.1%} of held-out turns",
    }


def product_answers(
    dialogue: Dialogue, plain: Dialogue, timed: Timed
) -> tuple[dict[str, str], Table]:
    shown = Table("question", "data says", "reply", title="Product questions", show_lines=True)
    outcomes: Counter[str] = Counter()
    for product_id, question, known in PRODUCT_QUESTIONS:
        product = dialogue.services.catalog.product(product_id)
        assert product is not None, f"{product_id} is not in the demo store"
        mention = {"id": product_id, "name": product.name, "mention": product.name}
        reply = _say(dialogue, question, "product_info", product=mention)
        if reply.text.startswith("Sorry, I don't know"):
            outcomes["declined" if not known else "declined, though the data says"] += 1
        elif reply == _say(plain, question, "product_info", product=mention):
            outcomes["no usable answer (the template)"] += 1
        else:
            outcomes["answered" if known else "answered, though the data is silent"] += 1
        shown.add_row(question, "yes" if known else "no", reply.text)
    figures = {
        f"product questions: {outcome}": f"{count} of {len(PRODUCT_QUESTIONS)}"
        for outcome, count in sorted(outcomes.items())
    }
    figures["answer latency p50 / p95"] = percentiles(timed.ms["product_answer"])
    return figures, shown


def rewordings(plain: Dialogue, timed: Timed) -> dict[str, str]:
    replies = [
        _say(plain, f"show me {query}", "search_products", query=query) for query in SEARCHES
    ]
    orders = plain.services.orders(SHOPPER)[:4]
    replies += [_say(plain, "where is it", "order_status", order_id=o.id) for o in orders]
    spoken = [reword(timed, reply.text) for reply in replies]
    kept = [
        new for new, reply in zip(spoken, replies, strict=True) if new not in (None, reply.text)
    ]
    return {
        "replies reworded (kept: same facts, new words)": f"{len(kept)} of {len(replies)}",
        "rewording latency p50 / p95": percentiles(timed.ms["spoken_reply"]),
    }


def _say(dialogue: Dialogue, text: str, intent: str, **slots: Any) -> Reply:
    conversation = Conversation(user_id=SHOPPER, user_name="Victor", authenticated=True)
    said = Understanding(text=text, intent=intent, confidence=1.0, slots=Slots(**slots))
    return dialogue.respond(conversation, said)


def warm_up(assistant: Assistant, dialogue: Dialogue) -> None:
    """One request per job with all the time it needs, so the server has each prompt cached."""
    dialogue.second_opinion(Conversation(), assistant.parser.parse("sing me a song"))
    product = dialogue.services.catalog.catalog.products[0]
    mention = {"id": product.id, "name": product.name, "mention": product.name}
    _say(dialogue, "is it dishwasher safe", "product_info", product=mention)
    if dialogue.services.llm is not None:
        reword(dialogue.services.llm, "I found one: Trail Lantern at $35.00.")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--url", default=None, help="an OpenAI-compatible server's /v1 URL")
    arguments.add_argument("--model", default="default", help="the model name it serves")
    arguments.add_argument(
        "--timeout", type=float, default=get_settings().llm_timeout_s, help="seconds a request"
    )
    given = arguments.parse_args()
    timeout = given.timeout
    with tempfile.TemporaryDirectory() as folder, llm_server(given.url, given.model) as server:
        url, model, told = server
        assistant = demo_assistant(Path(folder))
        plain = assistant.dialogue
        patient = ChatClient(url, model, timeout_s=WARM_UP_S)
        warm_up(assistant, Dialogue(replace(plain.services, llm=patient)))
        timed = Timed(ChatClient(url, model, timeout_s=timeout))
        dialogue = Dialogue(replace(plain.services, llm=timed))
        rows = {"server": told, "timeout per request": f"{timeout:g} s"}
        rows |= fallback(assistant, dialogue, timed)
        answered, questions = product_answers(dialogue, plain, timed)
        rows |= answered
        rows |= rewordings(plain, timed)
    table = Table("measure", "value", title="Optional LLM over the demo store")
    for name, value in rows.items():
        table.add_row(name, value)
    console = Console(width=140)
    console.print(table)
    console.print(questions)


if __name__ == "__main__":
    main()
