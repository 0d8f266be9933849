"""A product being assembled from the rows of an import file, turned into a snapshot `Product`.

Every importer builds its products here, so the rules a snapshot enforces are met in the file's
own terms: a duplicate id or option combination is reported at the row and column that
repeats it, naming the line of the first one, rather than as a path into a JSON document the
user never wrote.
"""

from dataclasses import dataclass, field

from pydantic import ValidationError

from shoptalk.commerce.importers.rows import Row, RowGroup
from shoptalk.commerce.records import Product


@dataclass
class VariantDraft:
    id: str
    options: dict[str, str]
    price_cents: int
    available: bool
    stock: int | None
    image_url: str | None
    row: Row


@dataclass
class ProductDraft:
    id: str
    name: str
    row: Row
    """The row the product starts on."""
    type: str | None = None
    brand: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    option_names: list[str] = field(default_factory=list)
    option_values: dict[str, list[str]] = field(default_factory=dict)
    """Values in the order they were first listed; variants may use only these."""
    variants: list[VariantDraft] = field(default_factory=list)
    _combinations: dict[tuple[str, ...], int] = field(default_factory=dict)

    def add_value(self, name: str, value: str, row: Row, column: str) -> str:
        """Record an option value; returns its spelling as first listed (Red and red are one
        value: the first spelling wins, as the shop's own admin shows it)."""
        if not value:
            raise row.error(column, f'is empty: the product has the option "{name}"')
        values = self.option_values.setdefault(name, [])
        if name not in self.option_names:
            self.option_names.append(name)
        folded = value.casefold()
        for known in values:
            if known.casefold() == folded:
                return known
        values.append(value)
        return value

    def has_combination(self, options: dict[str, str]) -> bool:
        return tuple(options.get(name, "") for name in self.option_names) in self._combinations

    def add_variant(self, variant: VariantDraft, column: str) -> None:
        """Add a variant; `column` is where its options are, to name a repeated combination."""
        missing = [name for name in self.option_names if name not in variant.options]
        if missing:
            raise variant.row.error(column, f'no value for the option "{missing[0]}"')
        key = tuple(variant.options.get(name, "") for name in self.option_names)
        if key in self._combinations:
            said = ", ".join(key) or "no options"
            raise variant.row.error(
                column, f"same options ({said}) as line {self._combinations[key]}"
            )
        self._combinations[key] = variant.row.line
        self.variants.append(variant)

    def record(self) -> Product:
        """The snapshot's product; a value the model refuses is named at the product's row."""
        document = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "brand": self.brand,
            "description": self.description,
            "tags": self.tags,
            "options": {name: self.option_values[name] for name in self.option_names},
            "variants": [
                {
                    "id": v.id,
                    "options": v.options,
                    "price": v.price_cents / 100,
                    "available": v.available,
                    "stock": v.stock,
                    "image_url": v.image_url,
                }
                for v in self.variants
            ],
            "image_url": self.image_url,
        }
        try:
            return Product.model_validate(document)
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            path = ".".join(str(part) for part in first["loc"])
            raise self.row.error(None, f"{path}: {first['msg']}") from error


class IdRegistry:
    """Product and variant ids seen so far, with the line each was first used on."""

    def __init__(self) -> None:
        self.products: dict[str, int] = {}
        self.variants: dict[str, int] = {}

    def claim_product(self, product_id: str, row: Row, column: str, hint: str = "") -> None:
        first = self.products.setdefault(product_id, row.line)
        if first != row.line:
            raise row.error(column, f'"{product_id}" is already the product on line {first}{hint}')

    def claim_group(self, group: RowGroup, column: str, hint: str = "") -> None:
        """Claim a product id for a run of rows without reading them (an unchanged product's)."""
        if self.products.setdefault(group.key, group.line) != group.line:
            self.claim_product(group.key, group.first_row(), column, hint)

    def claim_variant(self, variant_id: str, row: Row, column: str) -> None:
        first = self.variants.setdefault(variant_id, row.line)
        if first != row.line:
            raise row.error(column, f'"{variant_id}" is already used on line {first}')
