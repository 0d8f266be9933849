"""Choosing one tool call: the LLM picks a tool and its arguments, held to their schemas.

Tools come from the caller (ShopTalk's dialogue derives them from its handler declarations).
The answer's schema is one alternative per tool — its name as a constant and its own bounded
arguments — so a constrained server cannot emit a call that mixes tools or runs away, and the
same schema is checked on whatever comes back.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from shoptalk.llm.client import JsonChat, ask_checked
from shoptalk.llm.prompts import tool_messages
from shoptalk.llm.schema import bounded

MAX_TOKENS = 120


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]
    """JSON schema of the arguments object."""

    def line(self) -> str:
        """`name(argument, ...): description`, as the prompt lists it."""
        names = ", ".join(self.parameters.get("properties", {}))
        return f"- {self.name}({names}): {self.description}"


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any]


def call_schema(tools: Sequence[Tool]) -> dict[str, Any]:
    return {
        "anyOf": [
            {
                "type": "object",
                "properties": {
                    "tool": {"const": tool.name},
                    "arguments": bounded({**tool.parameters, "additionalProperties": False}),
                },
                "required": ["tool", "arguments"],
                "additionalProperties": False,
            }
            for tool in tools
        ]
    }


def choose_tool(
    chat: JsonChat,
    said: str,
    tools: Sequence[Tool],
    examples: Sequence[tuple[str, ToolCall]] = (),
) -> ToolCall | None:
    """The one call the shopper's words `said` ask for; None when the LLM gave no call that
    fits. Examples naming a tool not offered are left out."""
    offered = {tool.name for tool in tools}
    shots = [
        (text, {"tool": call.name, "arguments": call.arguments})
        for text, call in examples
        if call.name in offered
    ]
    menu = "\n".join(tool.line() for tool in tools)
    messages = tool_messages(said, menu, shots)
    answer = ask_checked(
        chat, messages, call_schema(tools), name="tool_call", max_tokens=MAX_TOKENS
    )
    return None if answer is None else ToolCall(answer["tool"], answer["arguments"])
