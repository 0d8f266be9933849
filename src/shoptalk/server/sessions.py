"""Where conversations live between turns: this process's memory, or Redis.

With Redis (`SHOPTALK_REDIS_URL`) any worker can take any turn of a session: a turn loads the
conversation, runs, and saves it back, holding the session's lock so two turns of one session
never interleave. Sessions expire after `session_idle_s` without a turn.
"""

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from pydantic import BaseModel

from shoptalk.dialogue import Conversation
from shoptalk.server.errors import ApiError

LOCK_WAIT_S = 30.0
PREFIX = "shoptalk:session:"


class SessionRecord(BaseModel):
    session_id: str
    conversation: Conversation
    turns: int = 0


def new_session_id() -> str:
    return secrets.token_urlsafe(16)


def not_found(session_id: str) -> ApiError:
    return ApiError(404, "session_not_found", f"No session {session_id}: it ended or expired.")


def busy(session_id: str) -> ApiError:
    return ApiError(409, "session_busy", f"Session {session_id} is still taking another turn.")


class MemorySessions:
    """Sessions of one process; expired ones are dropped when met."""

    def __init__(self, idle_s: int) -> None:
        self.idle_s = idle_s
        self._records: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def create(self, conversation: Conversation) -> SessionRecord:
        record = SessionRecord(session_id=new_session_id(), conversation=conversation)
        self.save(record)
        return record

    def get(self, session_id: str) -> SessionRecord:
        with self._guard:
            found = self._records.get(session_id)
            if found is None or found[1] < time.monotonic():
                self._records.pop(session_id, None)
                raise not_found(session_id)
            return SessionRecord.model_validate_json(found[0])

    def save(self, record: SessionRecord) -> None:
        with self._guard:
            expires = time.monotonic() + self.idle_s
            self._records[record.session_id] = (record.model_dump_json(), expires)

    def delete(self, session_id: str) -> None:
        with self._guard:
            if self._records.pop(session_id, None) is None:
                raise not_found(session_id)

    @contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
        with self._guard:
            lock = self._locks.setdefault(session_id, threading.Lock())
        if not lock.acquire(timeout=LOCK_WAIT_S):
            raise busy(session_id)
        try:
            yield
        finally:
            lock.release()


class RedisSessions:
    """Sessions in Redis, shared by every worker; a key per session with the idle expiry."""

    def __init__(self, url: str, idle_s: int) -> None:
        self.client = redis.Redis.from_url(url)
        self.idle_s = idle_s

    def create(self, conversation: Conversation) -> SessionRecord:
        record = SessionRecord(session_id=new_session_id(), conversation=conversation)
        self.save(record)
        return record

    def get(self, session_id: str) -> SessionRecord:
        raw = self.client.get(PREFIX + session_id)
        if raw is None:
            raise not_found(session_id)
        return SessionRecord.model_validate_json(raw)

    def save(self, record: SessionRecord) -> None:
        self.client.set(PREFIX + record.session_id, record.model_dump_json(), ex=self.idle_s)

    def delete(self, session_id: str) -> None:
        if not self.client.delete(PREFIX + session_id):
            raise not_found(session_id)

    @contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
        lock = self.client.lock(
            f"{PREFIX}{session_id}:lock", timeout=LOCK_WAIT_S * 2, blocking_timeout=LOCK_WAIT_S
        )
        if not lock.acquire():
            raise busy(session_id)
        try:
            yield
        finally:
            lock.release()


def open_sessions(redis_url: str | None, idle_s: int) -> MemorySessions | RedisSessions:
    return RedisSessions(redis_url, idle_s) if redis_url else MemorySessions(idle_s)


Sessions = MemorySessions | RedisSessions
