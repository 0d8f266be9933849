"""Scoring frames: intents, slot pairs, exact frames, out-of-scope figures."""

from typing import Any

from shoptalk.nlu.evaluate import score, slot_pairs
from shoptalk.nlu.understanding import Slots, Understanding


def frame(intent: str, **slots: Any) -> Understanding:
    return Understanding.model_validate(
        {"text": "x", "intent": intent, "confidence": 1.0, "slots": slots}
    )


def test_options_and_products_count_per_pair() -> None:
    slots = Slots.model_validate(
        {
            "product": {"id": "p-1", "name": "Latte", "mention": "lattes"},
            "options": {"size": "large"},
            "quantity": 2,
        }
    )
    assert slot_pairs(slots) == {("product", "p-1"), ("options.size", "large"), ("quantity", "2")}


def test_scores() -> None:
    report = score(
        [
            (
                frame("add_to_cart", quantity=2, options={"size": "large"}),
                frame("add_to_cart", quantity=2),
            ),
            (frame("order_status", order_id="#W1001"), frame("order_status", order_id="#W1001")),
            (frame("out_of_scope"), frame("out_of_scope")),
            (frame("out_of_scope"), frame("greet")),
            (frame("greet"), frame("out_of_scope")),
        ]
    )
    assert report["intent_accuracy"] == 3 / 5
    assert report["exact_frame"] == 2 / 5
    assert report["slot_precision"] == 1.0
    assert report["slot_recall"] == 2 / 3
    assert report["oos_recall"] == 0.5
    assert report["oos_false_accept_rate"] == 0.5
    assert report["in_scope_rejected_rate"] == 1 / 3
    assert {"expected": "greet", "predicted": "out_of_scope", "count": 1} in report["confusions"]


def test_address_lines_count_the_same_said_either_way() -> None:
    said = Slots.model_validate({"address": {"address1": "12 Main Street", "city": "Boise"}})
    written = Slots.model_validate({"address": {"address1": "12 Main St", "city": "Boise"}})
    assert slot_pairs(said) == slot_pairs(written)
