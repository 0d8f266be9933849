"""What the dialogue works with: the store, its catalog, search and policies, loaded once.

A `Services` is shared by every conversation of a process; nothing in it belongs to one
shopper. The read helpers here are the only way handlers look things up, so every lookup
goes through the store's declared operations and their rules.
"""

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import select

from shoptalk.commerce import Store
from shoptalk.commerce.errors import Refused
from shoptalk.commerce.operations.reads import UserOrders
from shoptalk.commerce.records import Cart, Order, Product, User
from shoptalk.commerce.tables import UserRow
from shoptalk.config import Settings
from shoptalk.dialogue.verification import Verification
from shoptalk.knowledge import PolicyBook
from shoptalk.llm import JsonChat
from shoptalk.nlu.grounding import CatalogIndex
from shoptalk.nlu.normalize import OrderIdFormat
from shoptalk.search import SearchIndex

RecordT = TypeVar("RecordT", bound=BaseModel)


@dataclass
class Services:
    store: Store
    catalog: CatalogIndex
    search: SearchIndex
    policies: PolicyBook
    settings: Settings
    llm: JsonChat | None = None
    """The optional LLM (`settings.llm_url`); None: the dialogue works without it."""
    verification: Verification = field(init=False)
    """One-time codes and attempt counts, as configured (`identity_*` settings)."""

    def __post_init__(self) -> None:
        self.verification = Verification.from_settings(self.settings)

    @property
    def order_ids(self) -> OrderIdFormat:
        return self.catalog.order_ids

    def call(self, operation: str, expected: type[RecordT], **arguments: Any) -> RecordT:
        result = self.store.call(operation, arguments)
        if not isinstance(result, expected):
            raise TypeError(f"{operation} returned {type(result).__name__}")
        return result

    def user(self, user_id: str) -> User:
        return self.call("get_user", User, user_id=user_id)

    def orders(self, user_id: str) -> list[Order]:
        return self.call("list_user_orders", UserOrders, user_id=user_id).orders

    def order(self, user_id: str, order_id: str) -> Order | None:
        """The shopper's own order; someone else's is as absent as a missing one."""
        try:
            return self.call("get_order", Order, user_id=user_id, order_id=order_id)
        except Refused:
            return None

    def product(self, product_id: str) -> Product | None:
        try:
            return self.call("get_product", Product, product_id=product_id)
        except Refused:
            return None

    def cart(self, user_id: str) -> Cart:
        return self.call("view_cart", Cart, user_id=user_id)

    def has_shoppers(self) -> bool:
        """Whether the store has any shopper account to sign in to (a café that imported
        only its menu has none). Says nothing about any one account, so it needs no rule."""
        with self.store.transaction(write=False) as session:
            return session.scalar(select(UserRow.id).limit(1)) is not None
