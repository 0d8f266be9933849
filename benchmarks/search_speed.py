"""Search speed and size on generated catalogs.

    python benchmarks/search_speed.py            # 1,000 / 10,000 / 100,000 products
    python benchmarks/search_speed.py --quick    # 500 products, fewer queries (CI)
    python benchmarks/search_speed.py --catalog realistic --sizes 100000   # distinct titles

Two catalogs: `demo` (the demo generator, 5 variants per product: its titles repeat, about
3,000 distinct texts whatever the size) and `realistic` (the realistic catalog's generator,
benchmarks/data/realistic_catalog, at the size asked: every title distinct, with brands,
model numbers and measures; queried with its 500 shopper queries).

The build is timed until the index answers ("build s": words, filters, and vectors when the
default `search_vectors=auto` encodes them before use), then the encoding of the texts still
waiting for vectors ("vectors s", what a serving process does in the background); queries run
once every vector is in.

For each size: the index build (wall time, peak memory, size on disk) in a child process of
its own, then in fresh processes the load time, query latency on one core (lexical +
semantic + filters, distinct queries so no cache helps), peak memory while serving,
queries per second with 1 and 2 worker processes, and the time to take in a change to one
product. Stores are generated with `generate_snapshot(seed=1, ...)` and kept in
`var/bench/` between runs; each run builds its index afresh.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from rich.console import Console
from rich.table import Table
from sqlalchemy import select, update

from shoptalk.commerce import Snapshot, Store, import_snapshot
from shoptalk.commerce.catalog import mark_changed
from shoptalk.commerce.demo import PRODUCT_TYPES, generate_snapshot
from shoptalk.commerce.tables import VariantRow

FULL = {"sizes": [1_000, 10_000, 100_000], "queries": 400}
QUICK = {"sizes": [500], "queries": 30}
BENCH_DIR = Path("var/bench")
REALISTIC = Path(__file__).resolve().parent / "data" / "realistic_catalog"
REALISTIC_SEED = "speed-1"
console = Console(width=140, stderr=True)


def store_for(catalog: str, products: int) -> Path:
    """A SQLite store of `products` products of `catalog`, imported once and kept."""
    path = BENCH_DIR / f"search-{catalog}-{products}.db"
    store = Store.open(f"sqlite:///{path.resolve()}")
    if not store.has_data():
        with console.status(f"Generating and importing {products:,} {catalog} products"):
            snapshot = (
                realistic_snapshot(products)
                if catalog == "realistic"
                else generate_snapshot(
                    seed=1, products=products, users=10, orders=0, variants_per_product=5.0
                )
            )
            import_snapshot(store, Snapshot.model_validate(snapshot))
    store.close()
    return path


def _realistic_modules() -> None:
    if str(REALISTIC) not in sys.path:
        sys.path.insert(0, str(REALISTIC))


def realistic_snapshot(products: int) -> dict[str, Any]:
    """`products` products drawn by the realistic catalog's generator (distinct titles)."""
    _realistic_modules()
    from catalog import CatalogBuilder
    from outputs import _snapshot
    from vocab import load

    drawn = CatalogBuilder(load(), random.Random(f"{REALISTIC_SEED}:catalog")).build(products)
    return dict(json.loads(_snapshot(drawn)))


def realistic_queries(count: int, seed: int) -> list[str]:
    """The realistic catalog's shopper queries (both halves), shuffled by `seed`."""
    texts = [
        json.loads(line)["query"]
        for split in ("dev", "test")
        for line in (REALISTIC / f"queries.{split}.jsonl").read_text().splitlines()
    ]
    random.Random(seed).shuffle(texts)
    return texts[:count]


def spoken_queries(count: int, seed: int) -> list[str]:
    """Distinct shopper-style queries over the generator's vocabulary: types, colors, sizes,
    brands, prices, sort words, misspellings and vague needs."""
    rng = random.Random(seed)
    vague = [
        "something to keep coffee hot", "a gift for a toddler", "stay dry when it rains",
        "my back hurts at my desk", "music at the beach", "help me sleep", "work out at home",
    ]  # fmt: skip
    found: dict[str, None] = {}
    while len(found) < count:
        kind = rng.choice(PRODUCT_TYPES)
        noun = kind.type if rng.random() < 0.6 else rng.choice(kind.nouns).lower()
        value = rng.choice(rng.choice(kind.dims).values).value if kind.dims else ""
        price = rng.choice([20, 50, 80, 100, 150, 300, 500])
        shapes = [
            f"{value} {noun}",
            f"{noun} under {price} dollars",
            f"{rng.choice(kind.brands)} {noun}",
            f"cheapest {noun}",
            f"do you have {noun} in {value}",
            _misspelt(rng, noun),
            f"{rng.choice(vague)} {rng.randrange(1000)}",
        ]
        found[" ".join(rng.choice(shapes).split())] = None
    return list(found)


def _misspelt(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    return text[:i] + text[i + 1 :]


# --- child processes ---------------------------------------------------------------------------


def child(command: list[str]) -> tuple[dict[str, Any], float]:
    """Run this script as a child; its JSON answer and its peak resident memory (MiB)."""
    process = subprocess.Popen(
        [sys.executable, __file__, *command], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    return json.loads(output), usage.ru_maxrss / 1024


def open_index(db: Path, folder: Path) -> Any:
    from shoptalk.search import SearchIndex

    return SearchIndex.open(Store.open(f"sqlite:///{db.resolve()}"), folder=folder)


def build_child(db: Path, folder: Path) -> dict[str, Any]:
    started = time.perf_counter()
    index = open_index(db, folder)
    usable = time.perf_counter() - started
    index.build_vectors()
    return {
        "build_s": usable,
        "vectors_s": time.perf_counter() - started - usable,
        "products": len(index.parts.products),
        "variants": len(index.parts.variants.ids),
        "texts": len(index.parts.vectors.matrix),
        "disk_mib": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20,
    }


def query_child(db: Path, folder: Path, catalog: str, count: int, seed: int) -> dict[str, Any]:
    """Load, then run distinct queries one at a time on one thread; the first worker then
    takes in a change to one product."""
    import torch

    from shoptalk.search import search

    torch.set_num_threads(1)
    started = time.perf_counter()
    index = open_index(db, folder)
    loaded = time.perf_counter() - started
    index.check_interval_s = float("inf")
    queries = (realistic_queries if catalog == "realistic" else spoken_queries)(count, seed)
    search(index, "warm up")
    if seed:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        sys.stdin.readline()
    latencies = []
    began = time.perf_counter()
    for query in queries:
        start = time.perf_counter()
        search(index, query)
        latencies.append(time.perf_counter() - start)
    elapsed = time.perf_counter() - began
    served = {"load_s": loaded, "latencies": latencies, "elapsed_s": elapsed, "began": began}
    return {**served, **(update_one(index) if seed == 0 else {})}


def update_one(index: Any) -> dict[str, Any]:
    """Take one unit of stock off one variant (as a checkout does; a cent off its price
    where the catalog tracks no stock, as a sync does), then refresh."""
    store = index.store
    with store.transaction(write=True) as session:
        row = session.scalars(select(VariantRow).order_by(VariantRow.stock.desc()).limit(1)).one()
        change = (
            {"stock": row.stock - 1}
            if row.stock is not None and row.stock > 1
            else {"price_cents": row.price_cents - 1}
        )
        session.execute(update(VariantRow).where(VariantRow.id == row.id).values(**change))
        mark_changed(session, {row.product_id})
    started = time.perf_counter()
    refreshed = index.refresh()
    return {"update_ms": 1000 * (time.perf_counter() - started), "rebuilt": refreshed.rebuilt}


# --- figures -----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def throughput(db: Path, folder: Path, catalog: str, workers: int, count: int) -> float:
    """Queries per second over `workers` processes querying at once: each loads its index,
    says it is ready, and all start together."""
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                "query",
                str(db),
                str(folder),
                catalog,
                str(count),
                str(w + 1),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    for process in processes:
        assert process.stdout is not None
        process.stdout.readline()
    answers = [json.loads(p.communicate("go\n")[0]) for p in processes]
    if any(p.returncode for p in processes):
        raise SystemExit("a query worker failed")
    spans = [(a["began"], a["began"] + a["elapsed_s"]) for a in answers]
    return workers * count / (max(e for _, e in spans) - min(b for b, _ in spans))


def measure(catalog: str, products: int, queries: int) -> dict[str, Any]:
    db = store_for(catalog, products)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as scratch:
        folder = Path(scratch) / "search"
        built, build_peak = child(["--child", "build", str(db), str(folder)])
        two = throughput(db, folder, catalog, 2, queries)
        asked = ["--child", "query", str(db), str(folder), catalog, str(queries), "0"]
        served, serve_peak = child(asked)
    latencies = served["latencies"]
    return {
        **built,
        "build_peak_mib": build_peak,
        "load_s": served["load_s"],
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "mean_ms": 1000 * statistics.fmean(latencies),
        "serve_peak_mib": serve_peak,
        "qps_1": len(latencies) / served["elapsed_s"],
        "qps_2": two,
        "update_ms": served["update_ms"],
        "update_rebuilt": served["rebuilt"],
    }


COLUMNS = {
    "products": "{:,}", "variants": "{:,}", "texts": "{:,}", "build_s": "{:.1f}",
    "vectors_s": "{:.1f}",
    "build_peak_mib": "{:.0f}", "disk_mib": "{:.1f}", "load_s": "{:.2f}", "p50_ms": "{:.1f}",
    "p99_ms": "{:.1f}", "serve_peak_mib": "{:.0f}", "qps_1": "{:.0f}", "qps_2": "{:.0f}",
    "update_ms": "{:.0f}",
}  # fmt: skip
HEADERS = [
    "products", "variants", "texts encoded", "build s", "vectors s", "build peak MiB", "index MiB",
    "load s", "p50 ms", "p99 ms", "serving peak MiB", "q/s 1 worker", "q/s 2 workers",
    "update one ms",
]  # fmt: skip


def report(rows: list[dict[str, Any]], catalog: str) -> Table:
    title = (
        f"Search speed and size ({catalog} catalogs; one core per query, {os.cpu_count()} cores)"
    )
    table = Table(title=title)
    for header in HEADERS:
        table.add_column(header, justify="right")
    for row in rows:
        table.add_row(*(fmt.format(row[key]) for key, fmt in COLUMNS.items()))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description="Search speed and size.")
    parser.add_argument("--quick", action="store_true", help="small catalogs, for CI")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--catalog", choices=("demo", "realistic"), default="demo")
    parser.add_argument("--sizes", type=int, nargs="+", help="catalog sizes (products)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON to this file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(run_child(args.child)))
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    plan = QUICK if args.quick else FULL
    rows = []
    for products in args.sizes or plan["sizes"]:
        with console.status(f"Measuring {products:,} {args.catalog} products"):
            rows.append(measure(args.catalog, products, plan["queries"]))
    if args.out:
        args.out.write_text(json.dumps({"catalog": args.catalog, "rows": rows}, indent=1))
    if args.json:
        sys.stdout.write(json.dumps(rows) + "\n")
    else:
        Console(width=170).print(report(rows, args.catalog))


def run_child(arguments: list[str]) -> dict[str, Any]:
    kind, db, folder, *rest = arguments
    if kind == "build":
        return build_child(Path(db), Path(folder))
    return query_child(Path(db), Path(folder), rest[0], int(rest[1]), int(rest[2]))


if __name__ == "__main__":
    main()
