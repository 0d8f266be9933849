"""Scripted conversations: what the shopper says, what each reply must say, the store after.

A script is YAML (`conversations/*.yaml`), a list of conversations:

    - name: cancel a pending order, identified by email
      shopper: u-12            # whose account the conversation touches (one per script)
      token: false             # true: the session starts authenticated as the shopper
      turns:
        - say: I want to cancel an order
          expect: [email]      # each must appear in the reply (case-insensitive)
          intent: cancel_order # optional: what the parser must have understood
          reject: [cancelled]  # optional: none may appear
        - say: it's {code in words}   # the one-time code the development verifier last
                                      # logged for the shopper: {code} as digits, or in words
      after:                   # the store once the conversation is over
        orders: {"#W1234": cancelled}
        order_address1: {"#W1234": 500 Market St}   # where the order now ships
        order_paid_with: {"#W1234": credit_card_7}  # the method of its latest payment
        new_orders: 0
        cart_items: 0
        balance: {gift_card_3: 12.50}
        address1: 12 Oak St
        handoff: true
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from shoptalk.assistant import Assistant
from shoptalk.commerce.records import PaymentMethod
from shoptalk.dialogue import Conversation
from shoptalk.speech.speakable import digits
from tests.codes import CodeLog, code_log

FOLDER = Path(__file__).parent / "conversations"


@dataclass(frozen=True)
class Script:
    name: str
    source: str
    shopper: str | None
    token: bool
    turns: list[dict[str, Any]]
    after: dict[str, Any] = field(default_factory=dict)


class _Loader(yaml.SafeLoader):
    """YAML where only true and false are booleans, so a shopper can say `no` or `yes`."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def load_scripts() -> list[Script]:
    scripts = []
    for path in sorted(FOLDER.glob("*.yaml")):
        for raw in yaml.load(path.read_text(), Loader=_Loader):
            scripts.append(
                Script(
                    name=raw["name"],
                    source=path.stem,
                    shopper=raw.get("shopper"),
                    token=raw.get("token", False),
                    turns=raw["turns"],
                    after=raw.get("after", {}),
                )
            )
    return scripts


@dataclass
class Outcome:
    """What a run found: the first broken expectation, if any, and the transcript so far."""

    failure: str | None = None
    transcript: list[str] = field(default_factory=list)


def run_script(assistant: Assistant, script: Script) -> Outcome:
    with code_log() as codes:
        return _run(assistant, script, codes)


def _run(assistant: Assistant, script: Script, codes: CodeLog) -> Outcome:
    before = _order_ids(assistant, script.shopper)
    conversation = assistant.conversation(script.shopper if script.token else None)
    outcome = Outcome()
    for number, turn in enumerate(script.turns, 1):
        said = _with_code(turn["say"], codes, script.shopper)
        result = assistant.turn(conversation, said)
        reply = result.reply.text
        outcome.transcript += [
            f"shopper: {said}",
            f"  ({result.understanding.intent})",
            f"assistant: {reply}",
        ]
        problem = _check_turn(turn, result.understanding.intent, reply)
        if problem:
            outcome.failure = f"turn {number}: {problem}"
            return outcome
    outcome.failure = _check_after(assistant, script, conversation, before)
    return outcome


def _with_code(said: str, codes: CodeLog, user_id: str | None) -> str:
    """`said` with the shopper's last one-time code in place of `{code}` or `{code in words}`."""
    if "{code" not in said or user_id is None:
        return said
    code = codes.last(user_id)
    return said.replace("{code in words}", digits(code)).replace("{code}", code)


def _check_turn(turn: dict[str, Any], intent: str, reply: str) -> str | None:
    said = reply.lower()
    if "intent" in turn and turn["intent"] != intent:
        return f"understood {intent}, expected {turn['intent']}"
    for fact in turn.get("expect", []):
        if str(fact).lower() not in said:
            return f"reply lacks {fact!r}: {reply!r}"
    for fact in turn.get("reject", []):
        if str(fact).lower() in said:
            return f"reply has {fact!r}: {reply!r}"
    return None


def _order_ids(assistant: Assistant, user_id: str | None) -> set[str]:
    if user_id is None:
        return set()
    return {o.id for o in assistant.dialogue.services.orders(user_id)}


def _check_after(
    assistant: Assistant, script: Script, conversation: Conversation, before: set[str]
) -> str | None:
    services = assistant.dialogue.services
    after = script.after
    user_id = script.shopper
    problems: list[str] = []
    if "handoff" in after and conversation.handoff != after["handoff"]:
        problems.append(f"handoff is {conversation.handoff}")
    if "identified" in after and (conversation.user_id == user_id) != after["identified"]:
        problems.append(f"identified as {conversation.user_id}")
    if user_id is None:
        return "; ".join(problems) or None
    orders = {o.id: o for o in services.orders(user_id)}
    for order_id, status in after.get("orders", {}).items():
        if orders[order_id].status != status:
            problems.append(f"{order_id} is {orders[order_id].status}, expected {status}")
    for order_id, address1 in after.get("order_address1", {}).items():
        if orders[order_id].address.address1 != address1:
            problems.append(f"{order_id} ships to {orders[order_id].address.address1}")
    for order_id, method_id in after.get("order_paid_with", {}).items():
        paid = [p.method_id for p in orders[order_id].payments if p.type == "payment"]
        if paid[-1:] != [method_id]:
            problems.append(f"{order_id} paid with {paid}")
    new = [orders[i] for i in orders if i not in before]
    if "new_orders" in after and len(new) != after["new_orders"]:
        problems.append(f"{len(new)} new orders")
    if "new_order_total" in after and (
        not new or _total(new[-1]) != round(after["new_order_total"] * 100)
    ):
        problems.append(f"new order total {[_total(o) for o in new]}")
    if "new_order_method" in after and (
        not new or new[-1].payments[0].method_id != after["new_order_method"]
    ):
        problems.append("new order paid otherwise")
    cart = services.cart(user_id)
    if "cart_items" in after and sum(line.quantity for line in cart.items) != after["cart_items"]:
        problems.append(f"cart has {[(line.variant_id, line.quantity) for line in cart.items]}")
    for variant_id in after.get("cart_has", []):
        if variant_id not in {line.variant_id for line in cart.items}:
            problems.append(f"cart lacks {variant_id}: {[line.variant_id for line in cart.items]}")
    user = services.user(user_id)
    for method_id, amount in after.get("balance", {}).items():
        method = next(m for m in user.payment_methods if m.id == method_id)
        if _balance(method) != round(amount * 100):
            problems.append(f"{method_id} balance {_balance(method)}")
    if "address1" in after and user.address.address1 != after["address1"]:
        problems.append(f"address is {user.address.address1}")
    return "; ".join(problems) or None


def _total(order: Any) -> int:
    return sum(item.price for item in order.items)


def _balance(method: PaymentMethod) -> int | None:
    return method.balance
