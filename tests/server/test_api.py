"""The HTTP API over the demo store's assistant: sessions, turns, tokens, limits, errors, and
sessions kept in the real Redis so that any worker takes any turn."""

import base64
import io
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import redis
from fastapi.testclient import TestClient

from shoptalk.assistant import Assistant
from shoptalk.config import Settings
from shoptalk.server.app import create_app
from shoptalk.server.tokens import CLOCK_LEEWAY_S, issue_token, token_secret
from shoptalk.speech import wav_bytes
from tests.codes import code_log

pytestmark = pytest.mark.slow
SHOPPERS = ("u-174", "u-201", "u-215")
"""The shoppers these tests touch in the shared demo store: no conversation script uses them."""
REDIS = "redis://127.0.0.1:6379/1"


def client_for(assistant: Assistant, folder: Path, **settings: Any) -> TestClient:
    return TestClient(create_app(assistant, Settings(var_dir=folder, **settings)))


@pytest.fixture
def api(demo_assistant: Assistant, tmp_path: Path) -> TestClient:
    return client_for(demo_assistant, tmp_path)


def token_for(folder: Path, user_id: str, ttl_s: int = 600) -> str:
    return issue_token(token_secret(Settings(var_dir=folder)), user_id, ttl_s, "shoptalk")


def session(api: TestClient, token: str | None = None) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    created = api.post("/v1/sessions", headers=headers)
    assert created.status_code == 201, created.text
    return str(created.json()["session_id"])


def say(api: TestClient, session_id: str, text: str, token: str | None = None, **extra: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.post(
        f"/v1/sessions/{session_id}/turns", json={"text": text, **extra}, headers=headers
    )


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    assert response.json()["error"]["code"] == code, response.text
    assert response.json()["error"]["message"]


def test_a_session_from_start_to_end(api: TestClient) -> None:
    created = api.post("/v1/sessions").json()
    assert created["shopper"] is None
    sid = created["session_id"]
    answer = say(api, sid, "I want to cancel my order")
    assert answer.status_code == 200
    shown = answer.json()
    assert {"transcript", "understanding", "reply", "timings_ms"} <= set(shown)
    assert "email" in shown["reply"]["text"]
    with code_log() as codes:
        asked = say(api, sid, "yuki dot gray at example dot com").json()["reply"]["text"]
        assert "sent a code" in asked
        assert api.get(f"/v1/sessions/{sid}").json()["shopper"] is None
        say(api, sid, f"it's {codes.last('u-174')}")
    summary = api.get(f"/v1/sessions/{sid}").json()
    assert summary["shopper"]["user_id"] == "u-174"
    assert summary["turns"] == 3
    assert [o["order_id"] for o in summary["orders"]] == ["#W2351"]
    say(api, sid, "no longer needed")
    assert "#W2351" in api.get(f"/v1/sessions/{sid}").json()["pending_confirmation"]
    assert api.delete(f"/v1/sessions/{sid}").status_code == 204
    assert_error(say(api, sid, "yes"), 404, "session_not_found")
    assert_error(api.get(f"/v1/sessions/{sid}"), 404, "session_not_found")
    assert_error(api.delete(f"/v1/sessions/{sid}"), 404, "session_not_found")


def test_a_token_is_its_shopper_and_never_reaches_another(api: TestClient, tmp_path: Path) -> None:
    token = token_for(tmp_path, "u-215")
    sid = session(api, token)
    shown = api.get(f"/v1/sessions/{sid}", headers={"Authorization": f"Bearer {token}"})
    assert shown.json()["shopper"]["user_id"] == "u-215"
    mine = say(api, sid, "where is order W two zero three six", token).json()["reply"]["text"]
    assert "#W2036" in mine
    theirs = say(api, sid, "where is order W two three five one", token).json()["reply"]["text"]
    assert "can't find order #W2351" in theirs
    assert_error(say(api, sid, "where is order W two zero three six"), 404, "session_not_found")
    switched = say(api, sid, "my email is yuki dot gray at example dot com", token).json()
    assert "start a new conversation" in switched["reply"]["text"]


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"Authorization": "Bearer nonsense"}, "bad_token"),
        ({"Authorization": "Basic x"}, "bad_token"),
    ],
)
def test_bad_tokens_are_refused(api: TestClient, headers: dict[str, str], code: str) -> None:
    assert_error(api.post("/v1/sessions", headers=headers), 401, code)


def test_an_expired_token_is_refused(api: TestClient, tmp_path: Path) -> None:
    expired = token_for(tmp_path, "u-215", ttl_s=-CLOCK_LEEWAY_S - 10)
    assert_error(
        api.post("/v1/sessions", headers={"Authorization": f"Bearer {expired}"}), 401, "bad_token"
    )


def test_bad_turns_get_clear_errors(api: TestClient) -> None:
    sid = session(api)
    url = f"/v1/sessions/{sid}/turns"
    assert_error(
        api.post(url, content=b"hello", headers={"content-type": "text/plain"}),
        415,
        "unsupported_media_type",
    )
    assert_error(
        api.post(url, content=b"{not json", headers={"content-type": "application/json"}),
        422,
        "bad_text",
    )
    assert_error(say(api, sid, ""), 422, "bad_text")
    assert_error(api.post(url, json={"text": "hi", "extra": 1}), 422, "bad_text")
    assert_error(api.post(url, files={"audio": ("empty.wav", b"", "audio/wav")}), 422, "bad_audio")
    assert_error(api.post(url, files={"other": ("x.wav", b"x", "audio/wav")}), 422, "bad_audio")
    silence = wav_bytes(np.zeros(32000, dtype=np.float32), 16000)
    assert_error(api.post(url, files={"audio": ("s.wav", silence, "audio/wav")}), 422, "no_speech")


def test_a_recorded_turn_is_heard_and_answered_aloud(
    api: TestClient, demo_assistant: Assistant
) -> None:
    sid = session(api)
    recording = demo_assistant.voice.speak("Where is my order?")
    answer = api.post(
        f"/v1/sessions/{sid}/turns",
        files={"audio": ("question.wav", recording, "audio/wav")},
        data={"speak": "true"},
    )
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    assert "order" in shown["transcript"].lower()
    with wave.open(io.BytesIO(base64.b64decode(shown["reply_audio"]))) as spoken:
        assert spoken.getnframes() > 0


def test_limits(demo_assistant: Assistant, tmp_path: Path) -> None:
    api = client_for(demo_assistant, tmp_path, max_request_bytes=2048, turns_per_minute_session=2)
    sid = session(api)
    assert_error(say(api, sid, "x" * 1900 + " hello " * 30), 413, "too_large")
    assert say(api, sid, "hello").status_code == 200
    assert say(api, sid, "hello").status_code == 200
    limited = say(api, sid, "hello")
    assert_error(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0


@pytest.fixture
def redis_sessions() -> Iterator[str]:
    client = redis.Redis.from_url(REDIS)
    client.ping()
    yield REDIS
    for key in client.scan_iter("shoptalk:*"):
        client.delete(key)


def test_sessions_in_redis_are_served_by_any_worker(
    demo_assistant: Assistant, tmp_path: Path, redis_sessions: str
) -> None:
    first = client_for(demo_assistant, tmp_path, redis_url=redis_sessions)
    second = client_for(demo_assistant, tmp_path, redis_url=redis_sessions)
    sid = session(first)
    say(first, sid, "I want to return something")
    with code_log() as codes:
        say(second, sid, "my email is evelyn dot jackson at example dot com")
        answer = say(first, sid, codes.last("u-201")).json()
    assert "Thanks, Evelyn" in answer["reply"]["text"]
    assert second.get(f"/v1/sessions/{sid}").json()["shopper"]["user_id"] == "u-201"
    assert first.delete(f"/v1/sessions/{sid}").status_code == 204
    assert_error(second.get(f"/v1/sessions/{sid}"), 404, "session_not_found")


def test_idle_sessions_expire_in_redis(
    demo_assistant: Assistant, tmp_path: Path, redis_sessions: str
) -> None:
    api = client_for(demo_assistant, tmp_path, redis_url=redis_sessions, session_idle_s=10)
    sid = session(api)
    assert 0 < redis.Redis.from_url(redis_sessions).ttl(f"shoptalk:session:{sid}") <= 10


def test_health_readiness_openapi_and_page(api: TestClient) -> None:
    assert api.get("/healthz").json()["products"] == 1200
    assert api.get("/readyz").json() == {"status": "ready"}
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/v1/sessions", "/v1/sessions/{session_id}", "/v1/sessions/{session_id}/turns"} <= set(
        paths
    )
    assert "429" in paths["/v1/sessions/{session_id}/turns"]["post"]["responses"]
    assert api.get("/").status_code == 200
    assert_error(api.get("/nowhere"), 404, "not_found")
