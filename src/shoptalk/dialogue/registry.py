"""Dialogue handlers, each declared once: intent, description, request model, identity need.

The identity a handler needs (dialogue/identity.py): none; "claimed", the shopper only said who
they are (an email, or name and zip), enough for low-risk reads; or "verified", proven by a
second factor (a one-time code, the store's token, a voice purchase code), for anything that
shows money, payment methods or addresses, and every write.

A handler reads a `Turn` and the request filled in so far and returns an `Outcome`: a reply,
a question for one missing detail (`Ask`), or a write to confirm (`Propose`). The manager, the
policies and an LLM's tool list are all derived from `HANDLERS`; there is no second list.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError

from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.turn import Turn


class Request(BaseModel):
    """What a handler needs, every field optional until the shopper has said it."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Ask(BaseModel):
    """Ask for one detail; the answer fills `field` of the request."""

    model_config = ConfigDict(frozen=True)
    field: str
    reply: Reply
    known: dict[str, Any] = {}
    """Details worked out on the way (the order chosen, the product), kept for the answer."""


class Propose(BaseModel):
    """A store write to read out and run only after an explicit yes."""

    model_config = ConfigDict(frozen=True)
    operation: str
    arguments: dict[str, Any]
    reply: Reply
    needs_code: bool = False
    known: dict[str, Any] = {}


def propose(
    operation: str,
    arguments: dict[str, Any],
    summary: str,
    *,
    data: ReplyData | None = None,
    known: dict[str, Any] | None = None,
    needs_code: bool = False,
    note: str = "",
) -> Propose:
    """A write read out with its exact details (`summary`), waiting for an explicit yes;
    `note` goes before the summary (why a detail differs from what was asked)."""
    shown = (data or ReplyData()).model_copy(update={"confirmation": summary})
    reply = Reply(text=f"{note}{summary} Shall I go ahead?", data=shown, expecting="yes_no")
    return Propose(
        operation=operation,
        arguments=arguments,
        reply=reply,
        known=known or {},
        needs_code=needs_code,
    )


Outcome = Reply | Ask | Propose
Needs = Literal["claimed", "verified"]
RequestT = TypeVar("RequestT", bound=Request)
Act = Callable[[Turn, RequestT], Outcome]
Done = Callable[[Turn, Any], Reply]
Vet = Callable[[Turn, Any], Reply | None]


@dataclass(frozen=True)
class Handler(Generic[RequestT]):
    intent: str
    description: str
    request: type[RequestT]
    act: Act[RequestT]
    identity: Needs | None
    done: Done | None
    """Phrases the result of a confirmed write."""
    writes_at_once: bool = False
    """Changes the store without a proposal to confirm (a cart change, easily undone): a
    parsed request acts at once, but an LLM's guess is read back first."""
    vet: Vet | None = None
    """The refusal that needs no shopper, given before identity is asked: nobody should
    give their email to hear that the lamp has no price."""

    def read(self, raw: dict[str, Any]) -> RequestT:
        try:
            return self.request.model_validate(raw)
        except ValidationError:
            known = {k: v for k, v in raw.items() if k in self.request.model_fields}
            return self.request.model_validate(_valid_fields(self.request, known))

    def tool_schema(self) -> dict[str, Any]:
        return {
            "name": self.intent,
            "description": self.description,
            "parameters": self.request.model_json_schema(),
        }


def _valid_fields(model: type[Request], raw: dict[str, Any]) -> dict[str, Any]:
    """Keep the fields that validate on their own: one bad value must not lose the rest."""
    kept: dict[str, Any] = {}
    for name, value in raw.items():
        try:
            model.model_validate({**kept, name: value})
        except ValidationError:
            continue
        kept[name] = value
    return kept


HANDLERS: dict[str, Handler[Any]] = {}


def handler(
    intent: str,
    description: str,
    *,
    identity: Needs | None = None,
    done: Done | None = None,
    writes_at_once: bool = False,
    vet: Vet | None = None,
) -> Callable[[Act[RequestT]], Handler[RequestT]]:
    """Declare `act(turn, request) -> Outcome` as the handler of `intent`."""

    def declare(act: Act[RequestT]) -> Handler[RequestT]:
        parameter = list(inspect.signature(act).parameters)[1]
        request = get_type_hints(act)[parameter]
        declared = Handler(intent, description, request, act, identity, done, writes_at_once, vet)
        HANDLERS[intent] = declared
        return declared

    return declare
