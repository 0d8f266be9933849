"""Who the shopper is, and their default address.

Identification is by email, or by first name, last name and zip code: a claim, proven by a
second factor before anything but an order's status (dialogue/identity.py). A session belongs
to one shopper: once proven (or given a token) it cannot switch to someone else.
"""

from typing import Any

from shoptalk.commerce.records import User
from shoptalk.dialogue import identity, phrasing
from shoptalk.dialogue.handlers.order_changes import complete_address
from shoptalk.dialogue.registry import Ask, Outcome, Request, handler, propose
from shoptalk.dialogue.reply import Reply
from shoptalk.dialogue.turn import Turn

ASK_IDENTITY = (
    "First, what's the email address on your account? Or "
    "tell me your first name, last name and zip code."
)
NO_ACCOUNTS = (
    "This store has no shopper accounts yet, so I can't take or look up orders here. "
    "I can find products and tell you about them."
)
CLAIMED = "Thanks. How can I help?"


class Identity(Request):
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    zip: str | None = None


class DefaultAddress(Request):
    address: dict[str, str] | None = None


def ask_identity(prefix: str = "") -> Ask:
    return Ask(
        field="identity", reply=Reply(text=f"{prefix} {ASK_IDENTITY}".strip(), expecting="identity")
    )


@handler("identify", "Identify the shopper by email, or by first name, last name and zip code.")
def identify(turn: Turn, request: Identity) -> Outcome:
    """Take who the shopper says they are. The reply never says whether an account was found:
    the proof (a code) or the request itself tells the real shopper soon enough."""
    if turn.conversation.user_id is not None:
        return _already_identified(turn, request)
    if not turn.services.has_shoppers():
        return Reply(text=NO_ACCOUNTS)
    name_zip = (
        (request.first_name, request.last_name, request.zip)
        if request.first_name and request.last_name and request.zip
        else None
    )
    if not request.email and name_zip is None:
        return _ask_missing(request)
    refused = identity.claim(turn, request.email, name_zip)
    return refused if refused is not None else Reply(text=CLAIMED)


def _already_identified(turn: Turn, request: Identity) -> Reply:
    """One shopper per session: details of anyone else are refused without looking them up,
    so the session learns nothing about other accounts."""
    user = turn.services.user(turn.user_id)
    said = {
        (request.email or "").lower() or None,
        (request.first_name or "").lower() or None,
        (request.last_name or "").lower() or None,
    } - {None}
    own = {user.email.lower(), user.name.first.lower(), user.name.last.lower()}
    if said <= own:
        return Reply(text=f"You're already signed in, {user.name.first}. How can I help?")
    return Reply(
        text=(
            f"This conversation is for {user.name.first}'s account. "
            "To use another account, please start a new conversation."
        )
    )


def _ask_missing(request: Identity) -> Ask:
    if request.first_name or request.last_name:
        missing = [
            name
            for name, value in (
                ("first name", request.first_name),
                ("last name", request.last_name),
                ("zip code", request.zip),
            )
            if not value
        ]
        return Ask(
            field="identity",
            reply=Reply(text=f"And your {phrasing.spoken_list(missing)}?", expecting="identity"),
        )
    if request.zip:
        return Ask(
            field="identity",
            reply=Reply(text="And your first and last name?", expecting="identity"),
        )
    return ask_identity()


def address_changed(_turn: Turn, user: Any) -> Reply:
    assert isinstance(user, User)
    return Reply(
        text=f"Done. Your default address is now {user.address.address1}, {user.address.city}."
    )


@handler(
    "change_default_address",
    "Replace the shopper's default shipping address.",
    identity="verified",
    done=address_changed,
)
def change_default_address(turn: Turn, request: DefaultAddress) -> Outcome:
    user = turn.services.user(turn.user_id)
    address = complete_address(request.address, user)
    if address is None:
        reply = Reply(
            text="What's your new address, with street, city, state and zip code?",
            expecting="address",
        )
        return Ask(field="address", reply=reply, known={"address": request.address or {}})
    summary = (
        f"Make {address['address1']}, {address['city']}, "
        f"{address['state']} {address['zip']} your default address."
    )
    return propose(
        "modify_user_address",
        {"user_id": turn.user_id, "address": address},
        summary,
    )
