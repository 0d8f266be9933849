"""Training the store's language model: one plain loop, in the spirit of nanoGPT's train.py.

Next-token cross-entropy over whole sentences (<s> … </s>), AdamW with warm-up and cosine decay,
the validation perplexity after every epoch and early stopping on it: the weights kept are those
of the best epoch. Seeded: the same sentences, seed and thread count give the same losses. The
same function runs under `torchrun` with DistributedDataParallel (gloo on CPU): each process
trains on its share of every batch and all of them see the same validation figure, so they stop
together.
"""

import copy
import math
import random
import time
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional

from shoptalk.lm.model import LanguageModel, LMConfig
from shoptalk.lm.tokenizer import PAD_ID
from shoptalk.training import (
    Progress,
    adamw,
    cosine_schedule,
    distributed,
    length_groups,
    process_rank,
    shard,
    step,
)

IGNORED = -100
"""Target of padding positions: no loss there."""


@dataclass(frozen=True)
class LMTrainingConfig:
    epochs: int = 10
    patience: int = 2
    batch_size: int = 64
    learning_rate: float = 2e-3
    weight_decay: float = 0.1
    warmup_steps: int = 100
    per_intent: int = 400
    validation_fraction: float = 0.05
    vocab_size: int = 3000
    context: int = 64
    layers: int = 4
    heads: int = 4
    dim: int = 128
    dropout: float = 0.1
    seed: int = 7
    threads: int = 1
    """One thread: on two shared cores, two threads per process ran 6x slower (oversubscribed)."""

    def model_config(self, vocab_size: int) -> LMConfig:
        return LMConfig(
            vocab_size=vocab_size,
            context=self.context,
            layers=self.layers,
            heads=self.heads,
            dim=self.dim,
            dropout=self.dropout,
        )


@dataclass(frozen=True)
class Batch:
    inputs: torch.Tensor
    targets: torch.Tensor


def train_lm(
    training: list[list[int]],
    validation: list[list[int]],
    model_config: LMConfig,
    config: LMTrainingConfig,
    progress: Progress,
) -> tuple[LanguageModel, dict[str, float]]:
    """Train on tokenised sentences; returns the best epoch's model and the training figures."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    model = LanguageModel(model_config)
    rank, world = process_rank()
    wrapped = distributed(model, world)
    optimizer = adamw(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    per_epoch = len(length_groups(training, config.batch_size, len, world, random.Random(0)))
    steps = config.epochs * per_epoch
    schedule = _schedule(optimizer, steps, config.warmup_steps)
    started, done, losses = time.perf_counter(), 0, []
    best, best_epoch, best_state = math.inf, 0, copy.deepcopy(model.state_dict())
    for epoch in range(1, config.epochs + 1):
        for batch in batches(training, config.batch_size, world, rng):
            losses.append(step(wrapped, shard(batch, rank, world), loss_of, optimizer, schedule))
            done += 1
            progress("training", done, steps)
        perplexity = validation_perplexity(model, validation)
        if perplexity < best:
            best, best_epoch, best_state = perplexity, epoch, copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= config.patience:
            break
    progress("training", steps, steps)
    model.load_state_dict(best_state)
    model.eval()
    figures = {
        "train_seconds": time.perf_counter() - started,
        "validation_perplexity": best,
        "best_epoch": float(best_epoch),
        "epochs_run": float(epoch),
        "steps": float(done),
        "final_loss": sum(losses[-50:]) / max(1, len(losses[-50:])),
    }
    return model, figures


def batches(rows: list[list[int]], size: int, world: int, rng: random.Random) -> list[Batch]:
    """An epoch's batches: sentences of similar length together, in random order."""
    return [collate(group) for group in length_groups(rows, size, len, world, rng)]


def collate(rows: list[list[int]]) -> Batch:
    """Inputs are each sentence but its last token; targets are the same shifted by one."""
    width = max(len(ids) for ids in rows) - 1
    inputs = torch.full((len(rows), width), PAD_ID, dtype=torch.long)
    targets = torch.full((len(rows), width), IGNORED, dtype=torch.long)
    for i, ids in enumerate(rows):
        inputs[i, : len(ids) - 1] = torch.tensor(ids[:-1])
        targets[i, : len(ids) - 1] = torch.tensor(ids[1:])
    return Batch(inputs, targets)


def loss_of(model: nn.Module, batch: Batch) -> torch.Tensor:
    logits = model(batch.inputs)
    return functional.cross_entropy(
        logits.flatten(0, 1), batch.targets.flatten(), ignore_index=IGNORED
    )


@torch.no_grad()
def validation_perplexity(model: LanguageModel, rows: list[list[int]]) -> float:
    """exp(mean negative log-likelihood per predicted token), </s> included."""
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(rows), 128):
        batch = collate(rows[start : start + 128])
        tokens = int((batch.targets != IGNORED).sum())
        total += float(loss_of(model, batch)) * tokens
        count += tokens
    return math.exp(total / max(1, count))


def _schedule(
    optimizer: torch.optim.Optimizer, steps: int, warmup: int
) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up (at most a tenth of the steps), then cosine decay to a tenth of the peak
    rate."""
    return cosine_schedule(optimizer, max(1, min(warmup, steps // 10)), steps, floor=0.1)
