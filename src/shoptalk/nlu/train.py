"""Training the understanding model: one plain loop, in the spirit of nanoGPT's train.py.

Generate the data from the store, tokenise it, fine-tune the encoder and both heads together,
calibrate the intent confidence on held-back examples, export to ONNX (int8) for serving, and
write a versioned model directory. The same function runs under `torchrun` with
DistributedDataParallel (gloo on CPU): each process trains on its share of every batch.
"""

import random
import time
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from shoptalk.nlu.dataset import TAGS, Example
from shoptalk.nlu.model import IGNORED, JointParser, ParserConfig, encode_words, load_tokenizer
from shoptalk.nlu.understanding import Intent
from shoptalk.training import (
    Progress,
    adamw,
    distributed,
    length_groups,
    linear_schedule,
    process_rank,
    shard,
    step,
)

INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TrainingConfig:
    epochs: int = 2
    batch_size: int = 32
    learning_rate: float = 8e-5
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    validation_fraction: float = 0.08
    per_intent: int = 450
    clinc_per_intent: int = 25
    seed: int = 7
    threads: int = 2


@dataclass(frozen=True)
class Batch:
    input_ids: torch.Tensor
    attention_mask: torch.Tensor
    intents: torch.Tensor
    tags: torch.Tensor


def tensorize(
    examples: list[Example], tokenizer_path: Path, config: ParserConfig
) -> list[tuple[list[int], list[int], int]]:
    """Each example as (token ids, tag label per token, intent index)."""
    tokenizer = load_tokenizer(tokenizer_path, config.max_tokens)
    tag_index = {tag: i for i, tag in enumerate(config.tags)}
    intent_index = {intent: i for i, intent in enumerate(config.intents)}
    rows = []
    for example in examples:
        encoding, first_tokens = encode_words(tokenizer, list(example.words))
        labels = [IGNORED] * len(encoding.ids)
        for word, token in enumerate(first_tokens):
            labels[token] = tag_index[example.tags[word]]
        rows.append((encoding.ids, labels, intent_index[example.intent]))
    return rows


def batches(
    rows: list[tuple[list[int], list[int], int]], size: int, world: int, rng: random.Random
) -> list[Batch]:
    """An epoch's batches: examples of similar length together, in random order."""
    return [collate(group) for group in length_groups(rows, size, _words, world, rng)]


def _words(row: tuple[list[int], list[int], int]) -> int:
    return len(row[0])


def collate(rows: list[tuple[list[int], list[int], int]]) -> Batch:
    width = max(len(ids) for ids, _, _ in rows)
    ids = torch.zeros(len(rows), width, dtype=torch.long)
    mask = torch.zeros(len(rows), width, dtype=torch.long)
    tags = torch.full((len(rows), width), IGNORED, dtype=torch.long)
    for i, (token_ids, labels, _) in enumerate(rows):
        ids[i, : len(token_ids)] = torch.tensor(token_ids)
        mask[i, : len(token_ids)] = 1
        tags[i, : len(labels)] = torch.tensor(labels)
    intents = torch.tensor([intent for _, _, intent in rows])
    return Batch(ids, mask, intents, tags)


def train_parser(
    examples: list[Example],
    encoder_dir: Path,
    config: TrainingConfig,
    progress: Progress,
) -> tuple[JointParser, ParserConfig, list[Example], dict[str, float]]:
    """Fine-tune; returns the model, its config, the held-back examples and training figures."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    held = max(1, int(len(examples) * config.validation_fraction))
    validation, training = examples[:held], examples[held:]
    parser_config = ParserConfig(intents=INTENTS, tags=TAGS)
    rows = tensorize(training, encoder_dir / "tokenizer.json", parser_config)
    model = JointParser(parser_config, encoder_dir)
    rank, world = process_rank()
    wrapped = distributed(model, world)
    optimizer = _optimizer(model, config)
    steps = config.epochs * len(
        length_groups(rows, config.batch_size, _words, world, random.Random(0))
    )
    schedule = linear_schedule(optimizer, max(1, int(steps * config.warmup_fraction)), steps)
    started, done, losses = time.perf_counter(), 0, []
    for _ in range(config.epochs):
        for batch in batches(rows, config.batch_size, world, rng):
            losses.append(step(wrapped, shard(batch, rank, world), loss_of, optimizer, schedule))
            done += 1
            progress("training", done, steps)
    figures = {
        "train_seconds": time.perf_counter() - started,
        "final_loss": sum(losses[-50:]) / len(losses[-50:]),
        "steps": float(steps),
    }
    model.eval()
    return model, parser_config, validation, figures


def _optimizer(model: JointParser, config: TrainingConfig) -> torch.optim.Optimizer:
    """The pretrained encoder moves slowly, the new heads fast."""
    heads = [*model.intent_head.parameters(), *model.tag_head.parameters()]
    return adamw(
        [
            {"params": list(model.encoder.parameters()), "lr": config.learning_rate},
            {"params": heads, "lr": config.head_learning_rate},
        ],
        lr=config.learning_rate,
        weight_decay=config.weight_decay,
    )


def loss_of(model: nn.Module, batch: Batch) -> torch.Tensor:
    """Intent cross-entropy plus per-word tag cross-entropy: both heads learn together."""
    intent_logits, tag_logits = model(batch.input_ids, batch.attention_mask)
    loss = nn.functional.cross_entropy(intent_logits, batch.intents)
    return loss + nn.functional.cross_entropy(
        tag_logits.flatten(0, 1), batch.tags.flatten(), ignore_index=IGNORED
    )
