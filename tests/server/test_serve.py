"""`shoptalk serve` as a store runs it: one worker, or several sharing sessions through Redis;
and `shoptalk token` for its shoppers."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shoptalk.config import Settings
from shoptalk.server.tokens import TokenCheck
from tests.codes import codes_in
from tests.conftest import copy_demo_database, run_shoptalk
from tests.server.processes import Served, environment, serving

pytestmark = pytest.mark.slow


@pytest.fixture
def served(
    request: pytest.FixtureRequest, tmp_path: Path, demo_models: dict[str, str]
) -> Iterator[Served]:
    workers: int = request.param
    store = copy_demo_database(tmp_path / "demo.db")
    env = environment(tmp_path, demo_models, SHOPTALK_REDIS_URL="redis://127.0.0.1:6379/2")
    with serving(tmp_path, env, "--store", str(store), "--workers", str(workers)) as server:
        yield server


@pytest.mark.parametrize("served", [1, 2], indirect=True, ids=["one-worker", "two-workers"])
def test_any_worker_takes_any_turn(served: Served) -> None:
    """A shopper proves who they are across workers: the email on one, the one-time code
    (read from the development verifier's log, as a developer would) on another, the request
    resumed on a third."""
    with httpx.Client(base_url=served.base, timeout=60) as client:
        assert client.get("/healthz").json()["products"] == 1200
        sid = client.post("/v1/sessions").json()["session_id"]

        def turn(text: str) -> dict[str, Any]:
            with httpx.Client(base_url=served.base, timeout=60) as fresh:
                answer = fresh.post(f"/v1/sessions/{sid}/turns", json={"text": text})
                assert answer.status_code == 200, answer.text
                return dict(answer.json())

        turn("I want to return something")
        asked = turn("felix dot ali at example dot com")
        assert "code" in asked["reply"]["text"]
        [(shopper, code)] = codes_in(served.output())
        proven = turn(" ".join(code))
        assert "Thanks, Felix" in proven["reply"]["text"]
        summary = client.get(f"/v1/sessions/{sid}").json()
        assert summary["turns"] == 3
        assert summary["shopper"]["user_id"] == shopper
        assert sid not in served.output()


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
