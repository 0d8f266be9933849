"""The optional LLM: any OpenAI-compatible server, asked for JSON held to bounded schemas.

Three jobs, each checked before ShopTalk uses the result: choosing one tool call when the parser
is unsure (`choose_tool`), answering a question from one product's data (`answer_from_data`),
and rewording a reply for the ear (`reword`). Each gives None when the LLM could not help, and
the caller goes on without it.
"""

from shoptalk.llm.answers import ProductAnswer, answer_from_data
from shoptalk.llm.client import ChatClient, JsonChat, LLMError, Message
from shoptalk.llm.rewording import reword
from shoptalk.llm.tools import Tool, ToolCall, choose_tool

__all__ = [
    "ChatClient",
    "JsonChat",
    "LLMError",
    "Message",
    "ProductAnswer",
    "Tool",
    "ToolCall",
    "answer_from_data",
    "choose_tool",
    "reword",
]
