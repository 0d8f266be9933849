"""`shoptalk serve` as a store runs it: one worker, or several sharing sessions through Redis;
and `shoptalk token` for its shoppers."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shoptalk.config import Settings
from shoptalk.server.tokens import TokenCheck
from tests.conftest import copy_demo_database, run_shoptalk

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(folder: Path, models: dict[str, str], **extra: str) -> dict[str, str]:
    return {
        "SHOPTALK_VAR_DIR": str(folder / "var"),
        **models,
        **extra,
    }


def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.5)
    raise AssertionError("the server did not become ready")


@pytest.fixture
def served(
    request: pytest.FixtureRequest, tmp_path: Path, demo_models: dict[str, str]
) -> Iterator[tuple[str, dict[str, str]]]:
    workers: int = request.param
    store = copy_demo_database(tmp_path / "demo.db")
    env = environment(tmp_path, demo_models, SHOPTALK_REDIS_URL="redis://127.0.0.1:6379/2")
    port = free_port()
    command = [sys.executable, "-m", "shoptalk", "serve", "--store", str(store)]
    command += ["--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        command, cwd=tmp_path, env={**os.environ, **env}, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.mark.parametrize("served", [1, 2], indirect=True, ids=["one-worker", "two-workers"])
def test_any_worker_takes_any_turn(served: tuple[str, dict[str, str]]) -> None:
    base, _ = served
    with httpx.Client(base_url=base, timeout=60) as client:
        assert client.get("/healthz").json()["products"] == 1200
        sid = client.post("/v1/sessions").json()["session_id"]
        replies = []
        for text in ["I want to return something", "felix dot ali at example dot com"]:
            with httpx.Client(base_url=base, timeout=60) as fresh:
                replies.append(fresh.post(f"/v1/sessions/{sid}/turns", json={"text": text}).json())
        assert "Thanks, Felix" in replies[1]["reply"]["text"]
        summary = client.get(f"/v1/sessions/{sid}").json()
        assert summary["turns"] == 2


def test_workers_need_redis(tmp_path: Path, demo_models: dict[str, str]) -> None:
    env = environment(tmp_path, demo_models)
    result = run_shoptalk("serve", "--workers", "2", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert "SHOPTALK_REDIS_URL" in result.stderr


def test_token_command_issues_a_token_the_server_accepts(
    tmp_path: Path, demo_models: dict[str, str]
) -> None:
    store = copy_demo_database(tmp_path / "demo.db")
    env = environment(tmp_path, demo_models)
    issued = run_shoptalk("token", "--store", str(store), "--user", "u-19", cwd=tmp_path, env=env)
    assert issued.returncode == 0, issued.stderr
    unknown = run_shoptalk(
        "token", "--store", str(store), "--user", "u-99999", cwd=tmp_path, env=env
    )
    assert unknown.returncode == 2
    assert "u-99999" in unknown.stderr
    check = TokenCheck.from_settings(Settings(var_dir=tmp_path / "var"))
    assert check.shopper(issued.stdout.strip()) == "u-19"
