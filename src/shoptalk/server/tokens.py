"""Shopper tokens: standard JWTs the store's back end mints, so any stack can sign one in.

A token says who the shopper is (`sub`, the store's user id), for whom (`aud`, the configured
audience) and until when (`exp`); `iss` is checked when configured. It is signed HS256 with the
store's secret (shared with ShopTalk), or RS256 / ES256 with the store's private key, checked
here with its public key. Only the configured algorithm is accepted, so a token cannot choose
how it is checked. docs/api.md shows how to mint one in Node, PHP and Python.
"""

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from jwt.algorithms import get_default_algorithms

from shoptalk.config import Settings
from shoptalk.files import write_bytes_once

REQUIRED_CLAIMS = ("exp", "sub", "aud")
CLOCK_LEEWAY_S = 30
"""How far the store's clock may be from ours when `exp`, `nbf` and `iat` are checked."""
OLD_FORMAT = (
    "this is a ShopTalk token of the old format, which is no longer accepted: tokens are now "
    "JWTs (mint a new one with `shoptalk token`, or see docs/api.md)"
)


class BadToken(ValueError):
    """Why a token was refused, in words a store developer can act on."""


class TokenSetupError(ValueError):
    """The settings do not describe a usable key (e.g. RS256 without a public key)."""


def token_secret(settings: Settings) -> bytes:
    """The configured HS256 key, or one generated once and kept in `var/token-secret` (shared
    by every worker of the store)."""
    if settings.token_secret:
        return settings.token_secret.encode()
    path = settings.var_dir / "token-secret"
    if path.exists():
        return path.read_bytes().strip()
    return write_bytes_once(path, secrets.token_hex(32).encode()).strip()


@dataclass(frozen=True)
class TokenCheck:
    """How this store checks shopper tokens: the one algorithm, its key, the claims."""

    algorithm: str
    key: Any
    """The HS256 secret, or the public key already read (so a bad PEM stops the start)."""
    audience: str
    issuer: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "TokenCheck":
        if settings.token_algorithm == "HS256":
            key = token_secret(settings)
        else:
            key = _public_key(settings)
        return cls(settings.token_algorithm, key, settings.token_audience, settings.token_issuer)

    def shopper(self, token: str) -> str:
        """The shopper's id (`sub`), or `BadToken` saying why not."""
        token = token.strip()
        if token.count(".") == 1:
            raise BadToken(OLD_FORMAT)
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=[self.algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=CLOCK_LEEWAY_S,
                options={"require": [*REQUIRED_CLAIMS, *(["iss"] if self.issuer else [])]},
            )
        except jwt.PyJWTError as error:
            raise BadToken(self._why(token, error)) from error
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise BadToken("the token's 'sub' must be the shopper's id, a string")
        return subject

    def _why(self, token: str, error: jwt.PyJWTError) -> str:
        if isinstance(error, jwt.ExpiredSignatureError):
            return "the token has expired"
        if isinstance(error, jwt.MissingRequiredClaimError):
            return f"the token has no '{error.claim}' claim"
        if isinstance(error, jwt.InvalidAudienceError):
            return f"the token is not for this store (its 'aud' must be '{self.audience}')"
        if isinstance(error, jwt.InvalidIssuerError):
            return f"the token's 'iss' must be '{self.issuer}'"
        if isinstance(error, jwt.InvalidAlgorithmError):
            return (
                f"the token is signed with {_algorithm(token)}; this store takes {self.algorithm}"
            )
        if isinstance(error, jwt.InvalidSignatureError):
            return "the token's signature does not match this store's key"
        if isinstance(error, jwt.ImmatureSignatureError):
            return "the token is not valid yet"
        return "the token is malformed"


def _algorithm(token: str) -> str:
    try:
        return str(jwt.get_unverified_header(token).get("alg"))
    except jwt.PyJWTError:
        return "an unknown algorithm"


def _public_key(settings: Settings) -> Any:
    """The key of `token_public_key` (PEM text given inline or as a file's path), read."""
    given = settings.token_public_key
    if not given:
        raise TokenSetupError(
            f"token_algorithm {settings.token_algorithm} needs token_public_key "
            "(SHOPTALK_TOKEN_PUBLIC_KEY): the store's public key, PEM text or a file's path"
        )
    if "-----BEGIN" in given:
        pem = given.encode()
    elif Path(given).is_file():
        pem = Path(given).read_bytes()
    else:
        raise TokenSetupError(f"token_public_key: no PEM text and no file {given}")
    try:
        return get_default_algorithms()[settings.token_algorithm].prepare_key(pem)
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise TokenSetupError(
            f"token_public_key is not a PEM {settings.token_algorithm} public key"
        ) from error


def issue_token(
    secret: bytes, user_id: str, ttl_s: int, audience: str, issuer: str | None = None
) -> str:
    """An HS256 token for `user_id`, as a store's back end would mint it."""
    now = int(time.time())
    claims: dict[str, object] = {"sub": user_id, "aud": audience, "iat": now, "exp": now + ttl_s}
    if issuer:
        claims["iss"] = issuer
    return jwt.encode(claims, secret, algorithm="HS256")
