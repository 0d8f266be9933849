"""The store's tables (SQLAlchemy 2.0). Schema changes go through the Alembic migrations.

Money columns hold integer cents. `position` columns keep the order in which a snapshot listed
things, so that export → import → export is byte-identical. Order items are single units: a
quantity of two is two items, which is how returns and exchanges count duplicates.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, str: Text}


class AddressColumns:
    """A postal address, flattened into columns so a zip code can be searched."""

    address1: Mapped[str]
    address2: Mapped[str]
    city: Mapped[str]
    state: Mapped[str]
    country: Mapped[str]
    zip: Mapped[str] = mapped_column(String(32))


class StoreRow(Base):
    """The one row describing the store, and the counter that numbers new orders."""

    __tablename__ = "store"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    currency: Mapped[str] = mapped_column(String(3))
    order_id_prefix: Mapped[str] = mapped_column(String(32))
    next_order_number: Mapped[int]
    order_number_width: Mapped[int]
    catalog_id: Mapped[str] = mapped_column(String(32), server_default="")
    """New at every import: what was derived from an older catalog (an index, a model) is stale."""


class PolicyRow(Base):
    __tablename__ = "policies"

    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    topic: Mapped[str]
    text: Mapped[str] = mapped_column(Text)


class ProductRow(Base):
    """A catalog product; `options` is a list of `{"name", "values"}` to keep dimension order."""

    __tablename__ = "products"

    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(index=True)
    brand: Mapped[str | None]
    description: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[Any]]
    options: Mapped[list[Any]]
    price_cents: Mapped[int | None]
    image_url: Mapped[str | None]
    revision: Mapped[int] = mapped_column(server_default="0")
    """Raised whenever the product or one of its variants changes (price, stock, availability),
    so derived data such as the search index can refresh just the products that changed."""
    source_digest: Mapped[str | None] = mapped_column(String(32))
    """A hash of the file rows the product was last read from (`digests`): a sync that meets
    the same rows again knows the product is unchanged without reading them."""
    source_revision: Mapped[int | None]
    """The revision `source_digest` describes: once the product changes, it vouches for nothing."""

    variants: Mapped[list["VariantRow"]] = relationship(
        order_by="VariantRow.position", lazy="selectin", viewonly=True
    )


class VariantRow(Base):
    __tablename__ = "variants"
    __table_args__ = (Index("ix_variants_product", "product_id", "position"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    position: Mapped[int]
    options: Mapped[dict[str, Any]]
    price_cents: Mapped[int]
    available: Mapped[bool]
    stock: Mapped[int | None]
    """None: inventory is not tracked (orderable while available, never decremented)."""
    image_url: Mapped[str | None]


class UserRow(AddressColumns, Base):
    __tablename__ = "users"
    __table_args__ = (Index("ix_users_zip", "zip"),)

    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(unique=True)
    first_name: Mapped[str]
    last_name: Mapped[str]
    email: Mapped[str]
    email_key: Mapped[str] = mapped_column(unique=True)

    payment_methods: Mapped[list["PaymentMethodRow"]] = relationship(
        order_by="PaymentMethodRow.position", lazy="selectin", viewonly=True
    )


class PaymentMethodRow(Base):
    __tablename__ = "payment_methods"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    id: Mapped[str] = mapped_column(primary_key=True)
    position: Mapped[int]
    type: Mapped[str] = mapped_column(String(16))
    brand: Mapped[str | None]
    last_four: Mapped[str | None] = mapped_column(String(4))
    balance_cents: Mapped[int | None]


class VoiceCodeRow(Base):
    """A shopper's voice purchase code, set by the store: a salted scrypt digest, never the
    code. Not part of the snapshot: a secret does not travel with the store's data."""

    __tablename__ = "voice_codes"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(128))


class CartItemRow(Base):
    """One line of a shopper's cart; `variant_id` is a configured id for configurable products."""

    __tablename__ = "cart_items"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    variant_id: Mapped[str] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    options: Mapped[dict[str, Any]]
    quantity: Mapped[int]
    line: Mapped[int]


class OrderRow(AddressColumns, Base):
    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    position: Mapped[int] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(32))
    cancel_reason: Mapped[str | None]

    items: Mapped[list["OrderItemRow"]] = relationship(
        order_by="OrderItemRow.position", lazy="selectin", viewonly=True
    )
    payments: Mapped[list["PaymentRow"]] = relationship(
        order_by="PaymentRow.position", lazy="selectin", viewonly=True
    )
    fulfillments: Mapped[list["FulfillmentRow"]] = relationship(
        order_by="FulfillmentRow.position", lazy="selectin", viewonly=True
    )
    return_request: Mapped["ReturnRow | None"] = relationship(lazy="selectin", viewonly=True)
    exchange: Mapped["ExchangeRow | None"] = relationship(lazy="selectin", viewonly=True)


class OrderItemRow(Base):
    __tablename__ = "order_items"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    variant_id: Mapped[str]
    name: Mapped[str] = mapped_column(Text)
    options: Mapped[dict[str, Any]]
    price_cents: Mapped[int]


class PaymentRow(Base):
    """One transaction of an order's history: a payment or a refund, never edited afterwards."""

    __tablename__ = "order_payments"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int]
    method_id: Mapped[str]


class FulfillmentRow(Base):
    __tablename__ = "fulfillments"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    tracking_ids: Mapped[list[Any]]
    variant_ids: Mapped[list[Any]]


class ReturnRow(Base):
    __tablename__ = "order_returns"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    variant_ids: Mapped[list[Any]]
    refund_method_id: Mapped[str]


class ExchangeRow(Base):
    __tablename__ = "order_exchanges"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    variant_ids: Mapped[list[Any]]
    new_variant_ids: Mapped[list[Any]]
    method_id: Mapped[str]
    price_difference_cents: Mapped[int]


class AuditRow(Base):
    """Every write that went through: who, what, with which arguments, the order's status
    before and after, and when. Written in the same transaction as the write itself."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[str | None] = mapped_column(index=True)
    operation: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[dict[str, Any]]
    order_id: Mapped[str | None] = mapped_column(index=True)
    status_before: Mapped[str | None] = mapped_column(String(32))
    status_after: Mapped[str | None] = mapped_column(String(32))
