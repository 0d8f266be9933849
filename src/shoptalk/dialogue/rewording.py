"""Replies reworded for the ear by the optional LLM (`llm_phrasing`), where that is safe.

Only statements are reworded. A confirmation is read out with the exact details that will be
carried out, a policy answer quotes the store's own words, and a question must stay the
question the next turn answers: those keep their template.
"""

from shoptalk.dialogue.reply import Reply
from shoptalk.dialogue.services import Services
from shoptalk.llm import reword


def for_the_ear(services: Services, reply: Reply) -> Reply:
    """The reply, reworded when the LLM is on for it and kept every fact."""
    if services.llm is None or not services.settings.llm_phrasing or not _statement(reply):
        return reply
    spoken = reword(services.llm, reply.text)
    return reply if spoken is None else reply.model_copy(update={"text": spoken})


def _statement(reply: Reply) -> bool:
    data = reply.data
    return (
        reply.expecting == "anything"
        and data.confirmation is None
        and data.policy_topic is None
        and not data.handoff
        and bool(reply.text)
    )
