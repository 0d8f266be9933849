"""The outermost layer of every HTTP request: what must hold before any route reads it, and
a JSON answer whatever happens after.

- Every request gets a `request_id`; an unexpected error is answered 500
  `{"error": {"code": "internal", "message", "request_id"}}`, and its traceback goes to the
  log under that id, never to the client.
- An `Authorization` header that is not printable ASCII is refused (401) before anything
  compares it: such bytes made token checks raise instead of refusing.
- A JSON body (or a body without a content type, which FastAPI reads as JSON) is held to
  `max_json_bytes` and `max_json_depth` before any parser sees it: Python's parser recurses
  once per level, and a few thousand `[` exhausted its stack.
"""

import logging
import re
import secrets
from collections.abc import Awaitable, Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shoptalk.server.errors import error_response, internal_error

log = logging.getLogger("shoptalk.server")

MAX_AUTHORIZATION_BYTES = 8192
STRING_OR_BRACKET = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
"""A JSON string (skipped whole, so brackets inside it do not count) or a bracket."""


def json_depth(body: bytes) -> int:
    """How deeply `body` nests arrays and objects, read without parsing it."""
    depth = deepest = 0
    for token in STRING_OR_BRACKET.finditer(body):
        mark = token.group()
        if mark in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif mark in (b"]", b"}"):
            depth -= 1
    return deepest


class RequestGuard:
    def __init__(self, app: ASGIApp, max_json_bytes: int, max_json_depth: int) -> None:
        self.app = app
        self.max_json_bytes, self.max_json_depth = max_json_bytes, max_json_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._guarded(scope, receive, sending)
        except Exception:
            method, path = scope.get("method", ""), scope.get("path", "")
            log.exception("internal error %s on %s %s", request_id, method, path)
            if not started:
                await internal_error(request_id)(scope, receive, send)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = _bad_authorization(scope)
        if refusal is None and _json_body(scope):
            refusal, receive = await self._checked_json(receive)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _checked_json(self, receive: Receive) -> tuple[Response | None, Receive]:
        """The body read whole (up to the limit) and handed on as if unread, or the refusal."""
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return None, _replaying([message], receive)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_json_bytes:
                limit = self.max_json_bytes
                return error_response(413, "too_large", f"The JSON is over {limit} bytes."), receive
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if json_depth(body) > self.max_json_depth:
            too_deep = f"The JSON nests deeper than {self.max_json_depth} levels."
            return error_response(422, "json_too_deep", too_deep), receive
        whole: Message = {"type": "http.request", "body": body, "more_body": False}
        return None, _replaying([whole], receive)


def _bad_authorization(scope: Scope) -> Response | None:
    for name, value in scope["headers"]:
        if name == b"authorization" and not _printable_ascii(value, MAX_AUTHORIZATION_BYTES):
            return error_response(
                401, "bad_token", "The Authorization header must be 'Bearer <token>' in ASCII."
            )
    return None


def _printable_ascii(value: bytes, limit: int) -> bool:
    return len(value) <= limit and value.isascii() and value.decode("ascii").isprintable()


def _json_body(scope: Scope) -> bool:
    if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return False
    kind = next((value for name, value in scope["headers"] if name == b"content-type"), b"")
    media = kind.split(b";")[0].strip().lower()
    return media in (b"", b"application/json") or media.endswith(b"+json")


def _replaying(messages: list[Message], receive: Receive) -> Callable[[], Awaitable[Message]]:
    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return replayed
