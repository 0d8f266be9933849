"""Shopper tokens are standard JWTs: HS256 with the store's secret, RS256 / ES256 with its public
key; expiry, audience, issuer and signature checked, and only the configured algorithm taken."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from shoptalk.config import Settings
from shoptalk.server.tokens import (
    CLOCK_LEEWAY_S,
    BadToken,
    TokenCheck,
    TokenSetupError,
    issue_token,
)

SECRET = "s" * 32


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "u-1", "aud": "shoptalk", "iat": now, "exp": now + 600, **changes}


def hs256(secret: str = SECRET, **changes: Any) -> str:
    return jwt.encode(claims(**changes), secret, algorithm="HS256")


@pytest.fixture
def check() -> TokenCheck:
    return TokenCheck.from_settings(Settings(token_secret=SECRET))


def refused(check: TokenCheck, token: str) -> str:
    with pytest.raises(BadToken) as error:
        check.shopper(token)
    return str(error.value)


def test_an_hs256_token_names_its_shopper(check: TokenCheck) -> None:
    assert check.shopper(hs256()) == "u-1"
    assert check.shopper(issue_token(SECRET.encode(), "u-2", 60, "shoptalk")) == "u-2"


def test_an_expired_token_is_refused(check: TokenCheck) -> None:
    assert "expired" in refused(check, hs256(exp=int(time.time()) - CLOCK_LEEWAY_S - 5))


def test_a_store_clock_a_little_ahead_is_tolerated(check: TokenCheck) -> None:
    now = int(time.time())
    assert check.shopper(hs256(iat=now + 10, nbf=now + 10, exp=now - 10)) == "u-1"


def test_a_token_for_another_audience_is_refused(check: TokenCheck) -> None:
    assert "'aud' must be 'shoptalk'" in refused(check, hs256(aud="another-app"))


def test_a_token_signed_with_another_secret_is_refused(check: TokenCheck) -> None:
    assert "signature does not match" in refused(check, hs256(secret="x" * 32))


@pytest.mark.parametrize("claim", ["exp", "sub", "aud"])
def test_each_required_claim_must_be_there(check: TokenCheck, claim: str) -> None:
    token = jwt.encode({k: v for k, v in claims().items() if k != claim}, SECRET, algorithm="HS256")
    assert refused(check, token)


def test_a_token_of_the_old_format_is_refused_with_what_to_do(check: TokenCheck) -> None:
    message = refused(check, "eyJzdWIiOiJ1LTEiLCJleHAiOjk5OTk5OTk5OTl9.c2lnbmF0dXJl")
    assert "old format" in message
    assert "shoptalk token" in message


def test_an_unsigned_token_is_refused(check: TokenCheck) -> None:
    assert "signed with none" in refused(check, jwt.encode(claims(), None, algorithm="none"))


def test_the_issuer_is_checked_when_configured() -> None:
    check = TokenCheck.from_settings(Settings(token_secret=SECRET, token_issuer="shop.example"))
    assert check.shopper(hs256(iss="shop.example")) == "u-1"
    assert "'iss' must be 'shop.example'" in refused(check, hs256(iss="elsewhere"))
    assert "'iss'" in refused(check, hs256())


def _rsa_pair() -> tuple[bytes, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _pem(key), _public_pem(key)


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _public_pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def test_an_rs256_token_is_checked_with_the_stores_public_key(tmp_path: Path) -> None:
    private, public = _rsa_pair()
    key_file = tmp_path / "store.pub.pem"
    key_file.write_text(public)
    for given in (public, str(key_file)):
        check = TokenCheck.from_settings(Settings(token_algorithm="RS256", token_public_key=given))
        assert check.shopper(jwt.encode(claims(), private, algorithm="RS256")) == "u-1"
    other, _ = _rsa_pair()
    assert "signature" in refused(check, jwt.encode(claims(), other, algorithm="RS256"))


def test_an_rs256_store_refuses_an_hs256_token_signed_with_its_public_key() -> None:
    """The algorithm-confusion attack: the public key is public, so it must never serve as an
    HMAC secret."""
    _, public = _rsa_pair()
    check = TokenCheck.from_settings(Settings(token_algorithm="RS256", token_public_key=public))
    forged = _hmac_token(public.encode())
    assert "signed with HS256; this store takes RS256" in refused(check, forged)


def _hmac_token(key: bytes) -> str:
    """An HS256 token keyed with `key`, built by hand: PyJWT itself refuses a PEM as a secret."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps(claims()).encode())
    signature = hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{part(signature)}"


def test_an_es256_token_is_checked_with_the_stores_public_key() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    check = TokenCheck.from_settings(
        Settings(token_algorithm="ES256", token_public_key=_public_pem(key))
    )
    assert check.shopper(jwt.encode(claims(), _pem(key), algorithm="ES256")) == "u-1"


@pytest.mark.parametrize("given", [None, "/nowhere/key.pem", "-----BEGIN PUBLIC KEY-----\nxx"])
def test_a_public_key_algorithm_without_a_usable_key_stops_the_start(given: str | None) -> None:
    with pytest.raises(TokenSetupError, match="token_public_key"):
        TokenCheck.from_settings(Settings(token_algorithm="RS256", token_public_key=given))
