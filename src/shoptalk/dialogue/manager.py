"""The dialogue manager: one turn of understanding in, one reply out.

Routing, in order: a write waiting for a yes (the confirmation policy); a question waiting for
its answer (the answer fills the request and the handler runs again); otherwise the intent's
handler, behind the identity policy when it needs the shopper (who they are, then the code
that proves it: dialogue/identity.py).

With the optional LLM, `second_opinion` may replace an unsure parse by the LLM's `Guess`
before `respond`; a guess goes through the same routing, and one that would change the store
at once is read back first. Replies may then be reworded for the ear.
"""

from typing import Any

from shoptalk.dialogue import handlers as _handlers  # noqa: F401  (declares every handler)
from shoptalk.dialogue import identity, policy
from shoptalk.dialogue.fallback import Guess, guess
from shoptalk.dialogue.handlers.account import CLAIMED, NO_ACCOUNTS, ask_identity
from shoptalk.dialogue.handlers.talk import HELP
from shoptalk.dialogue.phrasing import item_name
from shoptalk.dialogue.readers import read_answer, slot_updates
from shoptalk.dialogue.registry import HANDLERS, Ask, Handler, Outcome, Propose
from shoptalk.dialogue.reply import Reply
from shoptalk.dialogue.rewording import for_the_ear
from shoptalk.dialogue.services import Services
from shoptalk.dialogue.state import Conversation, Proposal, Task
from shoptalk.dialogue.turn import Turn
from shoptalk.nlu.understanding import Understanding

IDENTITY_FIELDS = ("email", "first_name", "last_name", "zip")
"""Details of who the shopper is: kept out of the request that resumes after identification."""
ALWAYS_READ = ("reason",)
"""Fields read from any answer, not only when asked for."""
ANSWERS = ("select", "affirm", "deny", "out_of_scope", "identify", "thanks", "greet")
"""Intents that answer a question rather than start a new request."""
OFFER_ANSWERS = ("add_to_cart", "select", "search_products", "product_info")
"""What the model takes an answer to "Shall I add it to your cart?" for when it names only
options of the product."""


class Dialogue:
    def __init__(self, services: Services) -> None:
        self.services = services

    def second_opinion(
        self, conversation: Conversation, understanding: Understanding
    ) -> Understanding:
        """The understanding to act on: the parser's, or the LLM's `Guess` when the parser
        was unsure (out of scope, or under `llm_fallback_below`), the fallback is on, and no
        confirmation or question waits for an answer (those read their answers themselves,
        and a yes never comes from the LLM)."""
        settings = self.services.settings
        unsure = (
            understanding.intent == "out_of_scope"
            or understanding.confidence < settings.llm_fallback_below
        )
        waiting = conversation.proposal is not None or conversation.task is not None
        if not settings.llm_fallback or not unsure or waiting:
            return understanding
        return guess(self.services, understanding) or understanding

    def respond(self, conversation: Conversation, understanding: Understanding) -> Reply:
        turn = Turn(self.services, conversation, understanding)
        if understanding.intent != "out_of_scope":
            conversation.misunderstood = 0
        reply = for_the_ear(self.services, self._route(turn))
        conversation.remember(understanding.text, understanding.intent, reply)
        return reply

    def _route(self, turn: Turn) -> Reply:
        conversation = turn.conversation
        if conversation.proposal is not None:
            return self._confirming(turn, conversation.proposal)
        task = conversation.task
        if task is not None and task.asking is not None:
            answered = self._answering(turn, task)
            if answered is not None:
                return answered
        return self._start(turn, HANDLERS[turn.understanding.intent], slot_updates(turn))

    def _start(self, turn: Turn, handler: Handler[Any], request: dict[str, Any]) -> Reply:
        if isinstance(turn.understanding, Guess) and handler.writes_at_once:
            return _read_back(turn, handler, request)
        settings = self.services.settings
        if not identity.satisfied(turn.conversation, handler.identity, settings):
            refused = handler.vet(turn, handler.read(request)) if handler.vet else None
            if refused is not None:
                return refused
            if not self.services.has_shoppers():
                return Reply(text=NO_ACCOUNTS)
            return self._prove(turn, handler.intent, request)
        return self._run(turn, handler, request)

    def _prove(self, turn: Turn, intent: str, request: dict[str, Any], prefix: str = "") -> Reply:
        """Ask for what the request still needs: who the shopper is, or the code proving it;
        the request resumes once given."""
        conversation = turn.conversation
        if conversation.claim is None:
            asked = ask_identity(prefix).reply
            conversation.task = Task(intent=intent, request=request, asking="identity")
            return asked
        reply = identity.ask_code(turn, prefix)
        waiting = conversation.challenge is not None
        conversation.task = (
            Task(intent=intent, request=request, asking="code", question=reply) if waiting else None
        )
        return reply

    def _run(self, turn: Turn, handler: Handler[Any], request: dict[str, Any]) -> Reply:
        turn.conversation.task = None
        outcome = handler.act(turn, handler.read(request))
        return self._settle(turn, handler, request, outcome)

    def _settle(
        self, turn: Turn, handler: Handler[Any], request: dict[str, Any], outcome: Outcome
    ) -> Reply:
        conversation = turn.conversation
        if isinstance(outcome, Ask):
            known = {**request, **outcome.known}
            conversation.task = Task(
                intent=handler.intent, request=known, asking=outcome.field, question=outcome.reply
            )
            return outcome.reply
        if isinstance(outcome, Propose):
            conversation.proposal = Proposal(
                intent=handler.intent,
                operation=outcome.operation,
                arguments=outcome.arguments,
                summary=outcome.reply.data.confirmation or outcome.reply.text,
                request={**request, **outcome.known},
                needs_code=outcome.needs_code,
            )
            return outcome.reply
        return outcome

    def _confirming(self, turn: Turn, proposal: Proposal) -> Reply:
        intent = turn.understanding.intent
        if proposal.code_asked:
            return self._coded(turn, proposal)
        said = _corrections(turn) | _options_said(turn, proposal.request)
        corrections = {
            key: value for key, value in said.items() if proposal.request.get(key) != value
        }
        if corrections and intent not in ("affirm", "cancel_action"):
            turn.conversation.proposal = None
            handler = HANDLERS[proposal.intent]
            return self._run(turn, handler, merged(proposal.request, corrections))
        if intent == "affirm":
            return (
                policy.ask_code(turn, proposal) if proposal.needs_code else self._do(turn, proposal)
            )
        if intent in policy.DECLINING:
            turn.conversation.proposal = None
            return policy.dropped()
        if intent == "human_agent":
            turn.conversation.proposal = None
            return self._run(turn, HANDLERS["human_agent"], {})
        prefix = "Sure." if intent in ("repeat", "help") else "Please say yes or no."
        return policy.ask_again(proposal, prefix)

    def _coded(self, turn: Turn, proposal: Proposal) -> Reply:
        if turn.understanding.intent in policy.DECLINING:
            turn.conversation.proposal = None
            return policy.dropped()
        said = read_answer(turn, "code", {}).get("code")
        wrong = policy.check_code(turn, proposal, said)
        return wrong if wrong is not None else self._do(turn, proposal)

    def _do(self, turn: Turn, proposal: Proposal) -> Reply:
        result = policy.carry_out(turn, proposal)
        if isinstance(result, Reply):
            return result
        done = HANDLERS[proposal.intent].done
        return done(turn, result) if done else Reply(text="Done.")

    def _answering(self, turn: Turn, task: Task) -> Reply | None:
        intent = turn.understanding.intent
        if task.asking == "offer":
            return self._offered(turn, task)
        if task.asking == "identity":
            return self._identifying(turn, task)
        if task.asking == "code":
            return self._verifying(turn, task)
        if intent == "identify" and _corrections_of_identity(turn):
            return self._switching(turn, task)
        answer = read_answer(turn, task.asking or "", task.request)
        updates = _corrections(turn) | _also_said(turn, task) | answer
        if answer and task.asking != "quantity":
            updates.pop("quantity", None)
        if updates:
            return self._run(turn, HANDLERS[task.intent], merged(task.request, updates))
        if intent in policy.DECLINING:
            turn.conversation.task = None
            return Reply(text="OK, I've dropped that. What else can I do for you?")
        if intent == "repeat":
            return _ask_again(task, "")
        if intent == "help":
            return _ask_again(task, HELP)
        if intent in ANSWERS:
            return _ask_again(task, "Sorry, I didn't catch that.")
        return None

    def _switching(self, turn: Turn, task: Task) -> Reply:
        """An identity said while another question waits: the identity policy answers (one
        shopper per session), then the question is asked again."""
        identify = HANDLERS["identify"]
        outcome = identify.act(turn, identify.read(slot_updates(turn)))
        turn.conversation.task = task
        said = outcome.text if isinstance(outcome, Reply) else outcome.reply.text
        return _ask_again(task, said)

    def _offered(self, turn: Turn, task: Task) -> Reply | None:
        intent = turn.understanding.intent
        if intent == "affirm":
            quantity = {"quantity": turn.slots.quantity} if turn.slots.quantity else {}
            return self._start(turn, HANDLERS[task.intent], {**task.request, **quantity})
        if intent in policy.DECLINING:
            turn.conversation.task = None
            return Reply(text="OK. Anything else?")
        details = _offer_details(turn, task)
        return self._start(turn, HANDLERS[task.intent], details) if details else None

    def _identifying(self, turn: Turn, task: Task) -> Reply | None:
        said = read_answer(turn, "identity", task.request)
        if not said and turn.understanding.intent in policy.DECLINING:
            turn.conversation.task = None
            return Reply(text="OK. I need to know who you are for that, so I've dropped it.")
        if not said and turn.understanding.intent not in ANSWERS:
            return None
        details = {**task.request, **said}
        outcome = HANDLERS["identify"].act(turn, HANDLERS["identify"].read(details))
        if isinstance(outcome, Ask):
            update = {"request": details, "question": outcome.reply}
            turn.conversation.task = task.model_copy(update=update)
            return outcome.reply
        if not (isinstance(outcome, Reply) and outcome.text == CLAIMED):
            turn.conversation.task = None
            return outcome if isinstance(outcome, Reply) else outcome.reply
        request = {k: v for k, v in task.request.items() if k not in IDENTITY_FIELDS}
        if task.intent == "identify":
            turn.conversation.task = None
            return outcome
        handler = HANDLERS[task.intent]
        if identity.satisfied(turn.conversation, handler.identity, self.services.settings):
            resumed = self._run(turn, handler, request)
            return resumed.model_copy(update={"text": f"Thanks. {resumed.text}"})
        return self._prove(turn, task.intent, request, "Thanks.")

    def _verifying(self, turn: Turn, task: Task) -> Reply | None:
        """The answer to "what is the code?": the request resumes once it is right."""
        intent = turn.understanding.intent
        if intent == "identify" and _corrections_of_identity(turn):
            turn.conversation.challenge = None
            return self._identifying(turn, task.model_copy(update={"asking": "identity"}))
        said = read_answer(turn, "code", {}).get("code")
        if said is None:
            if intent in policy.DECLINING:
                turn.conversation.task = turn.conversation.challenge = None
                return Reply(text="OK, I've dropped that. What else can I do for you?")
            if intent in (*ANSWERS, "repeat", "help"):
                return _ask_again(task, "Sorry, I didn't catch the code.")
            return None
        refused = identity.check_code(turn, said)
        if refused is not None:
            waiting = turn.conversation.challenge is not None
            turn.conversation.task = (
                task.model_copy(update={"question": refused}) if waiting else None
            )
            return refused
        name = turn.conversation.user_name
        if task.intent == "identify":
            turn.conversation.task = None
            return Reply(text=f"Thanks, {name}, you're signed in. How can I help?")
        resumed = self._run(turn, HANDLERS[task.intent], task.request)
        return resumed.model_copy(update={"text": f"Thanks, {name}. {resumed.text}"})


def _read_back(turn: Turn, handler: Handler[Any], request: dict[str, Any]) -> Reply:
    """A guessed change the store would make at once, offered instead: a yes runs it."""
    said = [handler.intent.replace("_", " ")]
    product = turn.slots.product
    if product is not None:
        said.append(item_name(product.name, turn.slots.options or {}))
    if turn.slots.quantity:
        said.append(f"quantity {turn.slots.quantity}")
    reply = Reply(
        text=f"Just to check: {', '.join(said)}? Please say yes or no.", expecting="yes_no"
    )
    turn.conversation.task = Task(
        intent=handler.intent, request=request, asking="offer", question=reply
    )
    return reply


def _offer_details(turn: Turn, task: Task) -> dict[str, Any]:
    """The offer to add a product answered with only its options ("size 10 in navy please"):
    the model may split such words between adding, choosing and searching, and refuse each,
    though together they are likelier than not. Then the product's options said are the
    answer; words the model put out of scope (or anywhere else) are not."""
    understanding = turn.understanding
    if understanding.intent != "out_of_scope" or task.intent != "add_to_cart":
        return {}
    believed = sum(a.confidence for a in understanding.alternatives if a.intent in OFFER_ANSWERS)
    if believed < turn.services.settings.out_of_scope_threshold:
        return {}
    said = _options_said(turn, task.request)
    return merged(task.request, said) if said else {}


def merged(request: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    """The request with this turn's details: options and address parts add up, so "navy"
    after "size 10" means navy in size 10."""
    combined = {**request, **updates}
    for part in ("options", "address"):
        if isinstance(request.get(part), dict) and isinstance(updates.get(part), dict):
            combined[part] = {**request[part], **updates[part]}
    return combined


def _ask_again(task: Task, prefix: str) -> Reply:
    question = task.question or Reply(text="Could you say that again?")
    text = f"{prefix} {question.text}".strip()
    return question.model_copy(update={"text": text})


def _options_said(turn: Turn, request: dict[str, Any]) -> dict[str, Any]:
    """Option values of the product in question named in the words ("I want it in black"),
    when the model tagged none."""
    return read_answer(turn, "options", request) if request.get("product_id") else {}


def _also_said(turn: Turn, task: Task) -> dict[str, Any]:
    """Details a request needs that the shopper may give before being asked: a cancellation
    reason said while the order is being chosen."""
    fields = HANDLERS[task.intent].request.model_fields
    return {
        key: value
        for name in ALWAYS_READ
        if name in fields and not task.request.get(name)
        for key, value in read_answer(turn, name, task.request).items()
    }


def _corrections_of_identity(turn: Turn) -> bool:
    return any(getattr(turn.slots, name) for name in ("email", "first_name", "last_name"))


def _corrections(turn: Turn) -> dict[str, Any]:
    """Details said in this turn that change a request in progress ("actually size 10")."""
    updates = slot_updates(turn)
    return {key: value for key, value in updates.items() if key in policy.CORRECTABLE}
