"""Turns per minute, per session and per client address: a fixed one-minute window, counted
in memory or in Redis (so the limit holds across workers). And what one WebSocket stream may
send (docs/streaming.md): messages a second, bytes in all, how large a recording is."""

import threading
import time
from dataclasses import dataclass, field

from shoptalk.config import Settings
from shoptalk.counters import redis_client
from shoptalk.server.errors import ApiError

WINDOW_S = 60


class RateLimiter:
    def __init__(self, redis_url: str | None, timeout_s: float = 2.0) -> None:
        self.client = redis_client(redis_url, timeout_s) if redis_url else None
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


class StreamBreach(Exception):
    """A stream went past one of its limits: an `{"type": "error", "code"}` frame, and the
    socket closed with `close` (4000 + the HTTP status it mirrors) when it must be."""

    def __init__(self, code: str, message: str, close: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.close = code, message, close


@dataclass
class StreamBudget:
    """What one socket may still send: messages a second (a bucket holding one second of
    them, so a burst is fine and a flood is not) and bytes in all. A recording is held to
    `max_recording_bytes` by the stream itself, which drops it but stays open."""

    messages_per_s: int
    max_bytes: int
    max_recording_bytes: int
    tokens: float = 0.0
    refilled: float = field(default_factory=time.monotonic)
    received: int = 0

    def __post_init__(self) -> None:
        self.tokens = float(self.messages_per_s)

    @classmethod
    def from_settings(cls, settings: Settings) -> "StreamBudget":
        return cls(
            settings.stream_messages_per_s,
            settings.stream_max_bytes,
            settings.stream_max_recording_bytes,
        )

    def spend(self, size: int) -> None:
        """Count one message of `size` bytes; `StreamBreach` when it is one too many."""
        now = time.monotonic()
        rate = self.messages_per_s
        self.tokens = min(float(rate), self.tokens + (now - self.refilled) * rate)
        self.refilled = now
        if self.tokens < 1.0:
            raise StreamBreach(
                "too_many_messages", f"More than {rate} messages a second on this socket.", 4429
            )
        self.tokens -= 1.0
        self.received += size
        if self.received > self.max_bytes:
            raise StreamBreach(
                "stream_too_large",
                f"This socket sent more than {self.max_bytes} bytes; open a new one to go on.",
                4413,
            )


def too_long(seconds: float) -> StreamBreach:
    return StreamBreach(
        "utterance_too_long",
        f"The shopper spoke for {seconds:g} s without a pause, the longest an utterance may "
        "be: it was not taken.",
    )


def recording_too_large(limit: int) -> StreamBreach:
    return StreamBreach(
        "recording_too_large",
        f"The recording is over {limit} bytes: it was dropped; send 'end' and start another.",
    )


def idle(seconds: float) -> StreamBreach:
    return StreamBreach("idle_timeout", f"Nothing was sent for {seconds:g} s.", 4408)


def too_many_turns(waiting: int) -> StreamBreach:
    return StreamBreach(
        "too_many_turns",
        f"{waiting} turns already wait behind the one running: this one was not taken.",
    )
