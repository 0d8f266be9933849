"""`shoptalk train`: from a store to a model directory, end to end.

Generate data → train (optionally under torchrun) → calibrate confidence → export ONNX (int8)
and check it agrees with PyTorch → write the directory atomically: weights, tokenizer, labels,
calibration, metrics, the training configuration and the fingerprint of the catalog it learnt.
"""

import json
import shutil
import time
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist

from shoptalk.commerce import Store
from shoptalk.commerce.tables import StoreRow
from shoptalk.files import replace_directory
from shoptalk.nlu.dataset import Example, training_examples
from shoptalk.nlu.export import export_onnx, quantize
from shoptalk.nlu.model import JointParser, ParserConfig
from shoptalk.nlu.runtime import META_FILE, MODEL_FILE, TOKENIZER_FILE, ModelRuntime
from shoptalk.nlu.train import TrainingConfig, collate, tensorize, train_parser
from shoptalk.nlu.vocabulary import load_vocabulary
from shoptalk.training import Progress, start_distributed

MODEL_FORMAT = "shoptalk-parser/1"


def train_store_model(
    store: Store,
    out: Path,
    *,
    encoder_dir: Path,
    clinc_dir: Path,
    config: TrainingConfig,
    progress: Progress,
) -> dict[str, float] | None:
    """Train and write the model directory `out`; returns the validation figures (None in the
    other processes of a distributed run: only the first one writes)."""
    distributed = start_distributed()
    vocabulary = load_vocabulary(store)
    examples = training_examples(
        vocabulary,
        clinc_dir,
        per_intent=config.per_intent,
        clinc_per_intent=config.clinc_per_intent,
        seed=config.seed,
    )
    model, parser_config, validation, figures = train_parser(
        examples, encoder_dir, config, progress
    )
    if distributed and dist.get_rank() != 0:
        dist.barrier()
        return None
    building = out.with_name(out.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    logits = validation_logits(model, validation, encoder_dir, parser_config)
    calibration = {
        "temperature": calibrate(*logits),
        "intent_prior": intent_prior(examples, parser_config.intents),
    }
    figures |= _export(model, building, encoder_dir, parser_config, calibration, validation, logits)
    meta = {
        "format": MODEL_FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": parser_config.to_json(),
        **calibration,
        "fingerprint": vocabulary.fingerprint(),
        "catalog_id": _catalog_id(store),
        "training": asdict(config),
        "examples": len(examples),
        "validation": figures,
    }
    (building / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    replace_directory(building, out)
    if distributed:
        dist.barrier()
    return figures


def _catalog_id(store: Store) -> str:
    with store.transaction(write=False) as session:
        row = session.get(StoreRow, 1)
        return row.catalog_id if row else ""


def validation_logits(
    model: JointParser, examples: list[Example], encoder_dir: Path, config: ParserConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Intent logits of the held-back examples, and their true intent indexes."""
    rows = tensorize(examples, encoder_dir / "tokenizer.json", config)
    logits, truth = [], []
    with torch.no_grad():
        for batch in (collate(rows[i : i + 64]) for i in range(0, len(rows), 64)):
            intent_logits, _ = model(batch.input_ids, batch.attention_mask)
            logits.append(intent_logits.numpy())
            truth.append(batch.intents.numpy())
    return np.concatenate(logits), np.concatenate(truth)


def calibrate(logits: np.ndarray, truth: np.ndarray) -> float:
    """Temperature scaling: the one number that makes confidences match accuracy on held-back
    data (lowest negative log-likelihood over a grid of temperatures)."""

    def nll(temperature: float) -> float:
        scaled = logits / temperature
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_probabilities = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-log_probabilities[np.arange(len(truth)), truth].mean())

    grid = np.exp(np.linspace(np.log(0.25), np.log(8.0), 80))
    return float(min(grid, key=nll))


def intent_prior(examples: list[Example], intents: tuple[str, ...]) -> dict[str, float]:
    """How much of the training mix each intent is (add-one smoothed: none is zero)."""
    counts = Counter(example.intent for example in examples)
    total = len(examples) + len(intents)
    return {intent: (counts[intent] + 1) / total for intent in intents}


def _export(
    model: JointParser,
    folder: Path,
    encoder_dir: Path,
    config: ParserConfig,
    calibration: dict[str, object],
    validation: list[Example],
    logits: tuple[np.ndarray, np.ndarray],
) -> dict[str, float]:
    """Write ONNX (int8) and the tokenizer; measure agreement with PyTorch on held-back data."""
    float_model = folder / "model-float.onnx"
    export_onnx(model, float_model)
    quantize(float_model, folder / MODEL_FILE)
    float_model.unlink()
    shutil.copy(encoder_dir / "tokenizer.json", folder / TOKENIZER_FILE)
    (folder / META_FILE).write_text(json.dumps({"config": config.to_json(), **calibration}))
    return _agreement(ModelRuntime(folder), validation, config, logits)


def _agreement(
    runtime: ModelRuntime,
    examples: list[Example],
    config: ParserConfig,
    torch_logits: tuple[np.ndarray, np.ndarray],
) -> dict[str, float]:
    """The exported model against PyTorch's own logits on the same held-back examples."""
    logits, truth = torch_logits
    started = time.perf_counter()
    predictions = [runtime.predict(list(e.words)) for e in examples]
    seconds = time.perf_counter() - started
    onnx_intents = [
        max(p.intent_probabilities, key=p.intent_probabilities.__getitem__) for p in predictions
    ]
    calibrated = runtime.calibration.probabilities(logits)
    torch_intents = [config.intents[i] for i in calibrated.argmax(axis=1)]
    truth_intents = [config.intents[i] for i in truth]
    tag_right = sum(p.tags == list(e.tags) for p, e in zip(predictions, examples, strict=True))
    count = len(examples)
    return {
        "validation_examples": float(count),
        "intent_accuracy": sum(map(str.__eq__, onnx_intents, [e.intent for e in examples])) / count,
        "tags_exact": tag_right / count,
        "onnx_torch_intent_agreement": sum(map(str.__eq__, onnx_intents, torch_intents)) / count,
        "torch_intent_accuracy": sum(map(str.__eq__, torch_intents, truth_intents)) / count,
        "onnx_ms_per_utterance": 1000 * seconds / count,
    }
