"""The conversation around the shopping: greetings, help, repeating, store policies, a person."""

from shoptalk.dialogue.handlers.common import REFERRING
from shoptalk.dialogue.handlers.orders import OrderLookup, refund_status
from shoptalk.dialogue.registry import Outcome, Request, handler
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.normalize import words_of

HELP = (
    "I can find products, add them to your cart and check out, and check, cancel, change, "
    'return or exchange your orders. Try "red running shoes under fifty dollars" or '
    '"where is my order".'
)
HUMAN = "I'll connect you with a person from our team; they'll see this conversation."
UNPUBLISHED = "This store has not published a policy on that"


class NoDetails(Request):
    pass


class PolicyQuestion(Request):
    topic: str | None = None


@handler("greet", "Say hello.")
def greet(turn: Turn, _request: NoDetails) -> Outcome:
    name = f", {turn.conversation.user_name}" if turn.conversation.user_name else ""
    return Reply(text=f"Hi{name}! What can I help you find today?")


@handler("goodbye", "Say goodbye.")
def goodbye(_turn: Turn, _request: NoDetails) -> Outcome:
    return Reply(text="Goodbye, and thanks for shopping with us!")


@handler("thanks", "Acknowledge thanks.")
def thanks(_turn: Turn, _request: NoDetails) -> Outcome:
    return Reply(text="You're welcome! Anything else?")


@handler("help", "Say what the assistant can do, with examples.")
def help_(_turn: Turn, _request: NoDetails) -> Outcome:
    return Reply(text=HELP)


@handler("repeat", "Repeat the last reply.")
def repeat(turn: Turn, _request: NoDetails) -> Outcome:
    last = turn.conversation.last_reply
    return last if last is not None else Reply(text="I haven't said anything yet. How can I help?")


@handler("human_agent", "Hand the conversation over to a person.")
def human_agent(turn: Turn, _request: NoDetails) -> Outcome:
    turn.conversation.handoff = True
    return Reply(text=HUMAN, data=ReplyData(handoff=True))


@handler("out_of_scope", "Anything a shopping assistant should not act on.")
def out_of_scope(turn: Turn, _request: NoDetails) -> Outcome:
    turn.conversation.misunderstood += 1
    if turn.conversation.misunderstood >= 2:
        turn.conversation.misunderstood = 0
        return Reply(text=f"Sorry, I'm still not following. {HELP}")
    return Reply(text="Sorry, I didn't understand that. Could you say it another way?")


@handler("store_policy", "Answer a question about the store's policies from their text.")
def store_policy(turn: Turn, request: PolicyQuestion) -> Outcome:
    if request.topic == "refunds" and _points_to_the_order(turn):
        return refund_status.act(turn, OrderLookup())
    policies = turn.services.policies
    answer = policies.answer(turn.text, request.topic)
    if answer is None:
        covered = "Our store policies don't cover that" if policies.topics else UNPUBLISHED
        return Reply(text=f"{covered}. I can connect you with a person if you like.")
    text = f"Our {answer.topic} policy says: {answer.quote}"
    return Reply(text=text, data=ReplyData(policy_topic=answer.topic))


def _points_to_the_order(turn: Turn) -> bool:
    """A refund question about the order just talked about ("is there any refund on it") asks
    for that order's refund, not for the policy: for a proven shopper, as refunds name the
    payment methods."""
    conversation = turn.conversation
    return (
        conversation.user_id is not None
        and conversation.order_id is not None
        and bool(REFERRING & set(words_of(turn.text)))
    )


@handler("affirm", "Say yes to what the assistant asked.")
def affirm(_turn: Turn, _request: NoDetails) -> Outcome:
    return Reply(text="There's nothing waiting for a yes right now. What would you like to do?")


@handler("deny", "Say no to what the assistant asked.")
def deny(_turn: Turn, _request: NoDetails) -> Outcome:
    return Reply(text="OK. What would you like to do instead?")


@handler("cancel_action", "Drop the request in progress.")
def cancel_action(_turn: Turn, _request: NoDetails) -> Outcome:
    return Reply(text="OK, nothing is in progress. What would you like to do?")
