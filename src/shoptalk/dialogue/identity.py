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

import secrets
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
SENDS_LIMITED = (
    "I've already sent several codes for that account, so I can't send another right now. "
    "Please use the last one you received, or try again later."
)


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
        return lock_out(turn)
    if verification.verifier is None and not settings.voice_codes:
        conversation.challenge = None
        return Reply(
            text=f"{prefix} I can't check who you are by voice in this store. Please sign in "
            "on the store's website and talk to me from there.".strip()
        )
    if verification.verifier is None:
        conversation.challenge = _challenge(turn, claimed.user_id, claimed.lock_key)
        return Reply(text=f"{prefix} What's your voice purchase code?".strip(), expecting="code")
    pending = conversation.challenge
    if pending is None or pending.lock_key != claimed.lock_key or pending.expired():
        sends = verification.counters.hit(
            f"{PREFIX}sends:{claimed.lock_key}", settings.identity_lock_s
        )
        if sends > settings.identity_code_sends:
            conversation.challenge = None
            return Reply(text=SENDS_LIMITED)
        code = verification.codes.code()
        conversation.challenge = _challenge(turn, claimed.user_id, claimed.lock_key, code)
        if claimed.user_id is not None:
            verification.verifier.deliver(claimed.user_id, code)
    where = WHERE_SENT[verification.verifier.channel]
    also = " You can also say your voice purchase code." if settings.voice_codes else ""
    text = f"{prefix} I've sent a code to {where}; what is it?{also}".strip()
    return Reply(text=text, expecting="code")


def _challenge(
    turn: Turn, user_id: str | None, lock_key: str, code: str | None = None
) -> Challenge:
    """A challenge for `code`; without one (a store that takes only voice purchase codes), a
    random code nobody is told, so only the voice purchase code can answer it."""
    settings = turn.services.settings
    drawn = code if code is not None else secrets.token_hex(16)
    return Challenge.for_code(user_id, lock_key, drawn, settings.identity_code_ttl_s)


def check_code(turn: Turn, said: str) -> Reply | None:
    """None when `said` proves the claimed identity (the conversation is then verified);
    otherwise the reply: try again, a new code for an expired one, or locked out."""
    conversation, services = turn.conversation, turn.services
    challenge = conversation.challenge
    if challenge is None:
        return ask_code(turn)
    if locked(turn, challenge.lock_key):
        return lock_out(turn)
    if challenge.expired():
        conversation.challenge = None
        return ask_code(turn, "That code has expired, so I've sent a new one.")
    if attempt(turn, challenge.lock_key):
        return lock_out(turn)
    matches = challenge.matches(said)
    by_voice = _voice_code_matches(turn, challenge.user_id, said)
    if challenge.user_id is not None and (matches or by_voice):
        proven(turn, challenge.lock_key)
        user = services.user(challenge.user_id)
        conversation.user_id, conversation.user_name = user.id, user.name.first
        conversation.challenge = None
        return None
    if last_attempt(turn, challenge.lock_key):
        return lock_out(turn)
    return Reply(text="That code doesn't match. Please say it again.", expecting="code")


def _voice_code_matches(turn: Turn, user_id: str | None, said: str) -> bool:
    if not turn.services.settings.voice_codes:
        return False
    return voice_code_matches(turn, user_id, said)


def voice_code_matches(turn: Turn, user_id: str | None, said: str) -> bool:
    """Whether `said` is the shopper's voice purchase code (False when they have none). The
    store's check costs the same whether or not there is an account or a code, so the time a
    wrong code takes tells nothing."""
    try:
        return turn.services.call(
            "check_voice_code", VoiceCodeCheck, user_id=user_id or "", code=said
        ).matches
    except Refused:
        return False


def has_voice_code(turn: Turn, user_id: str) -> bool:
    return turn.services.call("check_voice_code", VoiceCodeCheck, user_id=user_id, code="").has_code


def _attempts(lock_key: str) -> str:
    return f"{PREFIX}attempts:{lock_key}"


def _lock(lock_key: str) -> str:
    return f"{PREFIX}locked:{lock_key}"


def attempt(turn: Turn, lock_key: str) -> bool:
    """Count one code said against `lock_key` before it is compared, so sessions guessing at
    once cannot say more than `identity_code_tries` between them; whether that is one too many
    (the key is then locked)."""
    settings = turn.services.settings
    counters = turn.services.verification.counters
    if counters.hit(_attempts(lock_key), settings.identity_lock_s) > settings.identity_code_tries:
        return last_attempt(turn, lock_key)
    return False


def proven(turn: Turn, lock_key: str) -> None:
    """A right code: the wrong ones before it no longer count."""
    turn.services.verification.counters.clear(_attempts(lock_key))


def last_attempt(turn: Turn, lock_key: str) -> bool:
    """After a wrong code: whether it used up the tries, which locks `lock_key` for the whole
    `identity_lock_s` from now."""
    settings = turn.services.settings
    counters = turn.services.verification.counters
    if counters.count(_attempts(lock_key)) < settings.identity_code_tries:
        return False
    counters.hit(_lock(lock_key), settings.identity_lock_s)
    counters.clear(_attempts(lock_key))
    return True


def wrong_try(turn: Turn, lock_key: str) -> bool:
    """Count one wrong answer against `lock_key` (a code, an order number guessed); whether
    that locks it."""
    return attempt(turn, lock_key) or last_attempt(turn, lock_key)


def locked(turn: Turn, lock_key: str) -> bool:
    return turn.services.verification.counters.count(_lock(lock_key)) > 0


def lock_out(turn: Turn) -> Reply:
    """Too many tries: the same words whether or not the details name an account."""
    turn.conversation.challenge = None
    turn.conversation.handoff = True
    return Reply(text=TOO_MANY, data=ReplyData(handoff=True))
