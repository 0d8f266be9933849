"""The store's records as the outside world sees them: the snapshot format of docs/design.md §5.

The same models validate an imported snapshot, shape the export and are what operations
return, so a product, shopper or order has one JSON form everywhere.
"""

from collections.abc import Iterator
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from shoptalk.commerce.money import Cents, number_from_cents

SNAPSHOT_FORMAT = "shoptalk-store/1"

OrderStatus = Literal[
    "pending",
    "processed",
    "delivered",
    "cancelled",
    "pending (item modified)",
    "return requested",
    "exchange requested",
]
CancelReason = Literal["no longer needed", "ordered by mistake"]
PaymentMethodType = Literal["gift_card", "credit_card", "paypal"]
PaymentType = Literal["payment", "refund"]

MAX_CENTS = 1_000_000_000
"""Ten million in the store currency: beyond any price or order a shop takes by voice, and
well inside the 32-bit integer columns PostgreSQL keeps money in."""
MAX_STOCK = 1_000_000_000
"""A count no shelf reaches, inside the same 32-bit columns."""


def _within_bounds(cents: int) -> int:
    if abs(cents) > MAX_CENTS:
        raise ValueError(f"must be at most {number_from_cents(MAX_CENTS):.2f}")
    return cents


NonEmptyText = Annotated[str, Field(min_length=1)]
Amount = Annotated[Cents, AfterValidator(_within_bounds)]
NonNegativeCents = Annotated[Amount, Field(ge=0)]
StockCount = Annotated[int, Field(ge=0, le=MAX_STOCK)]


class Record(BaseModel):
    """Strict and closed: a wrong type or a misspelt field is an error, never coerced."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _left_out_when_unset(value: object) -> bool:
    """Fields that came later to the format are left out of the JSON when they hold nothing,
    so a snapshot written before them still exports byte-identical."""
    return value is None


class Address(Record):
    address1: str
    address2: str = ""
    city: str
    state: str
    country: str
    zip: str


class Policy(Record):
    topic: NonEmptyText
    text: NonEmptyText


class StoreInfo(Record):
    name: NonEmptyText
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    policies: list[Policy] = []


class OptionValue(Record):
    value: NonEmptyText
    synonyms: list[NonEmptyText] = []


def is_in_stock(available: bool, stock: int | None) -> bool:
    """Orderable now: available, with stock left where stock is counted (None: not tracked)."""
    return available and (stock is None or stock > 0)


class Variant(Record):
    """One orderable combination of a product's options.

    `stock` is optional: a variant without it has untracked inventory (made to order, drop
    shipped, digital), orderable while `available` and never decremented.
    """

    id: NonEmptyText
    options: dict[str, str]
    price: NonNegativeCents
    available: bool
    stock: StockCount | None = Field(default=None, exclude_if=_left_out_when_unset)
    image_url: NonEmptyText | None = Field(default=None, exclude_if=_left_out_when_unset)

    @property
    def in_stock(self) -> bool:
        return is_in_stock(self.available, self.stock)


class Product(Record):
    """A catalog entry. Only `id` and `name` are required, so external catalogs load for search.

    A product with `options`, a `price` and no `variants` is configurable: any combination of
    its option values can be ordered at that price.
    """

    id: NonEmptyText
    name: NonEmptyText
    type: str | None = None
    brand: str | None = None
    description: str | None = None
    tags: list[str] = []
    options: dict[str, list[OptionValue | NonEmptyText]] = {}
    variants: list[Variant] = []
    price: NonNegativeCents | None = None
    image_url: NonEmptyText | None = Field(default=None, exclude_if=_left_out_when_unset)

    @property
    def is_configurable(self) -> bool:
        return bool(self.options) and not self.variants

    def option_values(self, name: str) -> list[OptionValue]:
        """The values of one option dimension, plain strings lifted to `OptionValue`."""
        return [
            v if isinstance(v, OptionValue) else OptionValue(value=v) for v in self.options[name]
        ]


class PersonName(Record):
    first: NonEmptyText
    last: NonEmptyText


class PaymentMethod(Record):
    """One of a shopper's ways to pay; which fields it carries depends on its type."""

    id: NonEmptyText
    type: PaymentMethodType
    brand: str | None = None
    last_four: Annotated[str, Field(pattern=r"^\d{4}$")] | None = None
    balance: NonNegativeCents | None = None

    @model_validator(mode="after")
    def _fields_match_type(self) -> Self:
        if self.type == "gift_card" and self.balance is None:
            raise ValueError("a gift card needs a balance")
        if self.type != "gift_card" and self.balance is not None:
            raise ValueError(f"only a gift card has a balance, not a {self.type}")
        if self.type != "credit_card" and (self.brand is not None or self.last_four is not None):
            raise ValueError("only a credit card has a brand and last_four")
        return self

    @model_serializer(mode="wrap")
    def _only_own_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A method's JSON carries only the fields of its type (no `"balance": null`)."""
        return {key: value for key, value in handler(self).items() if value is not None}


class User(Record):
    id: NonEmptyText
    name: PersonName
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]
    address: Address
    payment_methods: list[PaymentMethod] = []


class OrderItem(Record):
    product_id: NonEmptyText
    variant_id: NonEmptyText
    name: str
    options: dict[str, str] = {}
    price: NonNegativeCents


class Payment(Record):
    type: PaymentType
    amount: NonNegativeCents
    method_id: NonEmptyText


class Fulfillment(Record):
    tracking_ids: list[NonEmptyText]
    variant_ids: list[NonEmptyText]


class ReturnRequest(Record):
    variant_ids: list[NonEmptyText] = Field(min_length=1)
    refund_method_id: NonEmptyText


class ExchangeRequest(Record):
    variant_ids: list[NonEmptyText] = Field(min_length=1)
    new_variant_ids: list[NonEmptyText] = Field(min_length=1)
    method_id: NonEmptyText
    price_difference: Amount


class Order(Record):
    """An order with its whole money history: payments and refunds are appended, never edited."""

    model_config = ConfigDict(populate_by_name=True)

    id: NonEmptyText
    user_id: NonEmptyText
    status: OrderStatus
    address: Address
    items: list[OrderItem] = Field(min_length=1)
    payments: list[Payment] = []
    fulfillments: list[Fulfillment] = []
    cancel_reason: NonEmptyText | None = None
    """Whatever reason the shop recorded: history is imported as it is. A cancellation made
    here gives one of `CancelReason`."""
    return_request: ReturnRequest | None = Field(default=None, alias="return")
    exchange: ExchangeRequest | None = None


class SnapshotHeader(Record):
    """What a snapshot says about itself, apart from its records."""

    format: Literal["shoptalk-store/1"]
    store: StoreInfo


class Snapshot(SnapshotHeader):
    """A whole store in one document, held in memory: `shoptalk store import` / `export`.

    Large files are read record by record instead (`SnapshotFile`); both offer the same
    `header` / `iter_*` methods, which is all an import needs.
    """

    products: list[Product] = []
    users: list[User] = []
    orders: list[Order] = []

    def header(self) -> SnapshotHeader:
        return self

    def iter_products(self) -> Iterator[Product]:
        return iter(self.products)

    def iter_users(self) -> Iterator[User]:
        return iter(self.users)

    def iter_orders(self) -> Iterator[Order]:
        return iter(self.orders)


class CartLine(Record):
    product_id: str
    variant_id: str
    name: str
    options: dict[str, str]
    price: Cents
    quantity: int
    available: bool


class Cart(Record):
    user_id: str
    items: list[CartLine]
    total: Cents


class ProductType(Record):
    type: str
    products: int


class UserRef(Record):
    user_id: str
