"""Intent logits to probabilities: temperature, and the training mix's prior taken out."""

import numpy as np
import pytest

from shoptalk.nlu.dataset import Example
from shoptalk.nlu.pipeline import intent_prior
from shoptalk.nlu.runtime import Calibration

INTENTS = ("affirm", "greet", "out_of_scope")


def examples(**counts: int) -> list[Example]:
    return [Example(("w",), ("O",), intent) for intent, n in counts.items() for _ in range(n)]


def test_the_prior_is_each_intents_share_of_the_training_mix() -> None:
    prior = intent_prior(examples(affirm=10, out_of_scope=30), INTENTS)
    assert prior == pytest.approx({"affirm": 11 / 43, "greet": 1 / 43, "out_of_scope": 31 / 43})
    assert sum(prior.values()) == pytest.approx(1.0)


def test_without_a_prior_the_probabilities_are_the_tempered_softmax() -> None:
    calibration = Calibration.from_meta({"temperature": 2.0}, INTENTS)
    logits = np.array([2.0, 0.0, 4.0])
    expected = np.exp(logits / 2) / np.exp(logits / 2).sum()
    assert calibration.probabilities(logits) == pytest.approx(expected)


def test_an_intent_common_in_training_loses_the_edge_it_had_from_being_common() -> None:
    prior = {"affirm": 0.1, "greet": 0.1, "out_of_scope": 0.8}
    calibration = Calibration.from_meta({"temperature": 1.0, "intent_prior": prior}, INTENTS)
    logits = np.log(np.array([0.16, 0.04, 0.8]))
    probabilities = calibration.probabilities(logits)
    assert probabilities == pytest.approx([0.16 / 0.1 / 3.0, 0.04 / 0.1 / 3.0, 1.0 / 3.0])
    assert probabilities.argmax() == INTENTS.index("affirm")


def test_a_batch_is_calibrated_row_by_row() -> None:
    calibration = Calibration.from_meta({"temperature": 1.0}, INTENTS)
    rows = calibration.probabilities(np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0]]))
    assert rows.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert rows[0] == pytest.approx([1 / 3] * 3)
    assert rows[1].argmax() == 0
