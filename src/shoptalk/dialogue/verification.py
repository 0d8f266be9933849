"""One-time codes: the second factor a shopper known only by an email (or name and zip) gives
before anything that shows money or changes the account.

The store delivers the code: an `IdentityVerifier` hands it over — to the store's webhook,
which sends the email or text message (`WebhookVerifier`), or to the server log during
development (`LogVerifier`). A `Challenge` keeps only a salted digest of the code, its expiry
and whose account it is; a code is compared in constant time and is good once.
"""

import hashlib
import hmac
import logging
import random
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Literal, Protocol

import httpx
from pydantic import BaseModel, ConfigDict

from shoptalk.config import Settings
from shoptalk.counters import Counters, open_counters

Channel = Literal["email", "sms"]
log = logging.getLogger("shoptalk.identity")
WEBHOOK_TIMEOUT_S = 10.0


class IdentityVerifier(Protocol):
    channel: Channel

    def deliver(self, user_id: str, code: str) -> None:
        """Have `code` sent to the shopper `user_id` by `channel`; never raises: a code that
        could not be sent is logged, and the shopper hears the same reply either way."""
        ...


class CodeMaker:
    """Random digits: from the system's secure source, or (tests only) a seeded generator."""

    def __init__(self, digits: int, seed: int | None = None) -> None:
        self.digits = digits
        self._seeded = random.Random(seed) if seed is not None else None

    def code(self) -> str:
        draw = self._seeded.randrange if self._seeded else secrets.randbelow
        return "".join(str(draw(10)) for _ in range(self.digits))


class LogVerifier:
    """Development: the code goes to the server log, where the developer reads it."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def deliver(self, user_id: str, code: str) -> None:
        log.warning("Development verifier: code for %s by %s: %s", user_id, self.channel, code)


class WebhookVerifier:
    """POSTs `{"user_id", "channel", "code"}` to the store's URL, which sends the message.

    The POST runs beside the turn, so the reply comes as fast for an account that exists as for
    one that does not (which gets no POST): the time taken tells nothing either."""

    def __init__(self, url: str, channel: Channel, key: str | None = None) -> None:
        self.url, self.channel, self.key = url, channel, key
        self._sender = ThreadPoolExecutor(max_workers=2, thread_name_prefix="shoptalk-code")

    def deliver(self, user_id: str, code: str) -> None:
        self._sender.submit(self.post, user_id, code)

    def post(self, user_id: str, code: str) -> bool:
        """Send now; whether the store took it (2xx)."""
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        body = {"user_id": user_id, "channel": self.channel, "code": code}
        try:
            answer = httpx.post(self.url, json=body, headers=headers, timeout=WEBHOOK_TIMEOUT_S)
        except httpx.HTTPError as error:
            log.error("Identity webhook %s unreachable for %s: %s", self.url, user_id, error)
            return False
        if not answer.is_success:
            log.error(
                "Identity webhook %s answered %s for %s", self.url, answer.status_code, user_id
            )
        return answer.is_success


def verifier_from_settings(settings: Settings) -> IdentityVerifier | None:
    """The configured verifier; None when the store sends no codes."""
    if settings.identity_verifier == "none":
        return None
    if settings.identity_verifier == "webhook":
        if not settings.identity_webhook_url:
            raise ValueError("identity_verifier 'webhook' needs identity_webhook_url")
        return WebhookVerifier(
            settings.identity_webhook_url, settings.identity_channel, settings.identity_webhook_key
        )
    return LogVerifier(settings.identity_channel)


class Challenge(BaseModel):
    """A code sent (or, for an account that does not exist, only pretended to be sent)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user_id: str | None
    """The account the code unlocks; None when the details named no account."""
    lock_key: str
    """What wrong tries are counted against: the account, or the details said."""
    salt: str
    digest: str
    expires_at: float
    """Wall-clock seconds (any worker may check it)."""

    @classmethod
    def for_code(cls, user_id: str | None, lock_key: str, code: str, ttl_s: int) -> "Challenge":
        salt = secrets.token_hex(16)
        return cls(
            user_id=user_id,
            lock_key=lock_key,
            salt=salt,
            digest=_digest(salt, code),
            expires_at=time.time() + ttl_s,
        )

    def expired(self) -> bool:
        return time.time() >= self.expires_at

    def matches(self, said: str) -> bool:
        """Constant-time: how much of a guess is right never shows in the time taken."""
        return hmac.compare_digest(_digest(self.salt, said), self.digest)


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


class Verification:
    """What every conversation of a process shares to verify shoppers: the verifier, the code
    maker (one generator, so a seeded one gives a replayable sequence) and the counters of
    attempts, shared with every worker through Redis when configured."""

    def __init__(
        self, verifier: IdentityVerifier | None, codes: CodeMaker, counters: Counters
    ) -> None:
        self.verifier, self.codes, self.counters = verifier, codes, counters

    @classmethod
    def from_settings(cls, settings: Settings) -> "Verification":
        development = settings.identity_verifier == "log"
        seed = settings.identity_test_seed if development else None
        return cls(
            verifier_from_settings(settings),
            CodeMaker(settings.identity_code_digits, seed),
            open_counters(settings.redis_url, settings.redis_timeout_s),
        )
