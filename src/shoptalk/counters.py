"""Counts that expire: turns per minute, sign-in attempts per address, wrong codes per account.

A count starts at its first hit and lasts `ttl_s`, then starts over. In one process's memory,
or in Redis (`SHOPTALK_REDIS_URL`) so that every worker counts the same hits: a limit that each
worker counted alone would let a caller multiply it by the number of workers.
"""

import threading
import time
from typing import Protocol

import redis


class Counters(Protocol):
    def hit(self, name: str, ttl_s: int) -> int:
        """Count one more for `name`; the count so far, this one included."""
        ...

    def count(self, name: str) -> int:
        """The count of `name` now (0 once it expired)."""
        ...

    def clear(self, name: str) -> None: ...


class MemoryCounters:
    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._guard = threading.Lock()

    def hit(self, name: str, ttl_s: int) -> int:
        now = time.monotonic()
        with self._guard:
            self._drop_expired(now)
            count, ends = self._counts.get(name, (0, now + ttl_s))
            self._counts[name] = (count + 1, ends)
            return count + 1

    def count(self, name: str) -> int:
        with self._guard:
            self._drop_expired(time.monotonic())
            return self._counts.get(name, (0, 0.0))[0]

    def clear(self, name: str) -> None:
        with self._guard:
            self._counts.pop(name, None)

    def _drop_expired(self, now: float) -> None:
        for name in [n for n, (_, ends) in self._counts.items() if ends <= now]:
            del self._counts[name]


def redis_client(url: str, timeout_s: float) -> redis.Redis:
    """A Redis client that gives up after `timeout_s` to connect or to answer, so a Redis
    that stopped answering fails the request instead of holding its worker thread."""
    return redis.Redis.from_url(url, socket_connect_timeout=timeout_s, socket_timeout=timeout_s)


class RedisCounters:
    def __init__(self, url: str, timeout_s: float) -> None:
        self.client = redis_client(url, timeout_s)

    def hit(self, name: str, ttl_s: int) -> int:
        with self.client.pipeline() as pipe:
            pipe.set(name, 0, ex=ttl_s, nx=True)
            pipe.incr(name)
            _, count = pipe.execute()
        return int(count)

    def count(self, name: str) -> int:
        value = self.client.get(name)
        return int(value) if value is not None else 0

    def clear(self, name: str) -> None:
        self.client.delete(name)


def open_counters(redis_url: str | None, timeout_s: float) -> MemoryCounters | RedisCounters:
    return RedisCounters(redis_url, timeout_s) if redis_url else MemoryCounters()
