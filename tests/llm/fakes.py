"""Stand-ins for an LLM: a scripted chat in the process, and a real HTTP server that misbehaves."""

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

from shoptalk.llm import LLMError, Message


class Asked(NamedTuple):
    name: str
    messages: Sequence[Message]
    schema: dict[str, Any]
    max_tokens: int


class ScriptedChat:
    """Answers each job (`name`: tool_call, product_answer, spoken_reply) as scripted; an
    exception in the script is raised. Every question asked is kept."""

    def __init__(self, **answers: Any) -> None:
        self.answers = answers
        self.asked: list[Asked] = []

    def ask(
        self, messages: Sequence[Message], schema: dict[str, Any], *, name: str, max_tokens: int
    ) -> Any:
        self.asked.append(Asked(name, messages, schema, max_tokens))
        answer = self.answers.get(name, LLMError("nothing scripted"))
        if isinstance(answer, Exception):
            raise answer
        return answer

    def jobs(self) -> list[str]:
        return [asked.name for asked in self.asked]


Respond = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


def completion(content: str) -> dict[str, Any]:
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def http_server(respond: Respond) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A real HTTP server on a free loopback port answering every POST with `respond`; yields
    its `/v1` URL and the requests received (body, plus the Authorization header)."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({**body, "authorization": self.headers.get("Authorization")})
            respond(self, body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", received
    finally:
        server.shutdown()
        server.server_close()
