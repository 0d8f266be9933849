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
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn
from torch.nn import functional
from torch.nn.parallel import DistributedDataParallel

from shoptalk.lm.model import LanguageModel, LMConfig
from shoptalk.lm.tokenizer import PAD_ID

Progress = Callable[[str, int, int | None], None]
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
    rank, world = _distributed()
    wrapped: nn.Module = DistributedDataParallel(model) if world > 1 else model
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    per_epoch = len(batches(training, config.batch_size, world, random.Random(0)))
    steps = config.epochs * per_epoch
    schedule = _schedule(optimizer, steps, config.warmup_steps)
    started, step, losses = time.perf_counter(), 0, []
    best, best_epoch, best_state = math.inf, 0, copy.deepcopy(model.state_dict())
    for epoch in range(1, config.epochs + 1):
        for batch in batches(training, config.batch_size, world, rng):
            losses.append(_step(wrapped, _shard(batch, rank, world), optimizer, schedule))
            step += 1
            progress("training", step, steps)
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
        "steps": float(step),
        "final_loss": sum(losses[-50:]) / max(1, len(losses[-50:])),
    }
    return model, figures


def batches(rows: list[list[int]], size: int, world: int, rng: random.Random) -> list[Batch]:
    """Batches of similar length (little padding, faster on a CPU), in random order; a batch
    too small to give every process a sentence is left out."""
    order = sorted(range(len(rows)), key=lambda i: (len(rows[i]), rng.random()))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    return [collate([rows[i] for i in group]) for group in groups if len(group) >= world]


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


def _distributed() -> tuple[int, int]:
    if not dist.is_available() or not dist.is_initialized():
        return 0, 1
    return dist.get_rank(), dist.get_world_size()


def _shard(batch: Batch, rank: int, world: int) -> Batch:
    """This process's share of a batch under DDP (all of it otherwise)."""
    part = slice(rank, None, world)
    return batch if world == 1 else Batch(batch.inputs[part], batch.targets[part])


def _schedule(
    optimizer: torch.optim.Optimizer, steps: int, warmup: int
) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up, then cosine decay to a tenth of the peak rate."""
    warmup = max(1, min(warmup, steps // 10))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, steps - warmup))
        return 0.1 + 0.45 * (1 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def _step(
    model: nn.Module,
    batch: Batch,
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LambdaLR,
) -> float:
    model.train()
    loss = loss_of(model, batch)
    optimizer.zero_grad()
    torch.autograd.backward(loss)
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    return float(loss.item())
