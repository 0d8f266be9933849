"""Running the exported model: onnxruntime and the tokenizer, no PyTorch.

Returns calibrated intent probabilities and one tag per word. One session per model directory
per process; inference of one short utterance takes a few milliseconds on one core.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from shoptalk.nlu.model import ParserConfig, encode_words, load_tokenizer
from shoptalk.nlu.spans import best_tags

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "parser.json"


@dataclass(frozen=True)
class Calibration:
    """How intent logits become probabilities a threshold can be set on.

    The temperature makes them match accuracy on held-back data. The model also learnt the
    intents in the proportions of its training mix, a quarter of it out of scope (CLINC's
    hundred-odd other topics), which is how the data was generated, not how often shoppers
    ask each thing. So the probabilities are moved from that prior to an even one (divided by
    it and renormalised, Saerens et al. 2002): a rare way of saying yes is not refused because
    refusals were common in training. A model written without the prior keeps its own."""

    temperature: float
    log_prior: np.ndarray

    @classmethod
    def from_meta(cls, meta: dict[str, Any], intents: tuple[str, ...]) -> "Calibration":
        prior = meta.get("intent_prior") or {}
        return cls(float(meta["temperature"]), np.log([prior.get(i, 1.0) for i in intents]))

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        """Per intent, along the last axis."""
        return softmax(logits / self.temperature - self.log_prior)


@dataclass(frozen=True)
class Prediction:
    intent_probabilities: dict[str, float]
    tags: list[str]
    """One BIO tag per word; words past the model's length limit are tagged "O"."""


class ModelRuntime:
    def __init__(self, model_dir: Path, threads: int = 1) -> None:
        self.model_dir = model_dir
        meta = json.loads((model_dir / META_FILE).read_text())
        self.config = ParserConfig.from_json(meta["config"])
        self.calibration = Calibration.from_meta(meta, self.config.intents)
        self.tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE, self.config.max_tokens)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_dir / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def predict(self, words: list[str]) -> Prediction:
        encoding, first_tokens = encode_words(self.tokenizer, words)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.ones_like(ids)
        intent_logits, tag_logits = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask}
        )
        probabilities = self.calibration.probabilities(intent_logits[0])
        word_scores = log_softmax(tag_logits[0][first_tokens])
        tags = best_tags(word_scores, self.config.tags) if first_tokens else []
        tags += ["O"] * (len(words) - len(tags))
        return Prediction(
            dict(zip(self.config.intents, map(float, probabilities), strict=True)), tags
        )


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return result
