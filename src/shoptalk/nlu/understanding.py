"""What the understanding step produces for one utterance: the docs/design.md §7 contract.

Slot values are normalised and grounded: a product is the catalog's product, option values are
the catalog's canonical values, numbers are numbers, an order id is in the store's own format.
A slot is present only when the shopper said it.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Intent = Literal[
    "search_products",
    "product_info",
    "add_to_cart",
    "remove_from_cart",
    "view_cart",
    "checkout",
    "order_status",
    "list_orders",
    "cancel_order",
    "modify_order_items",
    "change_order_address",
    "change_order_payment",
    "return_items",
    "exchange_items",
    "change_default_address",
    "refund_status",
    "store_policy",
    "identify",
    "human_agent",
    "select",
    "affirm",
    "deny",
    "cancel_action",
    "repeat",
    "help",
    "greet",
    "goodbye",
    "thanks",
    "out_of_scope",
]

PaymentMethodKind = Literal["gift_card", "credit_card", "paypal"]
SortOrder = Literal["price_asc", "price_desc", "rating", "newest"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProductMention(Frozen):
    """A catalog product, and the words that named it."""

    id: str
    name: str
    mention: str


class SpokenAddress(Frozen):
    """The parts of a postal address the shopper said (US format)."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    zip: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    country: str | None = None


class Slots(Frozen):
    """Each field is absent (None) unless said.

    - `options`: catalog option name → canonical value, only the options the shopper named.
    - `order_id`: in the store's own format, e.g. `#W1001`.
    - `reason`: `no longer needed` / `ordered by mistake` for cancellations, else the words said.
    - `price_min` / `price_max`: in the store currency; "under 50" sets only `price_max`.
    - `ordinal`: 1-based position in the last list; -1 is "the last one".
    - `query`: the words describing what to search for, without prices, sorting and fillers.
    - `topic`: one of the store's policy topics.
    """

    product: ProductMention | None = None
    options: dict[str, str] | None = None
    quantity: Annotated[int, Field(ge=1)] | None = None
    order_id: str | None = None
    reason: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    zip: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    address: SpokenAddress | None = None
    payment_method: PaymentMethodKind | None = None
    price_min: Annotated[float, Field(ge=0)] | None = None
    price_max: Annotated[float, Field(ge=0)] | None = None
    sort: SortOrder | None = None
    query: str | None = None
    ordinal: int | None = None
    topic: str | None = None


class Alternative(Frozen):
    """Another reading of the utterance: a less likely intent, or, when a mention names several
    products equally well, the same intent with one of the other products in `slots`."""

    intent: Intent
    confidence: float
    slots: Slots | None = None


class Understanding(Frozen):
    """`shoptalk parse` output; serialise with `model_dump(mode="json", exclude_none=True)`."""

    text: str
    intent: Intent
    confidence: Annotated[float, Field(ge=0, le=1)]
    slots: Slots = Slots()
    alternatives: list[Alternative] = []
