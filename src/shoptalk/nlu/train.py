"""Training the understanding model: one plain loop, in the spirit of nanoGPT's train.py.

Generate the data from the store, tokenise it, fine-tune the encoder and both heads together,
calibrate the intent confidence on held-back examples, export to ONNX (int8) for serving, and
write a versioned model directory. The same function runs under `torchrun` with
DistributedDataParallel (gloo on CPU): each process trains on its share of every batch.
"""

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

from shoptalk.nlu.dataset import TAGS, Example
from shoptalk.nlu.model import IGNORED, JointParser, ParserConfig, encode_words, load_tokenizer
from shoptalk.nlu.understanding import Intent

Progress = Callable[[str, int, int | None], None]
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
    rows: list[tuple[list[int], list[int], int]], size: int, rng: random.Random
) -> list[Batch]:
    """Batches of similar length (little padding, much faster on a CPU), in random order."""
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i][0]), rng.random()))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    return [collate([rows[i] for i in group]) for group in groups]


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
    rank, world = _distributed()
    wrapped: nn.Module = DistributedDataParallel(model) if world > 1 else model
    optimizer = _optimizer(model, config)
    steps = config.epochs * math.ceil(len(rows) / config.batch_size)
    schedule = _schedule(optimizer, steps, config.warmup_fraction)
    started, step, losses = time.perf_counter(), 0, []
    for _ in range(config.epochs):
        for batch in batches(rows, config.batch_size, rng):
            loss = _step(wrapped, _shard(batch, rank, world), optimizer, schedule)
            losses.append(loss)
            step += 1
            progress("training", step, steps)
    figures = {
        "train_seconds": time.perf_counter() - started,
        "final_loss": sum(losses[-50:]) / len(losses[-50:]),
        "steps": float(steps),
    }
    model.eval()
    return model, parser_config, validation, figures


def _distributed() -> tuple[int, int]:
    if not dist.is_available() or not dist.is_initialized():
        return 0, 1
    return dist.get_rank(), dist.get_world_size()


def _shard(batch: Batch, rank: int, world: int) -> Batch:
    """This process's share of a batch under DDP (all of it otherwise)."""
    if world == 1:
        return batch
    part = slice(rank, None, world)
    return Batch(
        batch.input_ids[part], batch.attention_mask[part], batch.intents[part], batch.tags[part]
    )


def _optimizer(model: JointParser, config: TrainingConfig) -> torch.optim.Optimizer:
    """The pretrained encoder moves slowly, the new heads fast."""
    heads = [*model.intent_head.parameters(), *model.tag_head.parameters()]
    return torch.optim.AdamW(
        [
            {"params": list(model.encoder.parameters()), "lr": config.learning_rate},
            {"params": heads, "lr": config.head_learning_rate},
        ],
        weight_decay=config.weight_decay,
    )


def _schedule(
    optimizer: torch.optim.Optimizer, steps: int, warmup_fraction: float
) -> torch.optim.lr_scheduler.LambdaLR:
    warmup = max(1, int(steps * warmup_fraction))

    def factor(step: int) -> float:
        return step / warmup if step < warmup else max(0.0, (steps - step) / max(1, steps - warmup))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def _step(
    model: nn.Module,
    batch: Batch,
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LambdaLR,
) -> float:
    model.train()
    intent_logits, tag_logits = model(batch.input_ids, batch.attention_mask)
    loss = nn.functional.cross_entropy(intent_logits, batch.intents)
    loss = loss + nn.functional.cross_entropy(
        tag_logits.flatten(0, 1), batch.tags.flatten(), ignore_index=IGNORED
    )
    optimizer.zero_grad()
    torch.autograd.backward(loss)
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    return float(loss.item())
