"""Voice turns end to end through the Assistant: recording → decode → voice activity →
store-aware recognition → understanding → dialogue, then the first clause of the spoken reply.

    .venv/bin/python benchmarks/voice.py [--utterances 100]

Each shopping utterance (the round-trip set of benchmarks/speech.py) is spoken by piper and
taken as a voice turn in a fresh conversation that expects what the utterance answers (an order
id, an email, an item of a list). The understanding of the transcript is compared with the
understanding of the words as written: the frame is right when intent and slots agree. Latency
is from the end of the recording to the first reply audio.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).parent))

from dialogue import demo_assistant
from shoptalk.console import progress_bar
from shoptalk.dialogue import Conversation, Reply
from shoptalk.dialogue.state import Entry, Listing
from shoptalk.nlu import (
    Understanding,
)
from shoptalk.speech import Expectation
from shoptalk.speech.metrics import word_error_rate
from speech import Utterance, exact, shopping_utterances

ASKED = {
    Expectation.ORDER_ID: "order_id",
    Expectation.EMAIL: "email",
    Expectation.LIST_ITEMS: "choice",
}


def expecting(utterance: Utterance) -> Conversation:
    """A conversation that has just asked what the utterance answers."""
    asked = ASKED.get(utterance.context.expectation, "anything")
    conversation = Conversation(last_reply=Reply(text="", expecting=asked))  # type: ignore[arg-type]
    if utterance.context.choices:
        entries = tuple(Entry(id=f"p{i}", name=n) for i, n in enumerate(utterance.context.choices))
        conversation.listing = Listing(kind="products", entries=entries)
    return conversation


def frame(understanding: Understanding) -> tuple[str, dict[str, object]]:
    slots = understanding.slots.model_dump(exclude_none=True)
    if "product" in slots:
        slots["product"] = slots["product"]["id"]
    return understanding.intent, slots


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--utterances", type=int, default=100)
    count = arguments.parse_args().utterances
    utterances = shopping_utterances(count)
    with tempfile.TemporaryDirectory() as folder:
        assistant = demo_assistant(Path(folder))
        voice = assistant.voice
        rows: list[tuple[Utterance, str, bool, bool, float]] = []
        with progress_bar() as report:
            for done, utterance in enumerate(utterances, 1):
                recording = voice.speak(utterance.text)
                start = time.perf_counter()
                result = assistant.turn(expecting(utterance), audio=recording)
                next(voice.synthesizer.stream(result.reply.text))
                latency = (time.perf_counter() - start) * 1000
                wanted = frame(assistant.parser.parse(utterance.text))
                heard = frame(result.understanding)
                rows.append(
                    (utterance, result.transcript, heard == wanted, heard[0] == wanted[0], latency)
                )
                report("voice turns", done, len(utterances))
    show(rows)


def show(rows: list[tuple[Utterance, str, bool, bool, float]]) -> None:
    latencies = [row[4] for row in rows]
    cuts = statistics.quantiles(latencies, n=20, method="inclusive")
    checked = [row for row in rows if row[0].order_id or row[0].quantity]
    table = Table(
        "measure",
        "value",
        title=f"Voice turns over the demo store ({len(rows)} utterances, piper → Whisper)",
    )
    table.add_row(
        "understanding frame right (intent + slots as from the written words)",
        f"{sum(r[2] for r in rows) / len(rows):.1%}",
    )
    table.add_row("intent right", f"{sum(r[3] for r in rows) / len(rows):.1%}")
    table.add_row(
        "order ids and quantities exact",
        f"{sum(exact(r[0], r[1]) for r in checked)}/{len(checked)}",
    )
    table.add_row("word error rate", f"{word_error_rate([(r[0].text, r[1]) for r in rows]):.1%}")
    table.add_row(
        "end of recording → first reply audio, p50 / p95",
        f"{statistics.median(latencies):.0f} ms / {cuts[18]:.0f} ms",
    )
    Console().print(table)
    for utterance, transcript, right, _, _ in rows:
        if not right:
            print(f"  said {utterance.text!r}\n  got  {transcript!r}")


if __name__ == "__main__":
    main()
