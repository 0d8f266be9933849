"""Faults and hostile requests against a real `shoptalk serve` process (issue 21): every
answer is JSON with a reason, never a plain-text 500 or a traceback; a backend that is down
stops the start in one line, or turns requests into 503s naming it; a worker that died in a
turn frees its session within the lock's lease."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from shoptalk.server.sessions import PREFIX
from tests.conftest import copy_demo_database, run_shoptalk
from tests.server.processes import (
    RedisServer,
    Served,
    environment,
    private_redis,
    serving,
)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults")]
LEASE_S = 3.0
HOLDER = """
import sys, time
from shoptalk.server.sessions import RedisSessions
sessions = RedisSessions(sys.argv[1], 3600, lease_s=float(sys.argv[3]))
with sessions.locked(sys.argv[2]):
    print("locked", flush=True)
    time.sleep(600)
"""
"""A worker in the middle of a turn: it holds the session's lock (renewing its lease) until
it is killed."""


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    with private_redis() as server:
        yield server


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
    demo_models: dict[str, str],
    redis_server: RedisServer,
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("faults")
    store = copy_demo_database(folder / "demo.db")
    env = environment(
        folder,
        demo_models,
        SHOPTALK_REDIS_URL=redis_server.url,
        SHOPTALK_SESSION_LOCK_LEASE_S=str(LEASE_S),
    )
    with serving(folder, env, "--store", str(store)) as server:
        yield server


def json_error(answer: httpx.Response, status: int | range) -> dict[str, str]:
    """The error of a JSON answer of `status` (one code, or a range of them)."""
    statuses = status if isinstance(status, range) else range(status, status + 1)
    assert answer.status_code in statuses, answer.text
    assert answer.headers["content-type"].startswith("application/json"), answer.text
    error: dict[str, str] = answer.json()["error"]
    assert error["code"]
    assert error["message"]
    return error


def new_session(served: Served) -> str:
    return str(httpx.post(f"{served.base}/v1/sessions", timeout=30).json()["session_id"])


def test_hostile_requests_get_json_errors_and_leave_no_traceback(served: Served) -> None:
    sid = new_session(served)
    turns = f"{served.base}/v1/sessions/{sid}/turns"
    nested = ("[" * 5_000 + "]" * 5_000).encode()
    as_json = {"content-type": "application/json"}
    json_error(httpx.post(turns, content=nested, headers=as_json), 422)
    large = json.dumps({"text": "a" * 5_000_000}).encode()
    json_error(httpx.post(turns, content=large, headers=as_json), 413)
    json_error(httpx.post(turns, content=b"{not json", headers=as_json), range(400, 500))
    unicode_token = {"Authorization": "Bearer t\u00e9st".encode()}
    json_error(httpx.post(f"{served.base}/v1/sessions", headers=unicode_token), 401)
    json_error(httpx.get(f"{served.base}/v1/sessions/{sid}:lock"), 404)
    json_error(httpx.delete(f"{served.base}/v1/sessions/{sid}:lock"), 404)
    json_error(httpx.get(f"{served.base}/v1/sessions/..%2F..%2Fetc"), 404)
    assert httpx.get(f"{served.base}/v1/sessions/{sid}").status_code == 200
    assert "Traceback" not in served.output()


def test_a_killed_workers_session_is_free_within_its_lease(
    served: Served, redis_server: RedisServer
) -> None:
    sid = new_session(served)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, redis_server.url, sid, str(LEASE_S)],
        stdout=subprocess.PIPE,
        env=os.environ.copy(),
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == b"locked"
    holder.kill()
    holder.wait(timeout=30)
    left_ms = redis.Redis.from_url(redis_server.url).pttl(f"{PREFIX}{sid}:lock")
    assert 0 < left_ms <= LEASE_S * 1000
    answer = httpx.post(f"{served.base}/v1/sessions/{sid}/turns", json={"text": "hi"}, timeout=60)
    assert answer.status_code == 200, answer.text


def test_redis_going_away_is_a_503_naming_it(served: Served, redis_server: RedisServer) -> None:
    sid = new_session(served)
    redis_server.kill()
    try:
        ready = json_error(httpx.get(f"{served.base}/readyz", timeout=10), 503)
        assert "Redis" in ready["message"]
        turn = json_error(
            httpx.post(f"{served.base}/v1/sessions/{sid}/turns", json={"text": "hi"}, timeout=10),
            503,
        )
        assert "Redis" in turn["message"]
        assert "Traceback" not in served.output()
    finally:
        redis_server.start()
    assert httpx.get(f"{served.base}/readyz", timeout=10).status_code == 200
    assert httpx.post(f"{served.base}/v1/sessions", timeout=30).status_code == 201


def test_serve_refuses_to_start_without_its_backends(
    tmp_path: Path, demo_models: dict[str, str]
) -> None:
    store = copy_demo_database(tmp_path / "demo.db")
    env = environment(tmp_path, demo_models, SHOPTALK_REDIS_URL="redis://127.0.0.1:9/0")
    no_redis = run_shoptalk("serve", "--store", str(store), cwd=tmp_path, env=env)
    assert no_redis.returncode == 2
    assert no_redis.stderr.strip().startswith("error:")
    assert "Redis" in no_redis.stderr
    assert "Traceback" not in no_redis.stderr
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    env = environment(tmp_path, demo_models)
    for command in (["serve"], ["search", "shoes"], ["ask", "--text", "hello"]):
        refused = run_shoptalk(*command, "--store", str(damaged), cwd=tmp_path, env=env)
        assert refused.returncode == 2, (command, refused.stderr)
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert str(damaged) in refused.stderr
