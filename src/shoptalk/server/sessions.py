"""Where conversations live between turns: this process's memory, or Redis.

With Redis (`SHOPTALK_REDIS_URL`) any worker can take any turn of a session: a turn loads the
conversation, runs, and saves it back, holding the session's lock so two turns of one session
never interleave. Sessions expire after `session_idle_s` without a turn.

The lock is a lease: it lapses `session_lock_lease_s` after its worker last renewed it, and a
thread renews it while the turn runs, so a worker that crashed mid-turn frees its session in
seconds rather than leaving it locked.
"""

import logging
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import redis
from pydantic import BaseModel
from redis.lock import Lock

from shoptalk.config import Settings
from shoptalk.counters import redis_client
from shoptalk.dialogue import Conversation
from shoptalk.server.errors import ApiError

log = logging.getLogger("shoptalk.server")

LOCK_WAIT_S = 30.0
PREFIX = "shoptalk:session:"
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{8,128}")
"""What `new_session_id` makes (22 URL-safe characters), with room to spare. Nothing else
reaches a Redis key: `<id>:lock` named the session's lock, and a `GET` or `DELETE` of it
broke the turn in flight."""


class SessionRecord(BaseModel):
    session_id: str
    conversation: Conversation
    turns: int = 0
    token_digest: str | None = None
    """SHA-256 of the bearer token the session was started with: every later request must
    carry the same token (docs/api.md)."""


def new_session_id() -> str:
    return secrets.token_urlsafe(16)


def not_found(session_id: str) -> ApiError:
    return ApiError(404, "session_not_found", f"No session {session_id}: it ended or expired.")


def checked(session_id: str) -> str:
    """The id, when it is one `new_session_id` could have made; otherwise no such session."""
    if not SESSION_ID.fullmatch(session_id):
        raise ApiError(404, "session_not_found", "No such session: that is not a session id.")
    return session_id


def busy(session_id: str) -> ApiError:
    return ApiError(409, "session_busy", f"Session {session_id} is still taking another turn.")


class MemorySessions:
    """Sessions of one process; expired ones are dropped when met."""

    def __init__(self, idle_s: int) -> None:
        self.idle_s = idle_s
        self._records: dict[str, tuple[str, float]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def create(self, conversation: Conversation, token_digest: str | None = None) -> SessionRecord:
        record = SessionRecord(
            session_id=new_session_id(), conversation=conversation, token_digest=token_digest
        )
        self.save(record)
        return record

    def get(self, session_id: str) -> SessionRecord:
        with self._guard:
            found = self._records.get(checked(session_id))
            if found is None or found[1] < time.monotonic():
                self._forget(session_id)
                raise not_found(session_id)
            return SessionRecord.model_validate_json(found[0])

    def save(self, record: SessionRecord) -> None:
        with self._guard:
            expires = time.monotonic() + self.idle_s
            self._records[record.session_id] = (record.model_dump_json(), expires)

    def delete(self, session_id: str) -> None:
        with self._guard:
            if checked(session_id) not in self._records:
                raise not_found(session_id)
            self._forget(session_id)

    def _forget(self, session_id: str) -> None:
        self._records.pop(session_id, None)
        self._locks.pop(session_id, None)

    @contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
        """Only a session that exists gets a lock, so made-up ids cannot pile locks up."""
        with self._guard:
            if checked(session_id) not in self._records:
                raise not_found(session_id)
            lock = self._locks.setdefault(session_id, threading.Lock())
        if not lock.acquire(timeout=LOCK_WAIT_S):
            raise busy(session_id)
        try:
            yield
        finally:
            lock.release()


class RedisSessions:
    """Sessions in Redis, shared by every worker; a key per session with the idle expiry."""

    def __init__(self, url: str, idle_s: int, lease_s: float = 3.0, timeout_s: float = 2.0) -> None:
        self.client = redis_client(url, timeout_s)
        self.idle_s, self.lease_s = idle_s, lease_s

    def create(self, conversation: Conversation, token_digest: str | None = None) -> SessionRecord:
        record = SessionRecord(
            session_id=new_session_id(), conversation=conversation, token_digest=token_digest
        )
        self.save(record)
        return record

    def get(self, session_id: str) -> SessionRecord:
        raw = self.client.get(PREFIX + checked(session_id))
        if raw is None:
            raise not_found(session_id)
        return SessionRecord.model_validate_json(raw)

    def save(self, record: SessionRecord) -> None:
        self.client.set(PREFIX + record.session_id, record.model_dump_json(), ex=self.idle_s)

    def delete(self, session_id: str) -> None:
        if not self.client.delete(PREFIX + checked(session_id)):
            raise not_found(session_id)

    @contextmanager
    def locked(self, session_id: str) -> Iterator[None]:
        lock = self.client.lock(
            f"{PREFIX}{checked(session_id)}:lock",
            timeout=self.lease_s,
            blocking_timeout=LOCK_WAIT_S,
            thread_local=False,  # the renewing thread holds it too
        )
        if not lock.acquire():
            raise busy(session_id)
        done = threading.Event()
        renewal = threading.Thread(target=_renew, args=(lock, self.lease_s, done), daemon=True)
        renewal.start()
        try:
            yield
        finally:
            done.set()
            renewal.join()
            with suppress(redis.exceptions.LockError):  # lapsed while Redis was away
                lock.release()


def _renew(lock: Lock, lease_s: float, done: threading.Event) -> None:
    """Extend the lease every third of it until the turn is over."""
    while not done.wait(lease_s / 3):
        try:
            lock.reacquire()
        except redis.RedisError as error:
            log.warning("a session lock could not be renewed: %s", error)
            return


def open_sessions(settings: Settings) -> MemorySessions | RedisSessions:
    idle_s = settings.session_idle_s
    if settings.redis_url is None:
        return MemorySessions(idle_s)
    lease_s, timeout_s = settings.session_lock_lease_s, settings.redis_timeout_s
    return RedisSessions(settings.redis_url, idle_s, lease_s, timeout_s)


Sessions = MemorySessions | RedisSessions
