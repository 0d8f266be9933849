"""The training loop's shared parts: batches by length that never leave a process empty, each
process's share of a batch, and the schedules both models use."""

import random
from dataclasses import dataclass

import pytest
import torch

from shoptalk.training import cosine_schedule, length_groups, linear_schedule, shard


@dataclass(frozen=True)
class Pair:
    left: torch.Tensor
    right: torch.Tensor


def test_groups_hold_rows_of_similar_length_and_every_row_once() -> None:
    rows = [[0] * length for length in [5, 1, 3, 2, 4, 1, 5, 2, 3, 4]]
    groups = length_groups(rows, 2, len, 1, random.Random(3))
    assert sorted(len(row) for group in groups for row in group) == sorted(map(len, rows))
    assert all(max(map(len, group)) - min(map(len, group)) <= 1 for group in groups)


@pytest.mark.parametrize(("rows", "world"), [(9, 2), (10, 4), (33, 8), (8, 8)])
def test_no_group_leaves_a_process_without_rows(rows: int, world: int) -> None:
    groups = length_groups(
        [[0] * (i % 7 + 1) for i in range(rows)], 4, len, world, random.Random(0)
    )
    assert sum(map(len, groups)) == rows
    assert all(len(group) >= min(world, rows) for group in groups)


def test_too_few_rows_for_the_processes_is_refused() -> None:
    with pytest.raises(ValueError, match="3 training rows cannot be shared by 4 processes"):
        length_groups([[1], [2], [3]], 2, len, 4, random.Random(0))


def test_the_same_seed_gives_the_same_groups() -> None:
    rows = [[i] * (i % 5 + 1) for i in range(40)]
    first = length_groups(rows, 8, len, 1, random.Random(7))
    assert first == length_groups(rows, 8, len, 1, random.Random(7))
    assert first != length_groups(rows, 8, len, 1, random.Random(8))


def test_shards_split_every_field_and_cover_the_batch() -> None:
    batch = Pair(torch.arange(5), torch.arange(10).reshape(5, 2))
    shares = [shard(batch, rank, 2) for rank in range(2)]
    assert [share.left.tolist() for share in shares] == [[0, 2, 4], [1, 3]]
    assert shares[1].right.tolist() == [[2, 3], [6, 7]]
    assert shard(batch, 0, 1) is batch


def rates(schedule: torch.optim.lr_scheduler.LRScheduler, steps: int) -> list[float]:
    seen = []
    for _ in range(steps):
        seen.append(schedule.get_last_lr()[0])
        schedule.optimizer.step()
        schedule.step()
    return seen


def optimizer() -> torch.optim.Optimizer:
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)


def test_linear_schedule_warms_up_then_falls_to_zero() -> None:
    seen = rates(linear_schedule(optimizer(), 2, 10), 10)
    assert seen[:3] == [0.0, 0.5, 1.0]
    assert seen[-1] == pytest.approx(0.125)
    assert seen == sorted(seen[:3]) + sorted(seen[3:], reverse=True)


def test_cosine_schedule_falls_to_its_floor() -> None:
    seen = rates(cosine_schedule(optimizer(), 2, 20, floor=0.1), 21)
    assert max(seen) == pytest.approx(1.0)
    assert min(seen[2:]) == pytest.approx(0.1)
