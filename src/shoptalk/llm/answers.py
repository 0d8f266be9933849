"""Answering a shopper's question about one product from that product's own data.

The model must give its evidence: the answer stands only when every meaningful word of the
evidence is the data's, the evidence shares a meaningful word with the question (besides the
product's name, brand and type, which every question about it may say), and every number in
the answer is in the data. Anything else is "not known", so a question the data does not
settle gets an honest "I don't know" rather than a plausible guess.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shoptalk.llm.client import JsonChat, ask_checked
from shoptalk.llm.facts import drawn_from, figures_within, shares_a_term
from shoptalk.llm.prompts import answer_messages, product_text

SCHEMA: dict[str, Any] = {
    "anyOf": [
        {
            "type": "object",
            "properties": {"known": {"const": False}},
            "required": ["known"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "known": {"const": True},
                "evidence": {"type": "string", "minLength": 3, "maxLength": 160},
                "answer": {"type": "string", "minLength": 2, "maxLength": 240},
            },
            "required": ["known", "evidence", "answer"],
            "additionalProperties": False,
        },
    ]
}
"""Not known, or known with its evidence: a model cannot claim to know and say nothing."""
NAMING = ("name", "brand", "type")


@dataclass(frozen=True)
class ProductAnswer:
    text: str | None
    """None: the data does not answer the question (or the answer could not be checked)."""


def answer_from_data(
    chat: JsonChat, question: str, data: Mapping[str, Any]
) -> ProductAnswer | None:
    """The checked answer; None when the LLM gave none (the caller answers without it)."""
    answer = ask_checked(
        chat, answer_messages(question, data), SCHEMA, name="product_answer", max_tokens=160
    )
    if answer is None:
        return None
    if not answer["known"]:
        return ProductAnswer(None)
    source = product_text(data)
    text, evidence = answer["answer"].strip(), answer["evidence"]
    naming = " ".join(str(data.get(field) or "") for field in NAMING)
    backed = (
        bool(text)
        and drawn_from(evidence, source)
        and shares_a_term(evidence, question, besides=naming)
        and figures_within(text, source)
    )
    return ProductAnswer(text if backed else None)
