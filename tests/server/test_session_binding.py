"""A session started with a token answers only requests carrying that token, as if it did not
exist otherwise; session ids and tokens never reach the access log; CORS only for the origins a
store configures. Over the small test store, no model: nothing here takes a turn."""

import logging
import time
from pathlib import Path
from typing import Any, cast

import jwt
import pytest
from fastapi.testclient import TestClient

from shoptalk.assistant import Assistant
from shoptalk.commerce import Store
from shoptalk.config import Settings
from shoptalk.nlu.parser import Parser
from shoptalk.server import tokens
from shoptalk.server.access_log import CredentialsHidden, hidden, hide_credentials
from shoptalk.server.app import create_app
from shoptalk.server.tokens import issue_token
from shoptalk.voice import Voice
from tests.dialogue.test_manager import make_dialogue

SECRET = "k" * 32


def client_for(store: Store, folder: Path, **settings: Any) -> TestClient:
    dialogue = make_dialogue(store, folder)
    assistant = Assistant(cast(Parser, None), dialogue, cast(Voice, None))
    return TestClient(
        create_app(assistant, Settings(var_dir=folder, token_secret=SECRET, **settings))
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_for(user_id: str, ttl_s: int = 600) -> str:
    return issue_token(SECRET.encode(), user_id, ttl_s, "shoptalk")


@pytest.fixture
def api(store: Store, tmp_path: Path) -> TestClient:
    return client_for(store, tmp_path)


def started(api: TestClient, token: str | None = None) -> str:
    created = api.post("/v1/sessions", headers=bearer(token) if token else {})
    assert created.status_code == 201, created.text
    return str(created.json()["session_id"])


def test_a_token_session_answers_only_its_token(api: TestClient) -> None:
    token = token_for("u-1")
    sid = started(api, token)
    assert api.get(f"/v1/sessions/{sid}", headers=bearer(token)).json()["shopper"]["name"] == "Ada"
    another_of_ada = token_for("u-1", ttl_s=900)
    for headers in ({}, bearer(another_of_ada), bearer(token_for("u-2")), bearer("x.y.z")):
        for answer in (
            api.get(f"/v1/sessions/{sid}", headers=headers),
            api.post(f"/v1/sessions/{sid}/turns", json={"text": "cancel"}, headers=headers),
            api.delete(f"/v1/sessions/{sid}", headers=headers),
        ):
            assert answer.status_code == 404, answer.text
            assert answer.json()["error"]["code"] == "session_not_found"
    assert api.delete(f"/v1/sessions/{sid}", headers=bearer(token)).status_code == 204


def test_an_anonymous_session_refuses_a_token_it_was_not_started_with(api: TestClient) -> None:
    sid = started(api)
    assert api.get(f"/v1/sessions/{sid}").status_code == 200
    assert api.get(f"/v1/sessions/{sid}", headers=bearer(token_for("u-1"))).status_code == 404


def test_a_token_that_expired_during_the_session_is_refused(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "CLOCK_LEEWAY_S", 0)
    token = jwt.encode(
        {"sub": "u-1", "aud": "shoptalk", "exp": int(time.time()) + 2}, SECRET, algorithm="HS256"
    )
    sid = started(api, token)
    time.sleep(3)
    answer = api.get(f"/v1/sessions/{sid}", headers=bearer(token))
    assert answer.status_code == 401
    assert "expired" in answer.json()["error"]["message"]


def test_an_old_format_token_is_refused_with_what_to_do(api: TestClient) -> None:
    answer = api.post("/v1/sessions", headers=bearer("eyJzdWIiOiJ1LTEifQ.c2ln"))
    assert answer.status_code == 401
    assert "old format" in answer.json()["error"]["message"]


def test_cors_headers_go_to_configured_origins_only(store: Store, tmp_path: Path) -> None:
    shop, other = "https://shop.example", "https://evil.example"
    api = client_for(store, tmp_path, cors_origins=[shop])
    preflight = {"Access-Control-Request-Method": "POST"}
    allowed = api.options("/v1/sessions", headers={"Origin": shop, **preflight})
    assert allowed.headers["access-control-allow-origin"] == shop
    assert "Authorization" in allowed.headers["access-control-allow-headers"]
    denied = api.options("/v1/sessions", headers={"Origin": other, **preflight})
    assert "access-control-allow-origin" not in denied.headers
    made = api.post("/v1/sessions", headers={"Origin": shop})
    assert made.headers["access-control-allow-origin"] == shop
    assert (
        "access-control-allow-origin"
        not in api.post("/v1/sessions", headers={"Origin": other}).headers
    )
    plain = client_for(store, tmp_path / "plain")
    assert (
        "access-control-allow-origin"
        not in plain.post("/v1/sessions", headers={"Origin": shop}).headers
    )


def test_the_access_log_hides_session_ids_and_tokens() -> None:
    assert hidden("/v1/sessions/AbC-123_x/turns") == "/v1/sessions/***/turns"
    assert hidden("/v1/sessions/AbC-123_x") == "/v1/sessions/***"
    assert hidden("/v1/sessions") == "/v1/sessions"
    assert hidden("/?token=ey.J.x&speak=1") == "/?token=***&speak=1"
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", "/v1/sessions/SeCrEt/turns", "1.1", 200),
        None,
    )
    assert CredentialsHidden().filter(record)
    assert "SeCrEt" not in record.getMessage()
    assert "/v1/sessions/***/turns" in record.getMessage()


def test_the_stream_lines_of_the_error_log_hide_session_ids_too() -> None:
    hide_credentials()
    record = logging.LogRecord(
        "uvicorn.error",
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" [accepted]',
        ("127.0.0.1:5", "/v1/sessions/SeCrEt/stream"),
        None,
    )
    assert logging.getLogger("uvicorn.error").filter(record)
    assert "SeCrEt" not in record.getMessage()
