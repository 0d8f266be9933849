"""The rules every request obeys, in one place rather than in each handler.

- Identity first: anything about the shopper's account, cart or orders waits until the
  shopper is identified, and proven by a second factor for anything but an order's status
  (dialogue/identity.py); the request then resumes.
- Writes wait for an explicit yes: a proposal is read out with its exact details; "yes" runs
  it, "no" or "never mind" drops it, a correction ("actually size 10") re-proposes, and
  anything else asks again.
- A store can have shoppers who set a voice purchase code say it before every checkout.
"""

from shoptalk.commerce.errors import Refused
from shoptalk.dialogue import identity
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.state import Proposal
from shoptalk.dialogue.turn import Turn

DECLINING = ("deny", "cancel_action")
CORRECTABLE = (
    "options",
    "quantity",
    "order_id",
    "reason",
    "address",
    "payment_method",
    "product_id",
)


def ask_again(proposal: Proposal, prefix: str = "Please say yes or no.") -> Reply:
    return Reply(
        text=f"{prefix} {proposal.summary} Shall I go ahead?",
        data=ReplyData(confirmation=proposal.summary),
        expecting="yes_no",
    )


def dropped() -> Reply:
    return Reply(text="OK, I haven't changed anything. What else can I do for you?")


def ask_code(turn: Turn, proposal: Proposal) -> Reply:
    if identity.locked(turn, f"user:{turn.user_id}"):
        turn.conversation.proposal = None
        return Reply(text="Too many wrong codes were said, so I can't place orders right now.")
    turn.conversation.proposal = proposal.model_copy(update={"code_asked": True})
    return Reply(text="Please say your voice purchase code.", expecting="code")


def check_code(turn: Turn, proposal: Proposal, said: str | None) -> Reply | None:
    """None when `said` is the shopper's voice purchase code; otherwise the reply. Each code
    said counts against the account before it is compared, like a one-time code; once the
    tries are used up the account is locked and the proposal dropped."""
    key = f"user:{turn.user_id}"
    if identity.locked(turn, key) or identity.attempt(turn, key):
        turn.conversation.proposal = None
        return Reply(text="That code doesn't match, so I haven't placed the order.")
    if said is not None and identity.voice_code_matches(turn, turn.user_id, said):
        identity.proven(turn, key)
        return None
    if identity.last_attempt(turn, key):
        turn.conversation.proposal = None
        return Reply(text="That code doesn't match, so I haven't placed the order.")
    turn.conversation.proposal = proposal
    return Reply(
        text="That code doesn't match. Please say your voice purchase code.", expecting="code"
    )


def carry_out(turn: Turn, proposal: Proposal) -> object | Reply:
    """Run the confirmed write; a refusal by the store's rules becomes the reply."""
    turn.conversation.proposal = None
    try:
        return turn.services.store.call(proposal.operation, proposal.arguments)
    except Refused as refusal:
        return Reply(text=f"Sorry, I couldn't do that: {refusal}.")
