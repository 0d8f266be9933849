"""The OpenAI-compatible client against a real HTTP server in the process: what it sends, and
one clear `LLMError` for each way a server can fail (slow, 5xx, malformed, absent)."""

import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest

from shoptalk.config import Settings
from shoptalk.llm import ChatClient, LLMError
from shoptalk.llm.client import ask_checked
from shoptalk.llm.local import free_port
from tests.llm.fakes import ScriptedChat, completion, http_server, send

SCHEMA = {"type": "object", "properties": {"tool": {"const": "view_cart"}}, "required": ["tool"]}
ASKED = [{"role": "user", "content": "what's in my cart"}]


def test_a_completion_is_asked_for_json_fitting_the_schema() -> None:
    def respond(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        send(handler, 200, json.dumps(completion('{"tool": "view_cart"}')).encode())

    with http_server(respond) as (url, received):
        client = ChatClient(url, "gemma", api_key="k-123", timeout_s=5)
        answer = client.ask(ASKED, SCHEMA, name="tool_call", max_tokens=50)
    assert answer == {"tool": "view_cart"}
    [request] = received
    assert request["model"] == "gemma"
    assert request["messages"] == ASKED
    assert request["temperature"] == 0
    assert request["max_tokens"] == 50
    assert request["response_format"]["json_schema"]["schema"] == SCHEMA
    assert request["authorization"] == "Bearer k-123"


def test_a_server_slower_than_the_timeout_is_given_up_on() -> None:
    release = threading.Event()

    def respond(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        release.wait(10)
        send(handler, 200, json.dumps(completion("{}")).encode())

    with http_server(respond) as (url, _):
        client = ChatClient(url, "m", timeout_s=0.2)
        with pytest.raises(LLMError, match=r"did not answer within 0.2 s"):
            client.ask(ASKED, SCHEMA, name="tool_call", max_tokens=50)
        release.set()


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b'{"error": "boom"}', "answered HTTP 500"),
        (503, b"overloaded", "answered HTTP 503"),
        (200, b"<html>not json</html>", "did not answer with the JSON asked for"),
        (200, json.dumps({"choices": []}).encode(), "did not answer with the JSON asked for"),
        (200, json.dumps(completion('{"tool": ')).encode(), "did not answer with the JSON"),
        (200, json.dumps({"choices": [{"message": {"content": None}}]}).encode(), "JSON asked"),
    ],
)
def test_a_failing_server_is_one_clear_error(status: int, body: bytes, message: str) -> None:
    def respond(handler: BaseHTTPRequestHandler, _body: dict[str, Any]) -> None:
        send(handler, status, body)

    with http_server(respond) as (url, _), pytest.raises(LLMError, match=message) as raised:
        ChatClient(url, "m", timeout_s=5).ask(ASKED, SCHEMA, name="tool_call", max_tokens=50)
    assert "\n" not in str(raised.value)


def test_no_server_at_all_is_one_clear_error() -> None:
    client = ChatClient(f"http://127.0.0.1:{free_port()}/v1", "m", timeout_s=2)
    with pytest.raises(LLMError, match="could not be reached"):
        client.ask(ASKED, SCHEMA, name="tool_call", max_tokens=50)


def test_the_client_comes_from_settings_only_with_a_url() -> None:
    assert ChatClient.from_settings(Settings()) is None
    client = ChatClient.from_settings(
        Settings(llm_url="http://127.0.0.1:9/v1/", llm_model="qwen", llm_timeout_s=1.5)
    )
    assert client is not None
    assert (client.url, client.model, client.timeout_s) == ("http://127.0.0.1:9/v1", "qwen", 1.5)


def test_an_answer_outside_the_schema_or_an_error_is_none_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outside = ScriptedChat(tool_call={"tool": "checkout"})
    failing = ScriptedChat(tool_call=LLMError("http://x did not answer within 3 s"))
    fitting = ScriptedChat(tool_call={"tool": "view_cart"})
    for chat in (outside, failing):
        assert ask_checked(chat, ASKED, SCHEMA, name="tool_call", max_tokens=9) is None
    assert ask_checked(fitting, ASKED, SCHEMA, name="tool_call", max_tokens=9) == {
        "tool": "view_cart"
    }
    assert "does not fit the schema" in caplog.text
    assert "did not answer within 3 s" in caplog.text
