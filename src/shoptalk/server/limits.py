"""Turns per minute, per session and per client address: a fixed one-minute window, counted
in memory or in Redis (so the limit holds across workers)."""

import threading
import time

import redis

from shoptalk.server.errors import ApiError

WINDOW_S = 60


class RateLimiter:
    def __init__(self, redis_url: str | None) -> None:
        self.client = redis.Redis.from_url(redis_url) if redis_url else None
        self._counts: dict[str, int] = {}
        self._guard = threading.Lock()

    def check(self, kind: str, key: str, limit: int) -> None:
        """Count one turn; refuse it with 429 when the window's count is over `limit`."""
        window = int(time.time() // WINDOW_S)
        name = f"shoptalk:rate:{kind}:{key}:{window}"
        if self._count(name) > limit:
            retry = str(WINDOW_S - int(time.time()) % WINDOW_S)
            raise ApiError(
                429,
                "rate_limited",
                f"More than {limit} turns a minute for this {kind}; try again in {retry} s.",
                headers={"Retry-After": retry},
            )

    def _count(self, name: str) -> int:
        if self.client is not None:
            with self.client.pipeline() as pipe:
                pipe.incr(name)
                pipe.expire(name, WINDOW_S * 2)
                count, _ = pipe.execute()
            return int(count)
        with self._guard:
            current = int(time.time() // WINDOW_S)
            stale = [n for n in self._counts if int(n.rsplit(":", 1)[1]) < current]
            for old in stale:
                del self._counts[old]
            self._counts[name] = self._counts.get(name, 0) + 1
            return self._counts[name]
