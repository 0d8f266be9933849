"""Read operations: look shoppers, orders and products up; they never change anything."""

from typing import Annotated

from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shoptalk.commerce.convert import order_record, product_record, user_record
from shoptalk.commerce.errors import Refused
from shoptalk.commerce.operations.common import owned_order, user_row
from shoptalk.commerce.operations.registry import Arguments, operation
from shoptalk.commerce.records import Order, Product, ProductType, Record, User, UserRef
from shoptalk.commerce.tables import OrderRow, ProductRow, UserRow

Text = Annotated[str, Field(min_length=1, max_length=320)]


class FindUserByEmail(Arguments):
    email: Text


class FindUserByNameZip(Arguments):
    first_name: Text
    last_name: Text
    zip: Text


class UserArguments(Arguments):
    user_id: Text


class OrderArguments(Arguments):
    user_id: Text
    order_id: Text


class ProductArguments(Arguments):
    product_id: Text


class NoArguments(Arguments):
    pass


class ProductTypes(Record):
    types: list[ProductType]


class UserOrders(Record):
    orders: list[Order]


@operation("Find a shopper by email address (case-insensitive).", writes=False)
def find_user_by_email(session: Session, args: FindUserByEmail) -> UserRef:
    user_id = session.scalar(
        select(UserRow.id).where(UserRow.email_key == args.email.strip().lower())
    )
    if user_id is None:
        raise Refused("no shopper with that email")
    return UserRef(user_id=user_id)


@operation("Find a shopper by first name, last name and zip code.", writes=False)
def find_user_by_name_zip(session: Session, args: FindUserByNameZip) -> UserRef:
    query = select(UserRow.id).where(
        func.lower(UserRow.first_name) == args.first_name.strip().lower(),
        func.lower(UserRow.last_name) == args.last_name.strip().lower(),
        UserRow.zip == args.zip.strip(),
    )
    matches = list(session.scalars(query.limit(2)))
    if not matches:
        raise Refused("no shopper with that name and zip code")
    if len(matches) > 1:
        raise Refused("several shoppers have that name and zip code: use the email address")
    return UserRef(user_id=matches[0])


@operation("A shopper's profile: name, email, default address and payment methods.", writes=False)
def get_user(session: Session, args: UserArguments) -> User:
    return user_record(user_row(session, args.user_id))


@operation("One of the shopper's orders with items, payments, status and tracking.", writes=False)
def get_order(session: Session, args: OrderArguments) -> Order:
    return order_record(owned_order(session, args.user_id, args.order_id))


@operation("All of the shopper's orders, oldest first.", writes=False)
def list_user_orders(session: Session, args: UserArguments) -> UserOrders:
    user_row(session, args.user_id)
    rows = session.scalars(
        select(OrderRow).where(OrderRow.user_id == args.user_id).order_by(OrderRow.position)
    )
    return UserOrders.model_construct(orders=[order_record(row) for row in rows])


@operation("A product with its options, variants, prices and stock.", writes=False)
def get_product(session: Session, args: ProductArguments) -> Product:
    row = session.get(ProductRow, args.product_id)
    if row is None:
        raise Refused(f"product {args.product_id} not found")
    return product_record(row)


@operation("The store's product types with how many products each has.", writes=False)
def list_product_types(session: Session, _args: NoArguments) -> ProductTypes:
    query = (
        select(ProductRow.type, func.count())
        .where(ProductRow.type.is_not(None))
        .group_by(ProductRow.type)
        .order_by(ProductRow.type)
    )
    return ProductTypes(types=[ProductType(type=t, products=n) for t, n in session.execute(query)])
