"""Whether what the server stands on answers: the store's database and Redis.

`shoptalk serve` asks once before it starts (and refuses to start, in one line, when one does
not answer); `/readyz` asks on every call, so a load balancer stops sending shoppers to a
worker whose Redis or database went away. Both probes run at once, each in a thread of its
own, and are given up on after `readiness_timeout_s`: a database that hangs instead of
refusing still gets its answer (503, naming it) in time.
"""

from concurrent.futures import Future, ThreadPoolExecutor, wait
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select

from shoptalk.commerce import Store
from shoptalk.commerce.tables import StoreRow
from shoptalk.counters import redis_client
from shoptalk.server.errors import first_line

PROBES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readiness")
"""Bounded: probes stuck on a hung backend queue the next ones, which time out in turn."""


def shown_url(url: str) -> str:
    """A URL fit for a message or a log: the password replaced."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def problems(store: Store, redis_url: str | None, timeout_s: float) -> list[str]:
    """What does not answer, one line each; empty when all is well."""
    probes: dict[str, Future[None]] = {"the store's database": PROBES.submit(_ask_store, store)}
    if redis_url:
        name = f"Redis at {shown_url(redis_url)}"
        probes[name] = PROBES.submit(_ask_redis, redis_url, timeout_s)
    wait(probes.values(), timeout=timeout_s)
    found = []
    for name, probe in probes.items():
        if not probe.done():
            found.append(f"{name} did not answer within {timeout_s:g} s")
        elif probe.exception() is not None:
            found.append(f"{name} does not answer: {first_line(probe.exception())}")
    return found


def _ask_store(store: Store) -> None:
    with store.transaction(write=False) as session:
        session.execute(select(StoreRow.id).limit(1)).all()


def _ask_redis(url: str, timeout_s: float) -> None:
    client = redis_client(url, timeout_s)
    try:
        client.ping()
    finally:
        client.close()
