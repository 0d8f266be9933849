"""Grounding benchmark: index build time and per-call latency, demo store and 100k products.

    python benchmarks/grounding.py            # demo store and the generated 100k catalog
    python benchmarks/grounding.py --quick    # demo store only

Each catalog is imported into a SQLite store (the 100k one is kept in var/bench/ between runs,
its import takes a while) and indexed from there, as the assistant does. Calls are timed one
by one on mentions drawn from the catalog itself: product names said whole, in part, in the
plural, with a slipped letter, and with options; option values said for a product and for the
catalog; and the normalisers on typical spans. A "turn" is what one utterance costs outside the
model: prepare the text, find entities, ground the product, ground its options.
"""

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from shoptalk.commerce import Snapshot, Store, import_snapshot
from shoptalk.commerce.catalog_view import CatalogProduct
from shoptalk.commerce.demo import demo_snapshot, generate_snapshot
from shoptalk.nlu.grounding import CatalogIndex
from shoptalk.nlu.normalize import (
    find_entities,
    parse_email,
    parse_order_id,
    parse_ordinal,
    parse_price_range,
    parse_quantity,
    prepare,
)

console = Console(width=120)
CALLS = 2000
LARGE = {"seed": 1, "products": 100_000, "users": 1000, "orders": 1000}
SPANS = {
    "quantity": ["two", "a couple of", "half a dozen", "12"],
    "price": ["under fifty bucks", "between 20 and 30 dollars", "twenty nine ninety nine"],
    "ordinal": ["the second one", "the last one", "number three"],
    "order id": ["W one zero zero one", "order number 1001", "hash W 1001"],
    "email": ["ada dot lee at example dot com", "a d a underscore lee at gmail dot com"],
}
UTTERANCES = (
    "add {q} {options} {mention} please",
    "do you have {mention} under {price} dollars",
    "I'd like {q} {mention} in {options}",
)


def imported(snapshot: dict[str, Any], path: Path) -> Store:
    store = Store.open(f"sqlite:///{path}")
    if not store.has_data():
        with console.status(f"Importing {len(snapshot['products']):,} products"):
            import_snapshot(store, Snapshot.model_validate(snapshot))
    return store


def said_forms(product: CatalogProduct, rng: random.Random) -> str:
    """One way a shopper might name `product`."""
    words = product.name.lower().split()
    form = rng.choice(("whole", "part", "plural", "slip", "options"))
    if form == "part" and len(words) > 1:
        words = words[1:]
    elif form == "plural":
        words[-1] += "s"
    elif form == "slip":
        word = max(range(len(words)), key=lambda i: len(words[i]))
        chars = list(words[word])
        chars[len(chars) // 2] = rng.choice("aeiou")
        words[word] = "".join(chars)
    elif form == "options" and product.options:
        words.insert(0, rng.choice(product.options[0].values).value.lower())
    return " ".join(words)


def option_phrase(product: CatalogProduct, rng: random.Random) -> str:
    if not product.options:
        return "large"
    value = rng.choice(rng.choice(product.options).values)
    return rng.choice(value.spellings)


def latencies(call: Callable[[int], object], count: int = CALLS) -> tuple[float, float]:
    """p50 and p99 in milliseconds of `call(i)` for i in range(count)."""
    times = []
    for i in range(count):
        start = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(times, n=100)
    return cuts[49], cuts[98]


def catalog_rows(name: str, store: Store) -> list[tuple[str, str, float, float]]:
    start = time.perf_counter()
    index = CatalogIndex.from_store(store)
    build = time.perf_counter() - start
    rng = random.Random(0)
    products = [rng.choice(index.catalog.products) for _ in range(CALLS)]
    mentions = [said_forms(p, rng) for p in products]
    phrases = [option_phrase(p, rng) for p in products]
    turns = [
        rng.choice(UTTERANCES).format(q="two", options=phrase, mention=mention, price="fifty")
        for mention, phrase in zip(mentions, phrases, strict=True)
    ]

    def turn(i: int) -> None:
        prepared = prepare(turns[i])
        find_entities(prepared, index.order_ids)
        grounded = index.ground_product(mentions[i])
        product = grounded.product or (grounded.tied[0] if grounded.tied else None)
        index.ground_options(turns[i], product.id if product else None)

    return [
        (name, f"index build ({len(index.catalog.products):,} products)", build * 1000, 0.0),
        (name, "product mention", *latencies(lambda i: index.ground_product(mentions[i]))),
        (name, "options of a product", *latencies(
            lambda i: index.ground_options(phrases[i], products[i].id))),
        (name, "options, catalog-wide", *latencies(lambda i: index.ground_options(phrases[i]))),
        (name, "whole turn (no model)", *latencies(turn)),
    ]  # fmt: skip


def normaliser_rows() -> list[tuple[str, str, float, float]]:
    parsers: dict[str, Callable[[str], object]] = {
        "quantity": parse_quantity,
        "price": parse_price_range,
        "ordinal": parse_ordinal,
        "order id": parse_order_id,
        "email": parse_email,
    }
    rows = []
    for kind, spans in SPANS.items():
        p50, p99 = latencies(lambda i, spans=spans, kind=kind: parsers[kind](spans[i % len(spans)]))
        rows.append(("-", f"parse {kind}", p50, p99))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the demo store only")
    args = parser.parse_args()
    rows = normaliser_rows()
    with tempfile.TemporaryDirectory() as work:
        demo = imported(demo_snapshot(), Path(work) / "demo.db")
        rows += catalog_rows("demo", demo)
        demo.close()
    if not args.quick:
        folder = Path("var/bench")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "grounding-100k.db"
        snapshot = {} if path.exists() else generate_snapshot(**LARGE)
        large = imported(snapshot, path) if snapshot else Store.open(f"sqlite:///{path}")
        rows += catalog_rows("100k", large)
        large.close()
    table = Table(title="Grounding and normalisation (one call at a time, ms)")
    for column in ("catalog", "what", "p50 / build", "p99"):
        table.add_column(column, justify="left" if column in ("catalog", "what") else "right")
    for catalog, what, p50, p99 in rows:
        table.add_row(catalog, what, f"{p50:.2f}", f"{p99:.2f}" if p99 else "")
    console.print(table)


if __name__ == "__main__":
    main()
