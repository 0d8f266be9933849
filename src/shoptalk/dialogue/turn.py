"""One turn as a handler sees it: the shared services, this conversation, what was understood."""

from dataclasses import dataclass

from shoptalk.dialogue.services import Services
from shoptalk.dialogue.state import Conversation
from shoptalk.nlu.understanding import Slots, Understanding


@dataclass
class Turn:
    services: Services
    conversation: Conversation
    understanding: Understanding

    @property
    def text(self) -> str:
        return self.understanding.text

    @property
    def slots(self) -> Slots:
        return self.understanding.slots

    @property
    def user_id(self) -> str:
        """The identified shopper; the identity policy runs before any handler that needs it."""
        if self.conversation.user_id is None:
            raise RuntimeError("a handler that needs the shopper ran before identification")
        return self.conversation.user_id
