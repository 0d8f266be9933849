"""Scoring understanding against labelled utterances: `shoptalk eval`.

Slots are compared as (slot, value) pairs, with each option and each address part a pair of
its own and a product compared by its catalog id, so a frame with one wrong option loses one
pair, not the whole slot. Address lines are compared in their USPS spelling ("Street" = "St").
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shoptalk.nlu.dataset import clinc_examples
from shoptalk.nlu.normalize.addresses import canonical_address_part
from shoptalk.nlu.understanding import Slots, Understanding

OUT_OF_SCOPE = "out_of_scope"


def slot_pairs(slots: Slots) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for name, value in slots.model_dump(exclude_none=True).items():
        if name == "product":
            pairs.add(("product", value["id"]))
        elif name == "address":
            pairs.update((f"address.{key}", _address_part(key, v)) for key, v in value.items() if v)
        elif isinstance(value, dict):
            pairs.update(
                (f"{name}.{key}", _canonical(v)) for key, v in value.items() if v is not None
            )
        else:
            pairs.add((name, _canonical(value)))
    return pairs


def _address_part(key: str, value: str) -> str:
    return canonical_address_part(value) if key in ("address1", "address2") else _canonical(value)


def _canonical(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value).strip().lower()


@dataclass
class Scores:
    """Running totals over an evaluation set."""

    total: int = 0
    intent_right: int = 0
    frames_right: int = 0
    slot_true_positive: int = 0
    slot_predicted: int = 0
    slot_expected: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, expected: Understanding, predicted: Understanding) -> None:
        self.total += 1
        self.confusion[(expected.intent, predicted.intent)] += 1
        want, got = slot_pairs(expected.slots), slot_pairs(predicted.slots)
        self.slot_true_positive += len(want & got)
        self.slot_predicted += len(got)
        self.slot_expected += len(want)
        intent_right = expected.intent == predicted.intent
        self.intent_right += intent_right
        self.frames_right += intent_right and want == got

    def report(self) -> dict[str, Any]:
        precision = _ratio(self.slot_true_positive, self.slot_predicted)
        recall = _ratio(self.slot_true_positive, self.slot_expected)
        oos = sum(n for (e, _), n in self.confusion.items() if e == OUT_OF_SCOPE)
        oos_caught = self.confusion[(OUT_OF_SCOPE, OUT_OF_SCOPE)]
        in_scope = self.total - oos
        rejected = sum(
            n for (e, p), n in self.confusion.items() if e != OUT_OF_SCOPE and p == OUT_OF_SCOPE
        )
        return {
            "utterances": self.total,
            "intent_accuracy": _ratio(self.intent_right, self.total),
            "intent_macro_f1": self.macro_f1(),
            "slot_precision": precision,
            "slot_recall": recall,
            "slot_f1": _ratio(2 * precision * recall, precision + recall),
            "exact_frame": _ratio(self.frames_right, self.total),
            "oos_recall": _ratio(oos_caught, oos),
            "oos_false_accept_rate": _ratio(oos - oos_caught, oos),
            "in_scope_rejected_rate": _ratio(rejected, in_scope),
            "confusions": [
                {"expected": e, "predicted": p, "count": n}
                for (e, p), n in self.confusion.most_common()
                if e != p
            ],
        }

    def macro_f1(self) -> float:
        intents = {e for e, _ in self.confusion} | {p for _, p in self.confusion}
        scores = []
        for intent in intents:
            true_positive = self.confusion[(intent, intent)]
            predicted = sum(n for (_, p), n in self.confusion.items() if p == intent)
            expected = sum(n for (e, _), n in self.confusion.items() if e == intent)
            precision, recall = _ratio(true_positive, predicted), _ratio(true_positive, expected)
            scores.append(_ratio(2 * precision * recall, precision + recall))
        return sum(scores) / len(scores) if scores else 0.0


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def score(pairs: Iterable[tuple[Understanding, Understanding]]) -> dict[str, Any]:
    """Scores of (expected, predicted) pairs."""
    scores = Scores()
    for expected, predicted in pairs:
        scores.add(expected, predicted)
    return scores.report()


def labelled(path: Path) -> list[Understanding]:
    """Expected frames from JSON lines `{"text", "intent", "slots"}`; a bad line is a ValueError
    naming it."""
    frames = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            frames.append(Understanding.model_validate({**json.loads(line), "confidence": 1.0}))
        except (json.JSONDecodeError, ValidationError, TypeError) as error:
            first = str(error).splitlines()[0]
            raise ValueError(f"{path}:{number}: not a labelled utterance ({first})") from error
    return frames


def labelled_clinc(folder: Path) -> list[Understanding]:
    """The CLINC150 validation split as expected intents (mapped, or out of scope)."""
    return [
        Understanding.model_validate({"text": e.text, "intent": e.intent, "confidence": 1.0})
        for e in clinc_examples(folder, "val")
    ]
