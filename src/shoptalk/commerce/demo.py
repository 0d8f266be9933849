"""The demo store: a realistic `shoptalk-store/1` snapshot, generated from a seed.

The assistant needs a store to talk about before anyone imports a real one, and the benchmark
needs a big one, so both come from the same generator. Only `random.Random(seed)` decides
anything: the same seed gives the same store on every machine and Python run (no set or
hash ordering is ever iterated).

What the store sells is data, kept as data: its option dimensions, product types, made-to-order
products and policies lie in `commerce/data/demo/*.yaml`, where growing the catalog is an edit
to a table rather than to Python. This module reads them and holds only the rules that turn
them into products, shoppers and orders. A seed promises the same store for the same files:
editing them changes the stores generated.

Money is built from integer cents and written as `round(cents / 100, 2)`, so every amount
reads back as whole cents.
"""

import itertools
import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from shoptalk.commerce.catalog_view import OptionValue

JSON = dict[str, Any]

FORMAT = "shoptalk-store/1"
NAME_PATTERN = "{brand} {model} {noun}"
"""How a product type names its products unless its data says otherwise."""


@dataclass(frozen=True)
class Dimension:
    """One option of a product, its values in natural order (S, M, L, XL)."""

    name: str
    values: tuple[OptionValue, ...]
    step: float = 0.0
    """Price lift per position in `values`: a 1 TB phone costs more than a 128 GB one."""


@dataclass(frozen=True)
class ProductType:
    """Everything needed to invent believable products of one type."""

    type: str
    brands: tuple[str, ...]
    models: tuple[str, ...]
    nouns: tuple[str, ...]
    dims: tuple[Dimension, ...]
    price: tuple[int, int]
    """Dollar range every variant's price falls in."""
    tags: tuple[str, ...]
    blurbs: tuple[str, ...]
    """Description sentences, the first saying what it is; "{brand}" is filled in."""
    pattern: str = NAME_PATTERN


@dataclass(frozen=True)
class MadeToOrder:
    """A configurable product: no variants, one price for any combination of options."""

    name: str
    type: str
    brand: str
    description: str
    tags: tuple[str, ...]
    dims: tuple[Dimension, ...]
    price_cents: int


# --- the data files --------------------------------------------------------------------------

_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: importing this module reads every file, and the
pure-Python loader takes several times as long (the same safe subset of YAML either way)."""


@cache
def _data(name: str) -> Any:
    """`data/demo/<name>.yaml`, parsed once per process: several tables share a file."""
    path = resources.files("shoptalk.commerce.data") / "demo" / f"{name}.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


# The checks below fail at import, naming the file and entry at fault: YAML reads an unquoted 7
# as a number, and a misspelt key would be skipped without a word; either would otherwise
# surface far away, as an odd product or a crash mid-generation.


def _bad(where: str, expected: str, raw: object) -> ValueError:
    return ValueError(f"demo store data, {where}: expected {expected}, got {raw!r}")


def _text(raw: object, where: str) -> str:
    if not isinstance(raw, str) or not raw:
        raise _bad(where, "a non-empty string (quote values YAML reads as numbers)", raw)
    return raw


def _texts(raw: object, where: str, least: int = 1) -> tuple[str, ...]:
    if not isinstance(raw, list) or len(raw) < least:
        raise _bad(where, f"a list of at least {least} strings", raw)
    return tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(raw))


def _number(raw: object, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _bad(where, "a number", raw)
    return float(raw)


def _entries(raw: object, where: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _bad(where, "a list", raw)
    return raw


def _table(raw: object, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or not all(isinstance(key, str) for key in raw):
        raise _bad(where, "a mapping with string keys", raw)
    return raw


def _fields(
    raw: object, where: str, required: set[str], optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A mapping with every required key and no others: a misspelt key is an error."""
    entry = _table(raw, where)
    if required - entry.keys() or entry.keys() - required - optional:
        raise _bad(where, f"the keys {sorted(required)}, optionally {sorted(optional)}", raw)
    return entry


def _read_value(raw: object, where: str) -> OptionValue:
    """A plain string, or {value, synonyms}: the way a store snapshot writes option values."""
    if isinstance(raw, str):
        return OptionValue(_text(raw, where))
    if not isinstance(raw, dict):
        raise _bad(where, "a string (quote values YAML reads as numbers) or {value, synonyms}", raw)
    entry = _fields(raw, where, {"value", "synonyms"})
    value = _text(entry["value"], f"{where}.value")
    return OptionValue(value, _texts(entry["synonyms"], f"{where}.synonyms"))


def _read_dimension(raw: object, where: str) -> Dimension:
    entry = _fields(raw, where, {"name", "values"}, frozenset({"step"}))
    values = _entries(entry["values"], f"{where}.values")
    return Dimension(
        _text(entry["name"], f"{where}.name"),
        tuple(_read_value(value, f"{where}.values[{i}]") for i, value in enumerate(values)),
        _number(entry.get("step", 0.0), f"{where}.step"),
    )


@cache
def _load_dimensions() -> dict[str, Dimension]:
    """options.yaml by key: product types and made-to-order products name their options so."""
    table = _table(_data("options"), "options.yaml")
    return {key: _read_dimension(raw, f"options.yaml: {key}") for key, raw in table.items()}


def _read_dims(raw: object, where: str) -> tuple[Dimension, ...]:
    dimensions = _load_dimensions()
    keys = _texts(raw, where, least=0)
    for key in keys:
        if key not in dimensions:
            raise _bad(where, "keys of options.yaml", key)
    return tuple(dimensions[key] for key in keys)


def _read_price_range(raw: object, where: str) -> tuple[int, int]:
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in raw)
        or not 0 < raw[0] <= raw[1]
    ):
        raise _bad(where, "[low, high] in whole dollars", raw)
    return raw[0], raw[1]


def _read_product_type(raw: object, where: str) -> ProductType:
    fields = {"type", "brands", "models", "nouns", "options", "price", "tags", "blurbs"}
    entry = _fields(raw, where, fields, frozenset({"pattern"}))
    return ProductType(
        type=_text(entry["type"], f"{where}.type"),
        brands=_texts(entry["brands"], f"{where}.brands"),
        models=_texts(entry["models"], f"{where}.models"),
        nouns=_texts(entry["nouns"], f"{where}.nouns"),
        dims=_read_dims(entry["options"], f"{where}.options"),
        price=_read_price_range(entry["price"], f"{where}.price"),
        tags=_texts(entry["tags"], f"{where}.tags"),
        # The first says what the product is; a description may add one of the others.
        blurbs=_texts(entry["blurbs"], f"{where}.blurbs", least=2),
        pattern=_text(entry.get("pattern", NAME_PATTERN), f"{where}.pattern"),
    )


def _load_product_types() -> tuple[ProductType, ...]:
    types = _entries(_data("product_types"), "product_types.yaml")
    return tuple(_read_product_type(raw, f"product_types.yaml[{i}]") for i, raw in enumerate(types))


def _read_cents(raw: object, where: str) -> int:
    """Dollars to the cent, as people write prices (4.95), in integer cents."""
    dollars = _number(raw, where)
    cents = round(dollars * 100)
    if cents <= 0 or abs(dollars * 100 - cents) > 1e-6:
        raise _bad(where, "a price in dollars, to the cent", raw)
    return cents


def _read_made_to_order(raw: object, where: str) -> MadeToOrder:
    fields = {"name", "type", "brand", "description", "tags", "options", "price"}
    entry = _fields(raw, where, fields)
    return MadeToOrder(
        name=_text(entry["name"], f"{where}.name"),
        type=_text(entry["type"], f"{where}.type"),
        brand=_text(entry["brand"], f"{where}.brand"),
        description=_text(entry["description"], f"{where}.description"),
        tags=_texts(entry["tags"], f"{where}.tags"),
        dims=_read_dims(entry["options"], f"{where}.options"),
        price_cents=_read_cents(entry["price"], f"{where}.price"),
    )


def _load_made_to_order() -> tuple[MadeToOrder, ...]:
    specs = _entries(_data("made_to_order"), "made_to_order.yaml")
    return tuple(
        _read_made_to_order(raw, f"made_to_order.yaml[{i}]") for i, raw in enumerate(specs)
    )


def _store_file() -> dict[str, Any]:
    return _fields(_data("store"), "store.yaml", {"name", "currency", "policies"})


def _load_policies() -> dict[str, str]:
    """Topic to text, in the order the store lists them."""
    where = "store.yaml: policies"
    topics = _table(_store_file()["policies"], where)
    return {topic: _text(text, f"{where}.{topic}") for topic, text in topics.items()}


# --- the store -------------------------------------------------------------------------------

STORE_NAME = _text(_store_file()["name"], "store.yaml: name")
CURRENCY = _text(_store_file()["currency"], "store.yaml: currency")
POLICIES: dict[str, str] = _load_policies()
PRODUCT_TYPES: tuple[ProductType, ...] = _load_product_types()
MADE_TO_ORDER: tuple[MadeToOrder, ...] = _load_made_to_order()
MADE_TO_ORDER_EVERY = 100
"""One made-to-order product per this many products, up to all of `MADE_TO_ORDER`."""

# --- shoppers --------------------------------------------------------------------------------

PEOPLE: JSON = json.loads(
    resources.files("shoptalk.commerce.data").joinpath("people.json").read_text()
)
"""Shoppers' names and US addresses, kept as data: the demo's shoppers are made of them, and so
are the stand-in shoppers a store with none trains its understanding model on."""
FIRST_NAMES: tuple[str, ...] = tuple(PEOPLE["first_names"])
LAST_NAMES: tuple[str, ...] = tuple(PEOPLE["last_names"])
NAMESAKE_SHARE = 0.02
"""Share of shoppers named exactly like an earlier one (told apart by their zip code)."""

CITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (c["city"], c["state"], tuple(c["zips"])) for c in PEOPLE["cities"]
)
STREETS: tuple[str, ...] = tuple(PEOPLE["streets"])
UNITS: tuple[str, ...] = tuple(PEOPLE["units"])
CARD_BRANDS = ("visa", "mastercard", "amex", "discover")
CARD_WEIGHTS = (45, 30, 15, 10)
GIFT_CARD_MAX_CENTS = 50_000

# --- orders ----------------------------------------------------------------------------------

# How often things happen to shoppers and orders. These stay with the code: the names are the
# snapshot format's own (`records.OrderStatus`, `CancelReason`, payment method types), and the
# generator branches on them.
STATUS_WEIGHTS = {
    "pending": 16,
    "processed": 18,
    "delivered": 34,
    "cancelled": 8,
    "pending (item modified)": 8,
    "return requested": 8,
    "exchange requested": 8,
}
SHIPPED = ("processed", "delivered", "return requested", "exchange requested")
CANCEL_REASONS = ("no longer needed", "ordered by mistake")
ITEM_COUNTS = (1, 2, 3, 4, 5)
ITEM_COUNT_WEIGHTS = (40, 27, 17, 10, 6)
TRACKING_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# --- the generator ---------------------------------------------------------------------------


def generate_snapshot(
    seed: int = 7,
    products: int = 1200,
    users: int = 250,
    orders: int = 1500,
    variants_per_product: float = 3.0,
) -> dict[str, Any]:
    """A whole store; the variant total is `round(products * variants_per_product)`.

    Made-to-order products (one per 100 products, at most 12) have no variants, so the
    total is spread over the others.
    """
    rng = random.Random(seed)
    catalog = _catalog(rng, products, round(products * variants_per_product))
    shoppers = generate_users(rng, users)
    return {
        "format": FORMAT,
        "store": _store(),
        "products": catalog,
        "users": shoppers,
        "orders": _orders(_Context(rng, catalog), shoppers, orders),
    }


def demo_snapshot() -> dict[str, Any]:
    """The store `make demo` serves: fixed, so demos and docs can name its products."""
    return generate_snapshot()


def _store() -> JSON:
    policies = [{"topic": topic, "text": text} for topic, text in POLICIES.items()]
    return {"name": STORE_NAME, "currency": CURRENCY, "policies": policies}


def _money(cents: float) -> float:
    return round(cents / 100, 2)


def _cents(amount: float) -> int:
    return round(amount * 100)


# --- products --------------------------------------------------------------------------------


def _catalog(rng: random.Random, count: int, variant_total: int) -> list[JSON]:
    made_to_order = min(len(MADE_TO_ORDER), count // MADE_TO_ORDER_EVERY)
    kinds = _deal_types(rng, count - made_to_order)
    sizes = _plan_variant_counts(rng, [_capacity(kind) for kind in kinds], variant_total)
    custom_at = set(rng.sample(range(count), made_to_order))
    regular, custom = iter(zip(kinds, sizes, strict=True)), iter(MADE_TO_ORDER)
    names = {kind.type: _names(rng, kind) for kind in PRODUCT_TYPES}
    serials = itertools.count(10_001)
    catalog: list[JSON] = []
    for position in range(count):
        pid = f"p-{1001 + position}"
        if position in custom_at:
            catalog.append(_made_to_order(pid, next(custom)))
        else:
            kind, size = next(regular)
            catalog.append(_product(rng, pid, kind, size, names[kind.type], serials))
    return catalog


def _deal_types(rng: random.Random, count: int) -> list[ProductType]:
    """Every type gets its share, so even a small store shows the whole range."""
    kinds = [PRODUCT_TYPES[i % len(PRODUCT_TYPES)] for i in range(count)]
    rng.shuffle(kinds)
    return kinds


def _capacity(kind: ProductType) -> int:
    return math.prod(len(dim.values) for dim in kind.dims)


def _plan_variant_counts(rng: random.Random, caps: list[int], total: int) -> list[int]:
    """Vary variant counts per product yet hit `total` exactly, when the caps allow it."""
    if not caps:
        return []
    mean = total / len(caps)
    counts = [min(cap, max(1, round(mean * rng.uniform(0.3, 1.7)))) for cap in caps]
    order = list(range(len(caps)))
    rng.shuffle(order)
    missing = total - sum(counts)
    while missing and _nudge(counts, caps, order, missing):
        missing = total - sum(counts)
    return counts


def _nudge(counts: list[int], caps: list[int], order: list[int], missing: int) -> bool:
    """Move counts one step towards the total, once per product; False when none can move."""
    step = 1 if missing > 0 else -1
    moved = 0
    for i in order:
        if moved == abs(missing):
            break
        if 1 <= counts[i] + step <= caps[i]:
            counts[i] += step
            moved += 1
    return moved > 0


def _names(rng: random.Random, kind: ProductType) -> Iterator[tuple[str, str]]:
    """Deal (brand, name) pairs from a shuffled deck: names repeat only once it runs out.

    The brand is "" when the name does not contain it (books, board games).
    """
    brands = kind.brands if "{brand}" in kind.pattern else ("",)
    deck = [
        (brand, kind.pattern.format(brand=brand, model=model, noun=noun))
        for brand in brands
        for model in kind.models
        for noun in kind.nouns
    ]
    while True:
        rng.shuffle(deck)
        yield from deck


def _product(
    rng: random.Random,
    pid: str,
    kind: ProductType,
    size: int,
    names: Iterator[tuple[str, str]],
    serials: Iterator[int],
) -> JSON:
    brand, name = next(names)
    brand = brand or rng.choice(kind.brands)
    dims, combos = _combinations(rng, kind.dims, size)
    base = _base_price(rng, kind)
    chosen = [dim for dim, _ in dims]
    return {
        "id": pid,
        "name": name,
        "type": kind.type,
        "brand": brand,
        "description": _describe(rng, kind.blurbs, brand),
        "tags": _tags(rng, kind.tags),
        "options": _options(dims),
        "variants": [_variant(rng, next(serials), chosen, combo, base) for combo in combos],
    }


def _made_to_order(pid: str, spec: MadeToOrder) -> JSON:
    """Options go in name order: an item's id lists the values in option order, and export
    sorts keys, so only name order gives the same id before and after a round trip."""
    dims = [(dim, range(len(dim.values))) for dim in sorted(spec.dims, key=lambda d: d.name)]
    return {
        "id": pid,
        "name": spec.name,
        "type": spec.type,
        "brand": spec.brand,
        "description": spec.description,
        "tags": list(spec.tags),
        "options": _options(dims),
        "variants": [],
        "price": _money(spec.price_cents),
    }


Chosen = list[tuple[Dimension, Sequence[int]]]
"""The option dimensions a product varies in, each with the positions of the values it uses."""


def _combinations(
    rng: random.Random, dims: tuple[Dimension, ...], size: int
) -> tuple[Chosen, list[tuple[int, ...]]]:
    """`size` distinct option combinations; dimensions left with one value are dropped."""
    grid = list(itertools.product(*_grid(rng, dims, size)))
    picked = [grid[i] for i in sorted(rng.sample(range(len(grid)), size))]
    used = [sorted({combo[d] for combo in picked}) for d in range(len(dims))]
    keep = [d for d in range(len(dims)) if len(used[d]) > 1]
    chosen: Chosen = [(dims[d], used[d]) for d in keep]
    return chosen, [tuple(combo[d] for d in keep) for combo in picked]


def _grid(rng: random.Random, dims: tuple[Dimension, ...], size: int) -> list[list[int]]:
    """Values per dimension whose cross product holds at least `size` combinations.

    Growing the smallest dimension first gives balanced products (3 colors x 2 sizes rather
    than 6 colors in one size).
    """
    widths = [1] * len(dims)
    while math.prod(widths) < size:
        growable = [d for d, dim in enumerate(dims) if widths[d] < len(dim.values)]
        narrowest = min(widths[d] for d in growable)
        widths[rng.choice([d for d in growable if widths[d] == narrowest])] += 1
    return [
        sorted(rng.sample(range(len(dim.values)), width))
        for dim, width in zip(dims, widths, strict=True)
    ]


def _options(dims: Sequence[tuple[Dimension, Sequence[int]]]) -> JSON:
    return {dim.name: [_option_value(dim.values[i]) for i in used] for dim, used in dims}


def _option_value(value: OptionValue) -> str | JSON:
    if not value.synonyms:
        return value.value
    return {"value": value.value, "synonyms": list(value.synonyms)}


def _base_price(rng: random.Random, kind: ProductType) -> int:
    """Cents for the cheapest combination, low enough that the dearest stays in range."""
    low, high = kind.price[0] * 100, kind.price[1] * 100
    lift = 1 + sum(dim.step * (len(dim.values) - 1) for dim in kind.dims)
    return rng.randint(low, max(low, int(high / lift)))


def _retail(cents: float) -> int:
    """Shelf prices end in .99, or .49 under $100, like real price tags."""
    unit = 50 if cents < 10_000 else 100
    return max(unit, round(cents / unit) * unit) - 1


def _variant(
    rng: random.Random, serial: int, dims: list[Dimension], combo: tuple[int, ...], base: int
) -> JSON:
    lift = 1 + sum(dim.step * i for dim, i in zip(dims, combo, strict=True))
    available, stock = _stock(rng)
    return {
        "id": f"v-{serial}",
        "options": {dim.name: dim.values[i].value for dim, i in zip(dims, combo, strict=True)},
        "price": _money(_retail(base * lift)),
        "available": available,
        "stock": stock,
    }


def _stock(rng: random.Random) -> tuple[bool, int]:
    """About 4% of variants are unavailable; a quarter of those still hold held-back stock."""
    roll = rng.random()
    if roll < 0.03:
        return False, 0
    if roll < 0.04:
        return False, rng.randint(1, 6)
    return True, rng.randint(1, 150)


def _describe(rng: random.Random, blurbs: tuple[str, ...], brand: str) -> str:
    """The first blurb says what the product is; a second, when added, gives one detail."""
    detail = [rng.choice(blurbs[1:])] if rng.random() < 0.6 else []
    return " ".join(sentence.format(brand=brand) for sentence in [blurbs[0], *detail])


def _tags(rng: random.Random, vocabulary: tuple[str, ...]) -> list[str]:
    picked = rng.sample(range(len(vocabulary)), rng.randint(1, min(3, len(vocabulary))))
    return [vocabulary[i] for i in sorted(picked)]


# --- shoppers --------------------------------------------------------------------------------


@dataclass
class _People:
    """What must stay unique while shoppers are made: emails, namesakes' zips, method ids."""

    names: list[tuple[str, str]] = field(default_factory=list)
    emails: dict[str, int] = field(default_factory=dict)
    zips: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(1))


def generate_users(rng: random.Random, count: int) -> list[JSON]:
    """`count` shoppers (`users` records of a snapshot) with unique emails, ids u-1, u-2, ..."""
    people = _People()
    return [_user(rng, number, people) for number in range(1, count + 1)]


def _user(rng: random.Random, number: int, people: _People) -> JSON:
    first, last = _shopper_name(rng, people.names)
    return {
        "id": f"u-{number}",
        "name": {"first": first, "last": last},
        "email": _email(f"{first}.{last}".lower(), people.emails),
        "address": _new_zip_address(rng, people.zips.setdefault((first, last), set())),
        "payment_methods": _wallet(rng, people.serials),
    }


def _shopper_name(rng: random.Random, names: list[tuple[str, str]]) -> tuple[str, str]:
    if names and rng.random() < NAMESAKE_SHARE:
        name = rng.choice(names)
    else:
        name = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
    names.append(name)
    return name


def _email(local: str, seen: dict[str, int]) -> str:
    """ada.lee@, then ada.lee2@, ada.lee3@: names hold no digits, so these never collide."""
    seen[local] = seen.get(local, 0) + 1
    suffix = "" if seen[local] == 1 else str(seen[local])
    return f"{local}{suffix}@example.com"


def _new_zip_address(rng: random.Random, taken: set[str]) -> JSON:
    """Shoppers with the same full name live in different zip codes, so they can be told apart."""
    address = _address(rng)
    while address["zip"] in taken:
        address = _address(rng)
    taken.add(address["zip"])
    return address


def _address(rng: random.Random) -> JSON:
    city, state, zips = rng.choice(CITIES)
    unit = rng.choice(UNITS).format(n=rng.randint(1, 30)) if rng.random() < 0.3 else ""
    return {
        "address1": f"{rng.randint(1, 9899)} {rng.choice(STREETS)}",
        "address2": unit,
        "city": city,
        "state": state,
        "country": "USA",
        "zip": rng.choice(zips),
    }


def _wallet(rng: random.Random, serials: Iterator[int]) -> list[JSON]:
    """One to three methods, always one that is not a gift card, so any order can be paid."""
    kinds = ["credit_card" if rng.random() < 0.7 else "paypal"]
    for _ in range(rng.choices((0, 1, 2), weights=(45, 35, 20))[0]):
        kinds.append(rng.choice(["credit_card", "gift_card", "paypal"]))
    if kinds.count("paypal") > 1:
        kinds.remove("paypal")
    rng.shuffle(kinds)
    return [_payment_method(rng, kind, next(serials)) for kind in kinds]


def _payment_method(rng: random.Random, kind: str, serial: int) -> JSON:
    method: JSON = {"id": f"{kind}_{serial}", "type": kind}
    if kind == "credit_card":
        method["brand"] = rng.choices(CARD_BRANDS, weights=CARD_WEIGHTS)[0]
        method["last_four"] = f"{rng.randrange(10_000):04d}"
    elif kind == "gift_card":
        method["balance"] = _money(rng.randint(0, GIFT_CARD_MAX_CENTS))
    return method


# --- orders ----------------------------------------------------------------------------------


@dataclass
class _Context:
    rng: random.Random
    catalog: list[JSON]
    by_id: dict[str, JSON] = field(init=False)
    tracking: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_id = {product["id"]: product for product in self.catalog}


def _orders(ctx: _Context, users: list[JSON], count: int) -> list[JSON]:
    if not users or not ctx.catalog:
        return []
    activity = [ctx.rng.choice((1, 1, 2, 3, 5)) for _ in users]
    buyers = ctx.rng.choices(users, weights=activity, k=count)
    statuses = ctx.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=count)
    return [
        _order(ctx, f"#W{1001 + i}", buyer, status)
        for i, (buyer, status) in enumerate(zip(buyers, statuses, strict=True))
    ]


def _order(ctx: _Context, oid: str, user: JSON, status: str) -> JSON:
    items = _items(ctx)
    total = _total(items)
    order = {
        "id": oid,
        "user_id": user["id"],
        "status": status,
        "address": _ship_to(ctx.rng, user),
        "items": items,
        "payments": [_transaction("payment", total, _payer(ctx.rng, user, total))],
        "fulfillments": [],
        "cancel_reason": None,
        "return": None,
        "exchange": None,
    }
    _apply_status(ctx, order, user)
    return order


def _apply_status(ctx: _Context, order: JSON, user: JSON) -> None:
    """Write the records the status implies; a status the items cannot support falls back."""
    status = order["status"]
    if status == "cancelled":
        _cancel(ctx.rng, order)
    elif status == "pending (item modified)":
        _modify(ctx, order, user)
    elif status == "return requested":
        _request_return(ctx, order, user)
    elif status == "exchange requested":
        _request_exchange(ctx, order, user)
    elif status in SHIPPED:
        _ship(ctx, order)


def _ship_to(rng: random.Random, user: JSON) -> JSON:
    """Mostly home; now and then a gift or an office delivery."""
    return _address(rng) if rng.random() < 0.05 else dict(user["address"])


def _items(ctx: _Context) -> list[JSON]:
    count = ctx.rng.choices(ITEM_COUNTS, weights=ITEM_COUNT_WEIGHTS)[0]
    items = [_pick_item(ctx.rng, ctx.rng.choice(ctx.catalog)) for _ in range(count)]
    if count < ITEM_COUNTS[-1] and ctx.rng.random() < 0.05:
        items.append({**items[-1], "options": dict(items[-1]["options"])})
    return items


def _pick_item(rng: random.Random, product: JSON) -> JSON:
    variants = product["variants"]
    if not variants:
        return _configured_item(rng, product)
    in_stock = [variant for variant in variants if variant["available"]] or variants
    return _item(product, rng.choice(in_stock))


def _item(product: JSON, variant: JSON) -> JSON:
    return {
        "product_id": product["id"],
        "variant_id": variant["id"],
        "name": product["name"],
        "options": dict(variant["options"]),
        "price": variant["price"],
    }


def _configured_item(rng: random.Random, product: JSON) -> JSON:
    options = {
        name: OptionValue.stored(rng.choice(values)).value
        for name, values in product["options"].items()
    }
    return {
        "product_id": product["id"],
        "variant_id": f"{product['id']}:{'/'.join(options.values())}",
        "name": product["name"],
        "options": options,
        "price": product["price"],
    }


def _total(items: list[JSON]) -> int:
    return sum(_cents(item["price"]) for item in items)


def _transaction(kind: str, cents: int, method_id: str) -> JSON:
    return {"type": kind, "amount": _money(cents), "method_id": method_id}


def _payer(rng: random.Random, user: JSON, cents: int) -> str:
    """Any of the shopper's methods, except a gift card whose balance cannot cover `cents`."""
    methods = user["payment_methods"]
    method = rng.choice(methods)
    if method["type"] == "gift_card" and _cents(method["balance"]) < cents:
        method = rng.choice([m for m in methods if m["type"] != "gift_card"])
    return str(method["id"])


def _cancel(rng: random.Random, order: JSON) -> None:
    paid = order["payments"][0]
    order["payments"].append({**paid, "type": "refund"})
    order["cancel_reason"] = rng.choice(CANCEL_REASONS)


def _alternatives(ctx: _Context, item: JSON) -> list[JSON]:
    """Other in-stock variants of the item's product: what it can be changed to."""
    variants = ctx.by_id[item["product_id"]]["variants"]
    return [v for v in variants if v["available"] and v["id"] != item["variant_id"]]


def _modify(ctx: _Context, order: JSON, user: JSON) -> None:
    """Swap one item for a differently priced variant and settle the difference."""
    items = order["items"]
    swaps = {
        i: repriced
        for i, item in enumerate(items)
        if (repriced := [v for v in _alternatives(ctx, item) if v["price"] != item["price"]])
    }
    if not swaps:
        order["status"] = "pending"
        return
    before = _total(items)
    i = ctx.rng.choice(list(swaps))
    items[i] = _item(ctx.by_id[items[i]["product_id"]], ctx.rng.choice(swaps[i]))
    difference = _total(items) - before
    if difference > 0:
        order["payments"].append(
            _transaction("payment", difference, _payer(ctx.rng, user, difference))
        )
    else:
        order["payments"].append(
            _transaction("refund", -difference, order["payments"][0]["method_id"])
        )


def _ship(ctx: _Context, order: JSON) -> None:
    """One shipment, or two for a multi-item order that was split."""
    shipped = [item["variant_id"] for item in order["items"]]
    split = len(shipped) > 1 and ctx.rng.random() < 0.25
    cut = ctx.rng.randint(1, len(shipped) - 1) if split else len(shipped)
    order["fulfillments"] = [
        {"tracking_ids": _tracking_ids(ctx), "variant_ids": part}
        for part in (shipped[:cut], shipped[cut:])
        if part
    ]


def _tracking_ids(ctx: _Context) -> list[str]:
    return [_tracking_id(ctx) for _ in range(1 if ctx.rng.random() < 0.85 else 2)]


def _tracking_id(ctx: _Context) -> str:
    """A UPS-style 1Z number or a 12-digit FedEx-style one, never handed out twice."""
    while True:
        if ctx.rng.random() < 0.6:
            code = "1Z" + "".join(ctx.rng.choices(TRACKING_ALPHABET, k=16))
        else:
            code = "".join(ctx.rng.choices(TRACKING_ALPHABET[:10], k=12))
        if code not in ctx.tracking:
            ctx.tracking.add(code)
            return code


def _request_return(ctx: _Context, order: JSON, user: JSON) -> None:
    """Return some shipped items; made-to-order items cannot be returned."""
    items = order["items"]
    returnable = [item["variant_id"] for item in items if ":" not in item["variant_id"]]
    _ship(ctx, order)
    if not returnable:
        order["status"] = "delivered"
        return
    returned = ctx.rng.sample(returnable, ctx.rng.randint(1, len(returnable)))
    order["return"] = {
        "refund_method_id": _refund_method(ctx.rng, user, order),
        "variant_ids": sorted(returned),
    }


def _refund_method(rng: random.Random, user: JSON, order: JSON) -> str:
    """The original method, or a gift card when the shopper has one and prefers it."""
    cards = [m["id"] for m in user["payment_methods"] if m["type"] == "gift_card"]
    original: str = order["payments"][0]["method_id"]
    return str(rng.choice(cards)) if cards and rng.random() < 0.3 else original


def _request_exchange(ctx: _Context, order: JSON, user: JSON) -> None:
    """Exchange one or two shipped items for other in-stock variants of the same products."""
    items = order["items"]
    swaps = {i: others for i, item in enumerate(items) if (others := _alternatives(ctx, item))}
    _ship(ctx, order)
    if not swaps:
        order["status"] = "delivered"
        return
    chosen = ctx.rng.sample(list(swaps), ctx.rng.randint(1, min(2, len(swaps))))
    new = [ctx.rng.choice(swaps[i]) for i in chosen]
    difference = _total(new) - _total([items[i] for i in chosen])
    order["exchange"] = {
        "variant_ids": sorted(items[i]["variant_id"] for i in chosen),
        "new_variant_ids": sorted(variant["id"] for variant in new),
        "method_id": _payer(ctx.rng, user, max(difference, 0)),
        "price_difference": _money(difference),
    }
