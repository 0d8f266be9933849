"""Store-policy answers on the demo store: topic accuracy, not-covered detection, speed.

    python benchmarks/knowledge.py

The questions are written by hand in `tests/knowledge/data/questions.jsonl`, each with the
topics that answer it (none: no policy covers it). `COVERED_THRESHOLD` was calibrated on the
"calibration" questions; the "heldout" ones were written after it was fixed.

Figures: accuracy (the answer's topic is one of the expected, or None when none is), topic
accuracy on covered questions, precision and recall of "not covered", the time to build the
book (policies read from the store and embedded; the encoder already loaded), and answer
latency over every question, each encoded anew (the query cache emptied), on one thread as
a turn of the assistant runs it.
"""

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch

from shoptalk.commerce import Snapshot, Store, import_snapshot
from shoptalk.commerce.demo import demo_snapshot
from shoptalk.knowledge import PolicyAnswer, PolicyBook
from shoptalk.search.semantic import sentence_model

QUESTIONS = Path(__file__).parents[1] / "tests" / "knowledge" / "data" / "questions.jsonl"
LATENCY_ROUNDS = 5


def load_questions() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]


def figures(
    questions: list[dict[str, Any]], answers: list[PolicyAnswer | None]
) -> dict[str, float]:
    pairs = list(zip(questions, answers, strict=True))
    right = [(a.topic if a else None) in (q["topics"] or [None]) for q, a in pairs]
    covered = [a is not None and a.topic in q["topics"] for q, a in pairs if q["topics"]]
    said_none = [not q["topics"] for q, a in pairs if a is None]
    truly_none = [a is None for q, a in pairs if not q["topics"]]
    return {
        "questions": len(pairs),
        "accuracy": statistics.mean(right),
        "topic accuracy (covered)": statistics.mean(covered),
        "not-covered precision": statistics.mean(said_none) if said_none else 1.0,
        "not-covered recall": statistics.mean(truly_none) if truly_none else 1.0,
    }


def main() -> None:
    questions = load_questions()
    sentence_model()
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{folder}/demo.db")
        import_snapshot(store, Snapshot.model_validate(demo_snapshot()))
        started = time.perf_counter()
        book = PolicyBook.from_store(store)
        build_ms = (time.perf_counter() - started) * 1000
        store.close()
    policies = list(book.texts.items())
    answers = [book.answer(q["question"]) for q in questions]
    for name in ("calibration", "heldout", None):
        chosen = [i for i, q in enumerate(questions) if name in (None, q["set"])]
        found = figures([questions[i] for i in chosen], [answers[i] for i in chosen])
        print(f"{name or 'all'}: " + ", ".join(f"{k} {v:.3g}" for k, v in found.items()))
    latencies = []
    for _ in range(LATENCY_ROUNDS):
        book = PolicyBook(policies)  # a fresh query cache: every question encoded anew
        for question in questions:
            started = time.perf_counter()
            book.answer(question["question"])
            latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, round(0.99 * len(latencies)))]
    print(
        f"build {build_ms:.0f} ms for {len(book.passages)} sentences in {len(book.topics)} topics"
    )
    print(f"answer latency p50 {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()
