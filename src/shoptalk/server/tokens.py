"""Shopper tokens the store issues: `<payload>.<signature>`, HMAC-SHA256 over the shopper's id
and an expiry. A token proves who the shopper is; it carries nothing else."""

import base64
import hashlib
import hmac
import json
import secrets
import time
from pathlib import Path

from shoptalk.config import Settings
from shoptalk.files import write_bytes_atomically


class BadToken(ValueError):
    pass


def token_secret(settings: Settings) -> bytes:
    """The configured key, or one generated once and kept in `var/token-secret` (shared by
    every worker of the store)."""
    if settings.token_secret:
        return settings.token_secret.encode()
    path = settings.var_dir / "token-secret"
    if not path.exists():
        write_bytes_atomically(path, secrets.token_hex(32).encode())
        path.chmod(0o600)
    return Path(path).read_bytes().strip()


def issue_token(secret: bytes, user_id: str, ttl_s: int, now: float | None = None) -> str:
    payload = {"sub": user_id, "exp": int((now or time.time()) + ttl_s)}
    body = _encode(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_sign(secret, body)}"


def verify_token(secret: bytes, token: str, now: float | None = None) -> str:
    """The shopper's id, or `BadToken` saying why not."""
    body, _, signature = token.strip().partition(".")
    if not body or not hmac.compare_digest(signature, _sign(secret, body)):
        raise BadToken("the token is not one this store issued")
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        user_id, expiry = str(payload["sub"]), float(payload["exp"])
    except (ValueError, KeyError, TypeError) as error:
        raise BadToken("the token is malformed") from error
    if expiry < (now or time.time()):
        raise BadToken("the token has expired")
    return user_id


def _sign(secret: bytes, body: str) -> str:
    return _encode(hmac.new(secret, body.encode(), hashlib.sha256).digest())


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
