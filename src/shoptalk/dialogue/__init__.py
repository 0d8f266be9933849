"""The conversation: state, policies (identity, confirmation), one handler per intent, replies.

dialogue = Dialogue(services)
reply = dialogue.respond(conversation, understanding)
"""

from shoptalk.dialogue.manager import Dialogue
from shoptalk.dialogue.registry import HANDLERS, Handler
from shoptalk.dialogue.reply import OrderCard, ProductCard, Reply, ReplyData
from shoptalk.dialogue.services import Services
from shoptalk.dialogue.state import Conversation

__all__ = [
    "HANDLERS",
    "Conversation",
    "Dialogue",
    "Handler",
    "OrderCard",
    "ProductCard",
    "Reply",
    "ReplyData",
    "Services",
]
