"""Changes to a shopper's own account."""

from sqlalchemy.orm import Session

from shoptalk.commerce.convert import address_columns, user_record
from shoptalk.commerce.operations.common import user_row
from shoptalk.commerce.operations.reads import Text
from shoptalk.commerce.operations.registry import Arguments, operation
from shoptalk.commerce.records import Address, User


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
