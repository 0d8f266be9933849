"""Changes to a shopper's own account, and the voice purchase code the store sets for one."""

import hashlib
import hmac
import secrets
from typing import Annotated

from pydantic import AfterValidator, Field, SecretStr
from sqlalchemy import delete
from sqlalchemy.orm import Session

from shoptalk.commerce.convert import address_columns, user_record
from shoptalk.commerce.operations.common import user_row
from shoptalk.commerce.operations.reads import Text
from shoptalk.commerce.operations.registry import Arguments, operation
from shoptalk.commerce.records import Address, Record, User
from shoptalk.commerce.tables import VoiceCodeRow


def _digits(code: SecretStr) -> SecretStr:
    said = code.get_secret_value()
    if not (said.isascii() and said.isdigit() and 4 <= len(said) <= 10):
        raise ValueError("a voice purchase code is 4 to 10 digits")
    return code


VoiceCode = Annotated[SecretStr, AfterValidator(_digits)]
"""4 to 10 digits; a `SecretStr`, so the audit log records `**********`, never the code."""


class ModifyUserAddress(Arguments):
    user_id: Text
    address: Address


@operation("Replace the shopper's default shipping address.", writes=True)
def modify_user_address(session: Session, args: ModifyUserAddress) -> User:
    user = user_row(session, args.user_id, lock=True)
    for column, value in address_columns(args.address).items():
        setattr(user, column, value)
    session.flush()
    return user_record(user)


class SetVoiceCode(Arguments):
    user_id: Text
    code: VoiceCode | None
    """None removes the shopper's code."""


class CheckVoiceCode(Arguments):
    user_id: Text
    code: Annotated[SecretStr, Field(max_length=32)]


class VoiceCodeSet(Record):
    user_id: str
    has_code: bool


class VoiceCodeCheck(Record):
    has_code: bool
    matches: bool


@operation(
    "Set (or with code null, remove) a shopper's voice purchase code: 4 to 10 digits they say "
    "to prove who they are.",
    writes=True,
)
def set_voice_code(session: Session, args: SetVoiceCode) -> VoiceCodeSet:
    user_row(session, args.user_id, lock=True)
    session.execute(delete(VoiceCodeRow).where(VoiceCodeRow.user_id == args.user_id))
    if args.code is not None:
        salt = secrets.token_hex(16)
        digest = _digest(salt, args.code.get_secret_value())
        session.add(VoiceCodeRow(user_id=args.user_id, salt=salt, digest=digest))
    session.flush()
    return VoiceCodeSet(user_id=args.user_id, has_code=args.code is not None)


@operation("Whether a code said is the shopper's voice purchase code.", writes=False)
def check_voice_code(session: Session, args: CheckVoiceCode) -> VoiceCodeCheck:
    row = session.get(VoiceCodeRow, args.user_id)
    if row is None:
        _digest(NO_SALT, args.code.get_secret_value())  # as long as a real check takes
        return VoiceCodeCheck(has_code=False, matches=False)
    said = _digest(row.salt, args.code.get_secret_value())
    return VoiceCodeCheck(has_code=True, matches=hmac.compare_digest(said, row.digest))


NO_SALT = "0" * 32


def _digest(salt: str, code: str) -> str:
    """scrypt: slow to try every code of a stolen table, quick enough for one check."""
    return hashlib.scrypt(code.encode(), salt=salt.encode(), n=2**14, r=8, p=1).hex()
