"""Translation between records (the JSON shapes) and table rows, in both directions.

Import writes rows from records in bulk, so the `*_rows` functions produce plain column
dictionaries; reading goes through ORM rows and the `*_record` functions.
"""

from typing import Any, cast

from shoptalk.commerce.records import (
    Address,
    ExchangeRequest,
    Fulfillment,
    OptionValue,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    PaymentMethod,
    PaymentMethodType,
    PaymentType,
    PersonName,
    Product,
    ReturnRequest,
    User,
    Variant,
)
from shoptalk.commerce.tables import AddressColumns, OrderRow, ProductRow, UserRow, VariantRow

Row = dict[str, Any]


def address_columns(address: Address) -> Row:
    return address.model_dump()


def address_record(row: AddressColumns) -> Address:
    return Address.model_construct(
        address1=row.address1,
        address2=row.address2,
        city=row.city,
        state=row.state,
        country=row.country,
        zip=row.zip,
    )


def option_dimensions(product: Product) -> list[Any]:
    """Product options as stored: an ordered list, values in object form only when needed."""
    return [
        {"name": name, "values": [_stored_value(v) for v in values]}
        for name, values in product.options.items()
    ]


def _stored_value(value: OptionValue | str) -> Any:
    if isinstance(value, str):
        return value
    return value.model_dump() if value.synonyms else value.value


def product_rows(
    product: Product, position: int, digest: str | None = None
) -> dict[str, list[Row]]:
    """Rows of the product and its variants, keyed by table name; `digest` is that of the
    file rows it was read from (`digests`), describing it as inserted (revision 0)."""
    row = {
        "id": product.id,
        "position": position,
        "name": product.name,
        "type": product.type,
        "brand": product.brand,
        "description": product.description,
        "tags": product.tags,
        "options": option_dimensions(product),
        "price_cents": product.price,
        "image_url": product.image_url,
        "source_digest": digest,
        "source_revision": None if digest is None else 0,
    }
    variants = [
        {
            "id": v.id,
            "product_id": product.id,
            "position": i,
            "options": v.options,
            "price_cents": v.price,
            "available": v.available,
            "stock": v.stock,
            "image_url": v.image_url,
        }
        for i, v in enumerate(product.variants)
    ]
    return {"products": [row], "variants": variants}


def variant_record(row: VariantRow) -> Variant:
    return Variant.model_construct(
        id=row.id,
        options=row.options,
        price=row.price_cents,
        available=row.available,
        stock=row.stock,
        image_url=row.image_url,
    )


def product_record(row: ProductRow) -> Product:
    """Built without validation: rows were validated on the way in and hold cents already."""
    return Product.model_construct(
        id=row.id,
        name=row.name,
        type=row.type,
        brand=row.brand,
        description=row.description,
        tags=row.tags,
        options={dim["name"]: [_option_value(v) for v in dim["values"]] for dim in row.options},
        variants=[variant_record(v) for v in row.variants],
        price=row.price_cents,
        image_url=row.image_url,
    )


def _option_value(stored: Any) -> OptionValue | str:
    return OptionValue.model_construct(**stored) if isinstance(stored, dict) else str(stored)


def user_rows(user: User, position: int) -> dict[str, list[Row]]:
    """Rows of the shopper and their payment methods, keyed by table name."""
    row = {
        "id": user.id,
        "position": position,
        "first_name": user.name.first,
        "last_name": user.name.last,
        "email": user.email,
        "email_key": user.email.lower(),
        **address_columns(user.address),
    }
    methods = [
        {
            "user_id": user.id,
            "id": m.id,
            "position": i,
            "type": m.type,
            "brand": m.brand,
            "last_four": m.last_four,
            "balance_cents": m.balance,
        }
        for i, m in enumerate(user.payment_methods)
    ]
    return {"users": [row], "payment_methods": methods}


def user_record(row: UserRow) -> User:
    return User.model_construct(
        id=row.id,
        name=PersonName.model_construct(first=row.first_name, last=row.last_name),
        email=row.email,
        address=address_record(row),
        payment_methods=[
            PaymentMethod.model_construct(
                id=m.id,
                type=cast(PaymentMethodType, m.type),
                brand=m.brand,
                last_four=m.last_four,
                balance=m.balance_cents,
            )
            for m in row.payment_methods
        ],
    )


def order_rows(order: Order, position: int) -> dict[str, list[Row]]:
    """Rows for every table an order spans, keyed by table name."""
    rows: dict[str, list[Row]] = {
        "orders": [
            {
                "id": order.id,
                "user_id": order.user_id,
                "position": position,
                "status": order.status,
                "cancel_reason": order.cancel_reason,
                **address_columns(order.address),
            }
        ],
        "order_items": [
            {"order_id": order.id, "position": i, **item_columns(item)}
            for i, item in enumerate(order.items)
        ],
        "order_payments": [
            {"order_id": order.id, "position": i, **payment_columns(p)}
            for i, p in enumerate(order.payments)
        ],
        "fulfillments": [
            {"order_id": order.id, "position": i, **f.model_dump()}
            for i, f in enumerate(order.fulfillments)
        ],
        "order_returns": [],
        "order_exchanges": [],
    }
    if order.return_request is not None:
        rows["order_returns"].append({"order_id": order.id, **order.return_request.model_dump()})
    if order.exchange is not None:
        exchange = order.exchange
        rows["order_exchanges"].append(
            {
                "order_id": order.id,
                "variant_ids": exchange.variant_ids,
                "new_variant_ids": exchange.new_variant_ids,
                "method_id": exchange.method_id,
                "price_difference_cents": exchange.price_difference,
            }
        )
    return rows


def item_columns(item: OrderItem) -> Row:
    return {
        "product_id": item.product_id,
        "variant_id": item.variant_id,
        "name": item.name,
        "options": item.options,
        "price_cents": item.price,
    }


def payment_columns(payment: Payment) -> Row:
    return {"type": payment.type, "amount_cents": payment.amount, "method_id": payment.method_id}


def order_record(row: OrderRow) -> Order:
    """Built without validation, like `product_record`."""
    return Order.model_construct(
        id=row.id,
        user_id=row.user_id,
        status=cast(OrderStatus, row.status),
        address=address_record(row),
        items=[
            OrderItem.model_construct(
                product_id=i.product_id,
                variant_id=i.variant_id,
                name=i.name,
                options=i.options,
                price=i.price_cents,
            )
            for i in row.items
        ],
        payments=[
            Payment.model_construct(
                type=cast(PaymentType, p.type), amount=p.amount_cents, method_id=p.method_id
            )
            for p in row.payments
        ],
        fulfillments=[
            Fulfillment.model_construct(tracking_ids=f.tracking_ids, variant_ids=f.variant_ids)
            for f in row.fulfillments
        ],
        cancel_reason=row.cancel_reason,
        return_request=_return_record(row),
        exchange=_exchange_record(row),
    )


def _return_record(row: OrderRow) -> ReturnRequest | None:
    if row.return_request is None:
        return None
    return ReturnRequest.model_construct(
        variant_ids=row.return_request.variant_ids,
        refund_method_id=row.return_request.refund_method_id,
    )


def _exchange_record(row: OrderRow) -> ExchangeRequest | None:
    if row.exchange is None:
        return None
    return ExchangeRequest.model_construct(
        variant_ids=row.exchange.variant_ids,
        new_variant_ids=row.exchange.new_variant_ids,
        method_id=row.exchange.method_id,
        price_difference=row.exchange.price_difference_cents,
    )
