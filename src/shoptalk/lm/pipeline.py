"""`shoptalk train-lm`: from a store to a language-model directory, end to end.

Build the corpus → learn the tokenizer → train (optionally under torchrun) → export ONNX and
check its perplexity equals PyTorch's → write the directory atomically: weights, tokenizer,
configuration, figures and the fingerprint of the catalog it learnt.
"""

import json
import math
import shutil
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch.distributed as dist
from tokenizers import Tokenizer

from shoptalk.commerce import Store
from shoptalk.files import replace_directory
from shoptalk.lm.corpus import Corpus, build_corpus
from shoptalk.lm.export import export_onnx
from shoptalk.lm.model import LanguageModel
from shoptalk.lm.runtime import META_FILE, MODEL_FILE, TOKENIZER_FILE, LanguageModelRuntime
from shoptalk.lm.tokenizer import encode, train_tokenizer
from shoptalk.lm.train import LMTrainingConfig, train_lm
from shoptalk.nlu.vocabulary import load_vocabulary
from shoptalk.training import Progress, start_distributed

MODEL_FORMAT = "shoptalk-lm/1"


def train_store_lm(
    store: Store, out: Path, config: LMTrainingConfig, progress: Progress
) -> dict[str, float] | None:
    """Train and write the directory `out`; returns the figures (None in the other processes
    of a distributed run: only the first one writes)."""
    distributed = start_distributed()
    vocabulary = load_vocabulary(store)
    corpus = build_corpus(
        store,
        vocabulary,
        per_intent=config.per_intent,
        validation_fraction=config.validation_fraction,
        seed=config.seed,
    )
    tokenizer = train_tokenizer(corpus.training, config.vocab_size)
    training, validation = (
        [encode(tokenizer, s, config.context) for s in sentences]
        for sentences in (corpus.training, corpus.validation)
    )
    model_config = config.model_config(tokenizer.get_vocab_size())
    model, figures = train_lm(training, validation, model_config, config, progress)
    if distributed and dist.get_rank() != 0:
        dist.barrier()
        return None
    figures |= _corpus_figures(corpus, training, model)
    building = out.with_name(out.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    meta: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": model_config.to_json(),
        "fingerprint": vocabulary.fingerprint(),
        "training": asdict(config),
    }
    figures |= _export(model, tokenizer, building, corpus, meta)
    (building / META_FILE).write_text(json.dumps(meta | {"metrics": figures}, indent=2) + "\n")
    replace_directory(building, out)
    if distributed:
        dist.barrier()
    return figures


def _corpus_figures(
    corpus: Corpus, training: list[list[int]], model: LanguageModel
) -> dict[str, float]:
    return {
        "training_sentences": float(len(corpus.training)),
        "validation_sentences": float(len(corpus.validation)),
        "training_tokens": float(sum(len(ids) - 1 for ids in training)),
        "parameters": float(sum(p.numel() for p in model.parameters())),
    }


def _export(
    model: LanguageModel,
    tokenizer: Tokenizer,
    folder: Path,
    corpus: Corpus,
    meta: dict[str, Any],
) -> dict[str, float]:
    """Write ONNX and the tokenizer; measure the exported model on the validation sentences."""
    export_onnx(model, folder / MODEL_FILE)
    tokenizer.save(str(folder / TOKENIZER_FILE))
    (folder / META_FILE).write_text(json.dumps(meta))
    runtime = LanguageModelRuntime(folder)
    started = time.perf_counter()
    scores = [runtime.score(sentence) for sentence in corpus.validation]
    seconds = time.perf_counter() - started
    tokens = sum(len(s) for s in scores)
    total = sum(t.logprob for s in scores for t in s)
    return {
        "onnx_validation_perplexity": math.exp(-total / max(1, tokens)),
        "onnx_ms_per_sentence": 1000 * seconds / max(1, len(scores)),
    }
