"""An OpenAI-compatible chat server asked for JSON that fits a schema: one try, a short timeout.

Any server that speaks `/v1/chat/completions` with `response_format` JSON schemas will do
(vLLM, llama.cpp's server, Ollama, hosted APIs). Every failure — no answer in time, an HTTP
error, a body that is not the JSON asked for, JSON outside the schema — is logged once and
answered with None, so each caller goes on without the LLM in the same turn.
"""

import json
import logging
from collections.abc import Sequence
from typing import Any, Literal, Protocol, TypedDict

import httpx

from shoptalk.config import Settings
from shoptalk.llm.schema import fits

log = logging.getLogger(__name__)


class Message(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


class LLMError(RuntimeError):
    """The LLM gave no usable answer; the message says why in one line."""


class JsonChat(Protocol):
    """What ShopTalk asks of an LLM: a chat answered with JSON fitting `schema`, or `LLMError`."""

    def ask(
        self, messages: Sequence[Message], schema: dict[str, Any], *, name: str, max_tokens: int
    ) -> Any: ...


class ChatClient:
    """`/chat/completions` of the server at `url` (its base, ending in `/v1`).

    The timeout bounds connecting and waiting for the reply: a non-streamed completion arrives
    all at once, so it bounds the whole request."""

    def __init__(
        self,
        url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 3.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.timeout_s = timeout_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout_s)

    @classmethod
    def from_settings(cls, settings: Settings) -> "ChatClient | None":
        """The configured server's client; None when no `llm_url` is set."""
        if settings.llm_url is None:
            return None
        return cls(
            settings.llm_url,
            settings.llm_model,
            api_key=settings.llm_api_key,
            timeout_s=settings.llm_timeout_s,
        )

    def ask(
        self, messages: Sequence[Message], schema: dict[str, Any], *, name: str, max_tokens: int
    ) -> Any:
        body = {
            "model": self.model,
            "messages": list(messages),
            "temperature": 0,
            "max_tokens": max_tokens,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": name, "strict": True, "schema": schema},
            },
        }
        try:
            response = self._http.post("/chat/completions", json=body)
            response.raise_for_status()
            return json.loads(response.json()["choices"][0]["message"]["content"])
        except httpx.TimeoutException as error:
            raise LLMError(f"{self.url} did not answer within {self.timeout_s:g} s") from error
        except httpx.HTTPStatusError as error:
            code = error.response.status_code
            raise LLMError(f"{self.url} answered HTTP {code}") from error
        except httpx.HTTPError as error:
            raise LLMError(f"{self.url} could not be reached: {error}") from error
        except (ValueError, LookupError, TypeError) as error:
            raise LLMError(f"{self.url} did not answer with the JSON asked for") from error


def ask_checked(
    chat: JsonChat,
    messages: Sequence[Message],
    schema: dict[str, Any],
    *,
    name: str,
    max_tokens: int,
) -> Any | None:
    """The answer when it fits `schema` (a server may not constrain its output); else None,
    with the reason logged."""
    try:
        answer = chat.ask(messages, schema, name=name, max_tokens=max_tokens)
    except LLMError as error:
        log.warning("LLM %s: %s; going on without it", name, error)
        return None
    if not fits(answer, schema):
        log.warning("LLM %s: the answer does not fit the schema; going on without it", name)
        return None
    return answer
