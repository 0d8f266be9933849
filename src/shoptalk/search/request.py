"""What a search asks for and what it answers: the package's public data.

A `SearchRequest` carries the shopper's words and any constraints already understood (the
understanding step's slots); `Constraints` is what the search actually applied after reading
the words too, and a `SearchResult` reports it, so a reply can say "no red ones under $50,
here are the red ones" when a constraint had to be relaxed.
"""

from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, computed_field

from shoptalk.commerce.money import number_from_cents

SortOrder = Literal["price_asc", "price_desc", "rating", "newest"]
MAX_LIMIT = 100


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OptionConstraint(Frozen):
    """One option the shopper asked for. `choices` are the (option name, canonical value)
    pairs that satisfy it: one for "size M", several for "dark blue" when the catalog calls it
    navy on hoodies and midnight blue on phone cases."""

    said: str
    choices: tuple[tuple[str, str], ...]


class Constraints(Frozen):
    """Hard filters, applied at the variant level: a hit's variant satisfies all of them."""

    product_id: str | None = None
    product_type: str | None = None
    brand: str | None = None
    options: tuple[OptionConstraint, ...] = ()
    price_min_cents: int | None = None
    price_max_cents: int | None = None
    in_stock: bool = False

    @property
    def empty(self) -> bool:
        return self == Constraints()


class SlotsLike(Protocol):
    """The constraint slots of the understanding step (`shoptalk.nlu.understanding.Slots`)."""

    @property
    def product(self) -> Any: ...
    @property
    def options(self) -> dict[str, str] | None: ...
    @property
    def price_min(self) -> float | None: ...
    @property
    def price_max(self) -> float | None: ...
    @property
    def sort(self) -> SortOrder | None: ...
    @property
    def query(self) -> str | None: ...


class SearchRequest(Frozen):
    """A search: the shopper's words plus constraints known already. Prices are in the store
    currency (dollars), as the understanding step gives them. With `parse` on, constraints
    said in `text` ("red", "under fifty dollars", "cheapest") are read too; an explicit field
    wins over the same kind of constraint read from the text."""

    text: str = ""
    product_id: str | None = None
    product_type: str | None = None
    brand: str | None = None
    options: dict[str, str] = {}
    price_min: Annotated[float, Field(ge=0)] | None = None
    price_max: Annotated[float, Field(ge=0)] | None = None
    in_stock: bool = False
    sort: SortOrder | None = None
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = 10
    parse: bool = True

    @classmethod
    def from_slots(cls, slots: SlotsLike, *, text: str = "", limit: int = 10) -> "SearchRequest":
        """The request for a `search_products` turn: the slots' query (or the whole `text`)
        and their product, options, price range and sort order."""
        product = slots.product
        return cls(
            text=slots.query or text,
            product_id=getattr(product, "id", None),
            options=dict(slots.options or {}),
            price_min=slots.price_min,
            price_max=slots.price_max,
            sort=slots.sort,
            limit=limit,
        )


class SearchHit(Frozen):
    """One product, the variant that best matches the request, and how to say it."""

    product_id: str
    variant_id: str | None
    """None for a made-to-order product whose options were not all named."""
    name: str
    brand: str | None
    type: str | None
    options: dict[str, str]
    price_cents: int | None
    available: bool
    score: float
    summary: str
    """Ready to speak: "Acme Trail Runner, red, 59 dollars 99"."""
    image_url: str | None = None
    """The offered variant's image, else the product's."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def price(self) -> float | None:
        return None if self.price_cents is None else number_from_cents(self.price_cents)


class SearchResult(Frozen):
    query: str
    hits: list[SearchHit]
    constraints: Constraints
    """What was applied, after anything relaxed was taken out."""
    sort: SortOrder | None = None
    relaxed: list[str] = []
    """Constraints no product could meet, dropped so the shopper still hears something."""
    notes: list[str] = []
