"""The files the generator writes, and the split of queries into dev and test.

Every file is written beside its final name and renamed into place only when all of them are
complete, so a failed run leaves the previous outputs untouched.
"""

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from catalog import ProductFacts
from queries import Query

SNAPSHOT_FORMAT = "shoptalk-store/1"
STORE = {"name": "Ridgeway Home Supply", "currency": "USD", "policies": []}
SPLITS = ("dev", "test")
TAGGED_ATTRIBUTES = ("material", "finish", "color")


def product_record(product: ProductFacts) -> dict[str, Any]:
    """A product in the snapshot format (docs/design.md §5): what a store would import."""
    tags = [product.department, product.cls.lower()]
    tags += [product.attrs[a].lower() for a in TAGGED_ATTRIBUTES if a in product.attrs]
    record: dict[str, Any] = {
        "id": product.id,
        "name": product.title,
        "type": product.type,
        "brand": product.brand,
        "description": product.description,
        "tags": list(dict.fromkeys(tags)),
    }
    if product.variants:
        attr = product.variant_attr or ""
        record["options"] = {attr: [v.option for v in product.variants]}
        record["variants"] = [
            {"id": v.id, "options": {attr: v.option}, "price": v.price, "available": v.available}
            for v in product.variants
        ]
    else:
        record["price"] = product.price
    return record


def facts_record(product: ProductFacts) -> dict[str, Any]:
    """The attributes a product was made from: what grading reads."""
    return {
        "id": product.id,
        "department": product.department,
        "class": product.cls,
        "type": product.type,
        "brand": product.brand,
        "model": product.model,
        "attrs": dict(sorted(product.attrs.items())),
        "variant_attr": product.variant_attr,
        "variants": {v.id: v.key for v in product.variants},
    }


def split_queries(queries: Sequence[Query], seed: str) -> dict[str, str]:
    """Query id → "dev" or "test": half of each kind (dev gets the odd one), at random."""
    rng = random.Random(f"{seed}:split")
    by_kind: dict[str, list[str]] = defaultdict(list)
    for query in queries:
        by_kind[query.kind].append(query.id)
    split: dict[str, str] = {}
    for ids in by_kind.values():
        shuffled = sorted(ids)
        rng.shuffle(shuffled)
        half = math.ceil(len(shuffled) / 2)
        split.update({qid: "dev" if n < half else "test" for n, qid in enumerate(shuffled)})
    return split


def _jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _snapshot(products: Sequence[ProductFacts]) -> str:
    """One product per line, so a change to the vocabulary reads as a readable diff."""
    head = json.dumps({"format": SNAPSHOT_FORMAT, "store": STORE}, ensure_ascii=False)
    lines = ",\n".join(json.dumps(product_record(p), ensure_ascii=False) for p in products)
    return head[:-1] + ', "products": [\n' + lines + "\n]}\n"


def render_all(
    products: Sequence[ProductFacts],
    queries: Sequence[Query],
    judgments: Mapping[str, Mapping[str, int]],
    split: Mapping[str, str],
) -> dict[str, str]:
    """File name → contents, for every output."""
    files = {
        "catalog.json": _snapshot(products),
        "attributes.jsonl": _jsonl(facts_record(p) for p in products),
        "intents.jsonl": _jsonl({"query_id": q.id, **q.intent.as_json()} for q in queries),
    }
    for name in SPLITS:
        chosen = [q for q in queries if split[q.id] == name]
        files[f"queries.{name}.jsonl"] = _jsonl(
            {"id": q.id, "query": q.text, "kind": q.kind, "split": name} for q in chosen
        )
        files[f"judgments.{name}.jsonl"] = _jsonl(
            {"query_id": q.id, "product_id": pid, "grade": grade}
            for q in chosen
            for pid, grade in sorted(judgments[q.id].items())
        )
    return files


def write_all(folder: Path, files: Mapping[str, str]) -> None:
    """All files or none: each is written to a temporary name, then all are renamed."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = {name: folder / f".{name}.tmp" for name in files}
    try:
        for name, text in files.items():
            temporary[name].write_text(text)
        for name, path in temporary.items():
            path.replace(folder / name)
    finally:
        for path in temporary.values():
            path.unlink(missing_ok=True)
