"""Search relevance: ShopTalk against a plain BM25 baseline, on two catalogs.

    python benchmarks/search_relevance.py                # both catalogs, all the queries
    python benchmarks/search_relevance.py --catalog realistic --split dev   # while tuning
    python benchmarks/search_relevance.py --quick        # every third query, for CI
    python benchmarks/search_relevance.py --write-labels # relabel after editing judgments

**The realistic catalog** (`benchmarks/data/realistic_catalog`, see its README): 5,000+
products titled the way home-improvement retailers title them (brands, model numbers,
`3/4 in. x 10 ft.`, pack counts, finishes) and 500 queries typed and said the way customers do,
graded 0-3 from the generator's attributes, split into a *dev* half (errors read, things
tuned) and a *test* half (reported only, never tuned on). Its grades are a different method
from the search code, so it is the figure that says how search does on a real catalog.

**The demo catalog**: the queries and their judgments are written by hand in
`tests/search/data/judgments.jsonl`:
each query says, as rules over catalog fields, which products answer it exactly (grade 2) and
which in part (grade 1), plus the constraints it states explicitly. `--write-labels` turns the
rules into graded labels by product id (`relevance.jsonl`) with the plain code below, which
shares nothing with the search package.

Figures: nDCG@10 (gain 2^grade - 1), recall@50 (products of grade >= 1 found in the first 50),
MRR (first product of the query's best grade, within 50), and constraint violations: hits in
the first 10 whose variant breaks a constraint the query states (price, option, brand) when
some relevant product meets them all.
"""

import argparse
import json
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import bm25s
from rich.console import Console
from rich.table import Table

from shoptalk.commerce import Snapshot, Store, import_snapshot, parse_snapshot
from shoptalk.commerce.demo import demo_snapshot
from shoptalk.console import progress_bar
from shoptalk.search import SearchIndex, SearchRequest, search
from shoptalk.search.engine import DEFAULT_RANKING, Ranking

DATA = Path(__file__).resolve().parent.parent / "tests" / "search" / "data"
JUDGMENTS = DATA / "judgments.jsonl"
LABELS = DATA / "relevance.jsonl"
REALISTIC = Path(__file__).resolve().parent / "data" / "realistic_catalog"
SPLITS = ("dev", "test")
DEPTH = 50
console = Console(width=120, stderr=True)

Product = dict[str, Any]
Ranked = list[tuple[str, str | None]]
"""(product id, variant id) pairs, best first."""


# --- labels: hand-written rules over catalog fields -------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _canonical(value: Any) -> str:
    return str(value["value"]) if isinstance(value, dict) else str(value)


Unit = tuple[dict[str, list[str]], float, bool]


def _orderable_units(product: Product) -> list[Unit]:
    """Each variant as (option -> [value], price, in stock); a made-to-order product as one
    unit offering all its values."""
    if product.get("variants"):
        return [
            (
                {k: [v] for k, v in variant["options"].items()},
                variant["price"],
                variant["available"] and variant.get("stock", 1) > 0,
            )
            for variant in product["variants"]
        ]
    if product.get("options") and product.get("price") is not None:
        values = {k: [_canonical(v) for v in vs] for k, vs in product["options"].items()}
        return [(values, product["price"], True)]
    return []


def _unit_meets(unit: Unit, rule: dict[str, Any]) -> bool:
    options, price, in_stock = unit
    for name, wanted in rule.get("options", {}).items():
        if not set(options.get(name, [])) & set(wanted):
            return False
    if "price_min" in rule and price < rule["price_min"]:
        return False
    if "price_max" in rule and price > rule["price_max"]:
        return False
    return in_stock or not rule.get("in_stock")


def matches(rule: dict[str, Any], product: Product) -> bool:
    if "ids" in rule and product["id"] not in rule["ids"]:
        return False
    if "type" in rule and product.get("type") not in _listed(rule["type"]):
        return False
    if "brand" in rule and product.get("brand") not in _listed(rule["brand"]):
        return False
    if "name" in rule:
        name = product["name"].lower()
        found = [part.lower() in name for part in _listed(rule["name"])]
        if not (any(found) if rule.get("name_mode") == "any" else all(found)):
            return False
    if "tags" in rule and not set(product.get("tags", [])) & set(rule["tags"]):
        return False
    if {"options", "price_min", "price_max", "in_stock"} & set(rule):
        return any(_unit_meets(unit, rule) for unit in _orderable_units(product))
    return True


def grade(judgment: dict[str, Any], product: Product) -> int:
    if any(matches(rule, product) for rule in _listed(judgment.get("exact", []))):
        return 2
    if any(matches(rule, product) for rule in _listed(judgment.get("partial", []))):
        return 1
    return 0


def label(judgments: list[dict[str, Any]], products: list[Product]) -> list[dict[str, Any]]:
    labelled = []
    for judgment in judgments:
        grades = {p["id"]: g for p in products if (g := grade(judgment, p))}
        labelled.append(
            {
                "id": judgment["id"],
                "kind": judgment["kind"],
                "query": judgment["query"],
                "labels": grades,
                "constraints": judgment.get("constraints", {}),
            }
        )
    return labelled


# --- constraints ------------------------------------------------------------------------------


def meets(product: Product, variant_id: str | None, constraints: dict[str, Any]) -> bool:
    """Whether the offered variant (any variant when None) meets the stated constraints."""
    if "brand" in constraints and product.get("brand") != constraints["brand"]:
        return False
    rule = {k: v for k, v in constraints.items() if k != "brand"}
    if not rule:
        return True
    units = _orderable_units(product)
    offered = [v["id"] for v in product.get("variants", [])]
    if variant_id in offered:
        units = [units[offered.index(variant_id)]]
    return any(_unit_meets(unit, rule) for unit in units)


def satisfiable(query: dict[str, Any], catalog: dict[str, Product]) -> bool:
    constraints = query["constraints"]
    return bool(constraints) and any(
        meets(catalog[pid], None, constraints) for pid in query["labels"]
    )


# --- metrics ----------------------------------------------------------------------------------


def ndcg(ranked: list[str], labels: dict[str, int], k: int = 10) -> float:
    gains = [2 ** labels.get(pid, 0) - 1 for pid in ranked[:k]]
    ideal = sorted((2**g - 1 for g in labels.values()), reverse=True)[:k]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], labels: dict[str, int], k: int = DEPTH) -> float:
    relevant = {pid for pid, g in labels.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], labels: dict[str, int], k: int = DEPTH) -> float:
    top = max(labels.values(), default=0)
    for i, pid in enumerate(ranked[:k]):
        if top and labels.get(pid, 0) == top:
            return 1 / (i + 1)
    return 0.0


@dataclass
class Figures:
    queries: int
    ndcg: float
    recall: float
    mrr: float
    violations: int


def figures(
    queries: list[dict[str, Any]], runs: dict[str, Ranked], catalog: dict[str, Product]
) -> Figures:
    scored = [q for q in queries if q["labels"]]
    violations = 0
    for query in queries:
        if satisfiable(query, catalog):
            hits = runs[query["id"]][:10]
            violations += sum(
                not meets(catalog[pid], vid, query["constraints"]) for pid, vid in hits
            )
    ranked = {q["id"]: [pid for pid, _ in runs[q["id"]]] for q in scored}
    return Figures(
        queries=len(scored),
        ndcg=statistics.fmean(ndcg(ranked[q["id"]], q["labels"]) for q in scored),
        recall=statistics.fmean(recall(ranked[q["id"]], q["labels"]) for q in scored),
        mrr=statistics.fmean(reciprocal_rank(ranked[q["id"]], q["labels"]) for q in scored),
        violations=violations,
    )


# --- the two systems --------------------------------------------------------------------------


def baseline(products: list[Product]) -> Callable[[str], Ranked]:
    """Plain BM25 (bm25s defaults, English stopwords) over product names and descriptions."""
    corpus = [f"{p['name']} {p.get('description') or ''}" for p in products]
    retriever = bm25s.BM25()
    tokens = bm25s.tokenize(corpus, stopwords="en", show_progress=False)
    retriever.index(tokens, show_progress=False)

    def run(query: str) -> Ranked:
        asked = bm25s.tokenize([query], stopwords="en", show_progress=False)
        known = [retriever.vocab_dict[t] for t in asked.vocab if t in retriever.vocab_dict]
        if not known:
            return []
        scores = retriever.get_scores_from_ids(known)
        order = scores.argsort()[::-1][:DEPTH]
        return [(products[i]["id"], None) for i in order if scores[i] > 0]

    return run


def shoptalk(index: SearchIndex, ranking: Ranking = DEFAULT_RANKING) -> Callable[[str], Ranked]:
    def run(query: str) -> Ranked:
        result = search(index, SearchRequest(text=query, limit=DEPTH), ranking)
        return [(hit.product_id, hit.variant_id) for hit in result.hits]

    return run


def run_all(
    system: Callable[[str], Ranked], queries: Iterable[dict[str, Any]]
) -> dict[str, Ranked]:
    return {q["id"]: system(q["query"]) for q in queries}


def evaluate(
    index: SearchIndex,
    queries: list[dict[str, Any]],
    products: list[Product],
    ranking: Ranking = DEFAULT_RANKING,
) -> dict[str, dict[str, Figures]]:
    """Figures per kind of query and overall, for ShopTalk and the baseline."""
    catalog = {p["id"]: p for p in products}
    runs = {
        "shoptalk": run_all(shoptalk(index, ranking), queries),
        "bm25 baseline": run_all(baseline(products), queries),
    }
    kinds = sorted({q["kind"] for q in queries})
    rows: dict[str, dict[str, Figures]] = {}
    for kind in [*kinds, "all"]:
        chosen = [q for q in queries if kind in ("all", q["kind"])]
        rows[kind] = {name: figures(chosen, run, catalog) for name, run in runs.items()}
    return rows


# --- running it -------------------------------------------------------------------------------


def demo_store(folder: Path) -> Store:
    """The demo store in a SQLite file under `folder`, imported on first use."""
    store = Store.open(f"sqlite:///{folder / 'demo.db'}")
    if not store.has_data():
        import_snapshot(store, Snapshot.model_validate(demo_snapshot()))
    return store


def realistic_products() -> list[Product]:
    products: list[Product] = json.loads((REALISTIC / "catalog.json").read_text())["products"]
    return products


def realistic_store(folder: Path) -> Store:
    """The realistic catalog in a SQLite file under `folder`, imported on first use."""
    store = Store.open(f"sqlite:///{folder / 'realistic.db'}")
    if not store.has_data():
        import_snapshot(store, parse_snapshot((REALISTIC / "catalog.json").read_bytes()))
    return store


def realistic_queries(split: str) -> list[dict[str, Any]]:
    """One half of the realistic queries, shaped like the demo's labelled queries."""
    labels: dict[str, dict[str, int]] = {}
    for row in read_jsonl(REALISTIC / f"judgments.{split}.jsonl"):
        labels.setdefault(row["query_id"], {})[row["product_id"]] = row["grade"]
    return [
        {**q, "labels": labels.get(q["id"], {}), "constraints": {}}
        for q in read_jsonl(REALISTIC / f"queries.{split}.jsonl")
    ]


def report(title: str, rows: dict[str, dict[str, Figures]]) -> Table:
    table = Table(title=title)
    for column in ("kind", "queries", "system", "nDCG@10", "recall@50", "MRR", "violations"):
        table.add_column(column, justify="left" if column in ("kind", "system") else "right")
    for kind, systems in rows.items():
        for name, f in systems.items():
            table.add_row(
                kind,
                str(f.queries),
                name,
                f"{f.ndcg:.3f}",
                f"{f.recall:.3f}",
                f"{f.mrr:.3f}",
                str(f.violations),
            )
    return table


def measure(
    title: str,
    catalog: str,
    open_store: Callable[[Path], Store],
    products: list[Product],
    queries: list[dict[str, Any]],
    folder: Path,
) -> dict[str, dict[str, Figures]]:
    """Index one catalog (kept in `folder` between runs, one index per catalog whatever the
    queries) and evaluate both systems on it."""
    store = open_store(folder)
    with progress_bar() as progress:
        index = SearchIndex.open(store, folder=folder / f"search-{catalog}", progress=progress)
    started = time.perf_counter()
    rows = evaluate(index, queries, products)
    elapsed = time.perf_counter() - started
    store.close()
    margin = 100 * (rows["all"]["shoptalk"].ndcg - rows["all"]["bm25 baseline"].ndcg)
    console.print(
        f"{title}: {len(queries)} queries in {elapsed:.1f} s (both systems); "
        f"nDCG@10 margin over the baseline: {margin:+.1f} points"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description="Search relevance: ShopTalk vs plain BM25.")
    parser.add_argument("--quick", action="store_true", help="every third query (CI)")
    parser.add_argument("--write-labels", action="store_true", help="relabel from judgments")
    parser.add_argument("--catalog", choices=("demo", "realistic", "all"), default="all")
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both",
                        help="which half of the realistic queries")  # fmt: skip
    parser.add_argument("--workdir", type=Path, help="keep the stores and their indexes here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.write_labels:
        labelled = label(read_jsonl(JUDGMENTS), demo_snapshot()["products"])
        LABELS.write_text("".join(json.dumps(q) + "\n" for q in labelled))
        console.print(f"wrote {len(labelled)} labelled queries to {LABELS}")
        return
    step = 3 if args.quick else 1
    results: dict[str, dict[str, dict[str, Figures]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if args.catalog in ("demo", "all"):
            queries = read_jsonl(LABELS)[::step]
            products = demo_snapshot()["products"]
            results["demo"] = measure("demo", "demo", demo_store, products, queries, folder)
        if args.catalog in ("realistic", "all"):
            for split in SPLITS if args.split == "both" else (args.split,):
                queries = realistic_queries(split)[::step]
                name = f"realistic {split}"
                products = realistic_products()
                results[name] = measure(
                    name, "realistic", realistic_store, products, queries, folder
                )
    dumped = {
        catalog: {k: {n: f.__dict__ for n, f in s.items()} for k, s in rows.items()}
        for catalog, rows in results.items()
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(dumped, indent=1) + "\n")
    if args.json:
        sys.stdout.write(json.dumps(dumped) + "\n")
        return
    for catalog, rows in results.items():
        Console(width=120).print(report(f"Search relevance: {catalog}", rows))


if __name__ == "__main__":
    main()
