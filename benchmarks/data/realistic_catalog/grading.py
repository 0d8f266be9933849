"""The grading rule: how well a product answers a query, from what the generator knows about
both — never from the words of the title or the query.

A query's `Intent` names the product types that answer it and the attribute values, brand or
model it asks for. For each product:

    3  its type answers the query and it offers everything asked: every attribute value
       (a product sold in variants counts when one variant has them), the brand, the model;
    2  its type answers the query but something asked differs (another finish, size, brand);
    1  its type is related: in the same class as an answering type, for the classes whose
       types stand in for one another (a tee for an elbow; vocab `related_classes`), or
       listed as related or complementary in the vocabulary (drill bits for a drill);
       for a model-number query, any other product of that model's type;
    0  anything else.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from catalog import ProductFacts
from vocab import Vocab


@dataclass(frozen=True)
class Intent:
    """What a query asks for, in the generator's own terms."""

    types: tuple[str, ...]
    attrs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Attribute → the grading keys that satisfy it ("bronze" accepts every bronze finish)."""
    brand: str | None = None
    model: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "types": list(self.types),
            "attrs": {k: list(v) for k, v in sorted(self.attrs.items())},
            "brand": self.brand,
            "model": self.model,
        }


class Grader:
    """Grades products against intents; relations between types are worked out once."""

    def __init__(self, vocab: Vocab) -> None:
        self.related: dict[str, set[str]] = {t.name: set() for t in vocab.types}
        by_class: dict[str, set[str]] = {}
        for product_type in vocab.types:
            by_class.setdefault(product_type.cls, set()).add(product_type.name)
        for product_type in vocab.types:
            if product_type.cls in vocab.related_classes:
                self.related[product_type.name] |= by_class[product_type.cls]
            for other in product_type.related:
                self.related[product_type.name].add(other)
                self.related[other].add(product_type.name)

    def related_to(self, types: Iterable[str]) -> set[str]:
        wanted = set(types)
        return set().union(*(self.related[t] for t in wanted)) - wanted

    def grade(self, intent: Intent, product: ProductFacts, related: set[str]) -> int:
        if intent.model is not None:
            if product.model == intent.model:
                return 3
            return 1 if product.type in intent.types else 0
        if product.type in intent.types:
            return 3 if satisfies(intent, product) else 2
        return 1 if product.type in related else 0

    def judge(self, intent: Intent, products: Sequence[ProductFacts]) -> dict[str, int]:
        """Every product with a grade above 0, over the whole catalog."""
        related = self.related_to(intent.types)
        grades = {p.id: self.grade(intent, p, related) for p in products}
        return {product_id: g for product_id, g in grades.items() if g > 0}


def satisfies(intent: Intent, product: ProductFacts) -> bool:
    """The product offers the brand and every attribute value asked, in one variant."""
    if intent.brand is not None and product.brand != intent.brand:
        return False
    return all(set(product.offers(a)) & set(keys) for a, keys in intent.attrs.items())
