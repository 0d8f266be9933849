"""How sure the assistant is of who the shopper is, and what that opens (README: Security).

- Anonymous: the catalog, search, store policies.
- Claimed: the shopper said an email, or first name, last name and zip code. Anyone may know
  those, so they open only the status of an order named by its number (when the store keeps
  `identity_known_reads`), and nothing said back depends on whether they name an account: an
  address without one hears what an account without that order hears.
- Verified: proven by a second factor: a one-time code the store delivers, the store's token,
  or the shopper's voice purchase code. Opens balances, payment methods, addresses and writes.

Attempts are counted (in Redis when configured, so every worker sees them): sign-in attempts
per conversation and per email (or name and zip) across all sessions, and wrong codes per
account, after `identity_code_tries` of which the account is locked for `identity_lock_s`.
"""

from typing import Literal

from shoptalk.commerce.errors import Refused
from shoptalk.commerce.operations.account import VoiceCodeCheck
from shoptalk.commerce.records import UserRef
from shoptalk.config import Settings
from shoptalk.dialogue.registry import Needs
from shoptalk.dialogue.reply import Reply, ReplyData
from shoptalk.dialogue.state import Claim, Conversation
from shoptalk.dialogue.turn import Turn
from shoptalk.dialogue.verification import Challenge

Level = Literal["anonymous", "claimed", "verified"]
PREFIX = "shoptalk:identity:"
WHERE_SENT = {"email": "the email on file", "sms": "the phone number on file, by text message"}
TOO_MANY = (
    "There have been too many tries to sign in to that account, so I can't check who you are "
    "right now. I'll pass you to a person who can help."
)
CLAIMS_LIMITED = "I can't check those details right now. Please try again later."


def level(conversation: Conversation) -> Level:
    if conversation.user_id is not None:
        return "verified"
    return "claimed" if conversation.claim is not None else "anonymous"


def satisfied(conversation: Conversation, needs: Needs | None, settings: Settings) -> bool:
    """Whether the conversation may run a handler that needs `needs`."""
    if needs is None:
        return True
    have = level(conversation)
    if needs == "claimed" and settings.identity_known_reads:
        return have != "anonymous"
    return have == "verified"


def claim(
    turn: Turn,
    email: str | None,
    name_zip: tuple[str, str, str] | None,
) -> Reply | None:
    """Take the details the shopper said as who they claim to be; a refusal when this
    conversation or these details are over their limits. Whether the details name an account
    changes nothing the shopper hears."""
    conversation, settings = turn.conversation, turn.services.settings
    counters = turn.services.verification.counters
    conversation.identity_claims += 1
    if conversation.identity_claims > settings.identity_claims_per_session:
        conversation.handoff = True
        return Reply(text=TOO_MANY, data=ReplyData(handoff=True))
    said = f"email:{email.strip().lower()}" if email else "name:" + "|".join(name_zip or ())
    if counters.hit(f"{PREFIX}claims:{said.lower()}", settings.identity_lock_s) > (
        settings.identity_claims_per_address
    ):
        return Reply(text=CLAIMS_LIMITED)
    user_id = _lookup(turn, email, name_zip)
    lock_key = f"user:{user_id}" if user_id else said.lower()
    conversation.claim = Claim(user_id=user_id, lock_key=lock_key)
    conversation.challenge = None
    return None


def _lookup(turn: Turn, email: str | None, name_zip: tuple[str, str, str] | None) -> str | None:
    services = turn.services
    try:
        if email:
            return services.call("find_user_by_email", UserRef, email=email).user_id
        if name_zip:
            first, last, zip_code = name_zip
            return services.call(
                "find_user_by_name_zip", UserRef, first_name=first, last_name=last, zip=zip_code
            ).user_id
    except Refused:
        return None
    return None


def ask_code(turn: Turn, prefix: str = "") -> Reply:
    """Send a one-time code for the claimed account and ask for it (or for the voice purchase
    code). For details that name no account nothing is sent, and the reply is the same."""
    conversation, services = turn.conversation, turn.services
    settings, verification = services.settings, services.verification
    claimed = conversation.claim
    if claimed is None:
        raise RuntimeError("a code was asked for before the shopper said who they are")
    if locked(turn, claimed.lock_key):
        return _lock_out(turn)
    if verification.verifier is None and not settings.voice_codes:
        conversation.challenge = None
        return Reply(
            text=f"{prefix} I can't check who you are by voice in this store. Please sign in "
            "on the store's website and talk to me from there.".strip()
        )
    code = verification.codes.code()
    conversation.challenge = Challenge.for_code(
        claimed.user_id, claimed.lock_key, code, settings.identity_code_ttl_s
    )
    if verification.verifier is None:
        return Reply(text=f"{prefix} What's your voice purchase code?".strip(), expecting="code")
    if claimed.user_id is not None:
        verification.verifier.deliver(claimed.user_id, code)
    where = WHERE_SENT[verification.verifier.channel]
    also = " You can also say your voice purchase code." if settings.voice_codes else ""
    text = f"{prefix} I've sent a code to {where}; what is it?{also}".strip()
    return Reply(text=text, expecting="code")


def check_code(turn: Turn, said: str) -> Reply | None:
    """None when `said` proves the claimed identity (the conversation is then verified);
    otherwise the reply: try again, a new code for an expired one, or locked out."""
    conversation, services = turn.conversation, turn.services
    challenge = conversation.challenge
    if challenge is None:
        return ask_code(turn)
    if locked(turn, challenge.lock_key):
        return _lock_out(turn)
    if challenge.expired():
        if wrong_try(turn, challenge.lock_key):
            return _lock_out(turn)
        return ask_code(turn, "That code has expired, so I've sent a new one.")
    if challenge.user_id is not None and (
        challenge.matches(said) or _voice_code_matches(turn, challenge.user_id, said)
    ):
        services.verification.counters.clear(_failures(challenge.lock_key))
        user = services.user(challenge.user_id)
        conversation.user_id, conversation.user_name = user.id, user.name.first
        conversation.challenge = None
        return None
    if wrong_try(turn, challenge.lock_key):
        return _lock_out(turn)
    return Reply(text="That code doesn't match. Please say it again.", expecting="code")


def _voice_code_matches(turn: Turn, user_id: str, said: str) -> bool:
    if not turn.services.settings.voice_codes:
        return False
    return voice_code_matches(turn, user_id, said)


def voice_code_matches(turn: Turn, user_id: str, said: str) -> bool:
    """Whether `said` is the shopper's voice purchase code (False when they have none)."""
    return turn.services.call(
        "check_voice_code", VoiceCodeCheck, user_id=user_id, code=said
    ).matches


def has_voice_code(turn: Turn, user_id: str) -> bool:
    return turn.services.call("check_voice_code", VoiceCodeCheck, user_id=user_id, code="").has_code


def _failures(lock_key: str) -> str:
    return f"{PREFIX}failures:{lock_key}"


def wrong_try(turn: Turn, lock_key: str) -> bool:
    """Count one wrong code against `lock_key`; whether that locks it."""
    settings = turn.services.settings
    counters = turn.services.verification.counters
    failures = counters.hit(_failures(lock_key), settings.identity_lock_s)
    return failures >= settings.identity_code_tries


def locked(turn: Turn, lock_key: str) -> bool:
    counters = turn.services.verification.counters
    return counters.count(_failures(lock_key)) >= turn.services.settings.identity_code_tries


def _lock_out(turn: Turn) -> Reply:
    turn.conversation.challenge = None
    turn.conversation.handoff = True
    return Reply(text=TOO_MANY, data=ReplyData(handoff=True))
