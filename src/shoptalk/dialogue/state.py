"""Everything a conversation remembers between turns, as one serialisable model.

The state is plain data (JSON round-trips it), so a session can live in memory or in Redis
and any worker can take the next turn.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from shoptalk.dialogue.reply import Reply
from shoptalk.dialogue.verification import Challenge

HISTORY_KEPT = 20

ListKind = Literal["products", "orders", "cart", "items", "methods"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Entry(Frozen):
    """One line of something read out: a product hit, an order, a cart line, an order item,
    a payment method. `id` is the product, order, variant or method id."""

    id: str
    name: str
    product_id: str | None = None
    variant_id: str | None = None
    options: dict[str, str] = {}
    price_cents: int | None = None


class Listing(Frozen):
    """The last list the shopper heard, so "the second one" or "the blue one" can point into it."""

    kind: ListKind
    entries: tuple[Entry, ...]


class Task(Frozen):
    """A request being filled in: its intent, what is known so far, and the detail asked for."""

    intent: str
    request: dict[str, Any] = {}
    asking: str | None = None
    question: Reply | None = None
    """The question asked, to ask again when the answer did not fit."""


class Proposal(Frozen):
    """A write waiting for the shopper's explicit yes, with the exact details that were read out."""

    intent: str
    operation: str
    arguments: dict[str, Any]
    summary: str
    request: dict[str, Any] = {}
    needs_code: bool = False
    code_asked: bool = False


class Claim(Frozen):
    """Who the shopper said they are, not yet proven: an email, or name and zip code."""

    user_id: str | None
    """The account those details name; None when they name none, which nothing said shows."""
    lock_key: str
    """What sign-in attempts and wrong codes are counted against: the account, else the
    details said (so guessing at an address that has no account is limited the same way)."""


class Exchange(Frozen):
    said: str
    intent: str
    reply: str


class Conversation(BaseModel):
    """One shopper's session with the assistant."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    user_id: str | None = None
    """The shopper, proven: by the store's token or a second factor (dialogue/identity.py)."""
    user_name: str | None = None
    authenticated: bool = False
    """Identified by the store's token rather than by voice: the identity cannot change."""
    claim: Claim | None = None
    """Who the shopper said they are, before (or instead of) proof: opens low-risk reads only."""
    challenge: Challenge | None = None
    """The one-time code the shopper was asked for."""
    listing: Listing | None = None
    product: Entry | None = None
    """The product in focus: the one just described, chosen or added ("it")."""
    order_id: str | None = None
    """The order in focus ("that order")."""
    task: Task | None = None
    proposal: Proposal | None = None
    last_search: dict[str, Any] | None = None
    misunderstood: int = 0
    handoff: bool = False
    """The shopper was offered (and asked for) a human agent."""
    identity_claims: int = 0
    """Times this conversation said who the shopper is (limited per session)."""
    last_reply: Reply | None = None
    history: list[Exchange] = []

    def remember(self, said: str, intent: str, reply: Reply) -> None:
        self.last_reply = reply
        self.history = [*self.history, Exchange(said=said, intent=intent, reply=reply.text)][
            -HISTORY_KEPT:
        ]

    def reset(self) -> "Conversation":
        """A fresh conversation that keeps only a token-given identity."""
        if self.authenticated:
            return Conversation(user_id=self.user_id, user_name=self.user_name, authenticated=True)
        return Conversation()
