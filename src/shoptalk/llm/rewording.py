"""Rewording a reply for the ear, kept only when it states exactly the template's facts.

Templates are exact but can sound stiff read aloud; an LLM words them more naturally, and may
slip. The rewording is kept only when its numbers (prices, quantities, order ids), order and
stock statuses and negation are the template's, no more and no fewer.
"""

from shoptalk.llm.client import JsonChat, ask_checked
from shoptalk.llm.facts import same_facts
from shoptalk.llm.prompts import reword_messages

LONGEST = 600


def reword(chat: JsonChat, reply: str) -> str | None:
    """The reply reworded, or None to keep the template."""
    longest = min(2 * len(reply) + 40, LONGEST)
    schema = {
        "type": "object",
        "properties": {"reply": {"type": "string", "maxLength": longest}},
        "required": ["reply"],
        "additionalProperties": False,
    }
    answer = ask_checked(
        chat, reword_messages(reply), schema, name="spoken_reply", max_tokens=longest // 2
    )
    if answer is None:
        return None
    spoken = str(answer["reply"]).strip()
    return spoken if spoken and same_facts(reply, spoken) else None
