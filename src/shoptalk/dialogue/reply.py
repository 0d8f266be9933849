"""What the assistant answers: a short text for the ear, data for screens, and what it expects.

`expecting` tells the speech side what the shopper is likely to say next (digits of an order
id, a spelled email, a yes or no), so recognition can be biased towards it.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from shoptalk.commerce.records import Cart, Order

Expectation = Literal[
    "anything", "yes_no", "order_id", "email", "identity", "choice", "code", "address", "reason"
]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProductCard(Frozen):
    """A product as a screen shows it: the variant meant, its options and price."""

    product_id: str
    variant_id: str | None
    name: str
    options: dict[str, str] = {}
    price: float | None = None
    available: bool = True
    image_url: str | None = None
    """The variant's image, else the product's; none when the store has no image."""


class OrderCard(Frozen):
    order_id: str
    status: str
    total: float
    items: list[str]


class ReplyData(Frozen):
    """Structured companions of the reply text; empty fields are left out of the JSON."""

    products: list[ProductCard] = []
    cart: Cart | None = None
    order: Order | None = None
    orders: list[OrderCard] = []
    choices: list[str] = []
    confirmation: str | None = None
    policy_topic: str | None = None
    handoff: bool = False


class Reply(Frozen):
    text: str
    data: ReplyData = ReplyData()
    expecting: Expectation = "anything"

    def json_data(self) -> dict[str, object]:
        """The `data` object of the docs/design.md §8 JSON: only what this reply carries."""
        return self.data.model_dump(mode="json", by_alias=True, exclude_defaults=True)
